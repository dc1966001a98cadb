// NetworkPolicy: which pods may talk to the selected pods (ingress) and where they may connect (egress).
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import type { Protocol } from './container';
import { Workload } from './pod-template';
import { Resource } from './resource';
import type { Labels, NamespacedResourceProps } from './resource';

/** The other end of an allowed connection. */
export class NetworkPeer {
  /** The pods of a workload (in its namespace). */
  static workload(workload: Workload): NetworkPeer {
    return new NetworkPeer((namespace) => ({
      podSelector: { matchLabels: workload.selectorLabels },
      namespaceSelector: workload.namespace !== namespace && workload.namespace !== undefined ? { matchLabels: { 'kubernetes.io/metadata.name': workload.namespace } } : undefined,
    }));
  }

  /** Pods with these labels in the policy's namespace. */
  static pods(labels: Labels): NetworkPeer {
    return new NetworkPeer(() => ({ podSelector: { matchLabels: labels } }));
  }

  /** Every pod of a namespace. */
  static namespace(name: string): NetworkPeer {
    return new NetworkPeer(() => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } }));
  }

  /** Every pod of every namespace. */
  static allNamespaces(): NetworkPeer {
    return new NetworkPeer(() => ({ namespaceSelector: {} }));
  }

  /** An IP range, e.g. `10.0.0.0/8`, minus some ranges. */
  static ipBlock(cidr: string, except?: readonly string[]): NetworkPeer {
    return new NetworkPeer(() => ({ ipBlock: { cidr, except } }));
  }

  private constructor(private readonly render: (namespace: string | undefined) => k8s.NetworkPolicyPeer) {}

  toPeer(policyNamespace: string | undefined): k8s.NetworkPolicyPeer {
    return this.render(policyNamespace);
  }
}

export interface NetworkPort {
  /** Port number or named container port. */
  readonly port: number | string;
  /** Protocol. @default 'TCP' */
  readonly protocol?: Protocol;
}

export interface NetworkPolicyRule {
  /** Peers; an empty list means everyone. */
  readonly peers: readonly (NetworkPeer | Workload)[];
  /** Ports; an empty list means every port. @default every port */
  readonly ports?: readonly NetworkPort[];
}

export interface NetworkPolicyProps extends NamespacedResourceProps {
  /** Pods the policy applies to. @default every pod of the namespace */
  readonly selector?: Workload | Labels;
  /** Allowed incoming connections; the selected pods refuse everything else. @default none (deny all ingress) */
  readonly ingress?: readonly NetworkPolicyRule[];
  /** Allowed outgoing connections; once set (even empty with `isolateEgress`), everything else is refused. @default none (egress not restricted) */
  readonly egress?: readonly NetworkPolicyRule[];
  /** Restrict egress even with no egress rules (deny all egress). @default false */
  readonly isolateEgress?: boolean;
}

export class NetworkPolicy extends Resource<k8s.NetworkPolicy> {
  private readonly config: NetworkPolicyProps;
  private readonly ingressRules: NetworkPolicyRule[];
  private readonly egressRules: NetworkPolicyRule[];

  constructor(scope: Construct, id: string, props: NetworkPolicyProps = {}) {
    super(scope, id, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', clusterScoped: false, nameRule: 'dns-subdomain' }, props, ['spec']);
    this.config = props;
    this.ingressRules = [...(props.ingress ?? [])];
    this.egressRules = [...(props.egress ?? [])];
  }

  /** Allows connections from `peer` to the selected pods, on the given ports (all when none). */
  allowFrom(peer: NetworkPeer | Workload, ...ports: NetworkPort[]): this {
    this.ingressRules.push({ peers: [peer], ports });
    return this;
  }

  /** Allows connections from the selected pods to `peer`, on the given ports (all when none). */
  allowTo(peer: NetworkPeer | Workload, ...ports: NetworkPort[]): this {
    this.egressRules.push({ peers: [peer], ports });
    return this;
  }

  protected renderBody(): Record<string, unknown> {
    const selector = this.config.selector;
    const podSelector: k8s.LabelSelector =
      selector === undefined ? {} : { matchLabels: selector instanceof Workload ? selector.selectorLabels : selector };
    const isolatesEgress = this.egressRules.length > 0 || this.config.isolateEgress === true;
    const renderRule = (rule: NetworkPolicyRule) => ({
      peers: rule.peers.length > 0 ? rule.peers.map((peer) => toPeer(peer).toPeer(this.namespace)) : undefined,
      ports: rule.ports && rule.ports.length > 0 ? rule.ports.map((port) => ({ port: port.port, protocol: port.protocol ?? 'TCP' })) : undefined,
    });
    const spec: k8s.NetworkPolicySpec = {
      podSelector,
      policyTypes: isolatesEgress ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress: this.ingressRules.length > 0 ? this.ingressRules.map(renderRule).map(({ peers, ports }) => ({ from: peers, ports })) : undefined,
      egress: this.egressRules.length > 0 ? this.egressRules.map(renderRule).map(({ peers, ports }) => ({ to: peers, ports })) : undefined,
    };
    return { spec };
  }
}

function toPeer(peer: NetworkPeer | Workload): NetworkPeer {
  return peer instanceof NetworkPeer ? peer : NetworkPeer.workload(peer);
}
