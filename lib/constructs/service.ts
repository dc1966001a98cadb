// Service: ClusterIP, NodePort, LoadBalancer, headless and ExternalName; ports inferred from and checked against a workload.
import type { Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import type { Protocol } from './container';
import { labelProblems, portNameProblem, portNumberProblem } from './names';
import { Workload } from './pod-template';
import { Resource } from './resource';
import type { Identity, Labels, NamespacedResourceProps, Problem } from './resource';
import { wholeSeconds } from './values';

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServicePort {
  /** Port the Service listens on. */
  readonly port: number;
  /** Name; required when the Service has more than one port. @default none */
  readonly name?: string;
  /** Container port, by number or name (names are checked against the selected workload). @default the same as `port` */
  readonly targetPort?: number | string;
  /** Port on every node (NodePort and LoadBalancer). @default none (allocated by the cluster) */
  readonly nodePort?: number;
  /** Protocol. @default 'TCP' */
  readonly protocol?: Protocol;
  /** Application protocol, e.g. `http` or `kubernetes.io/h2c`. @default none */
  readonly appProtocol?: string;
}

export interface ServiceProps extends NamespacedResourceProps {
  /** Type of the Service. @default 'ClusterIP' */
  readonly type?: ServiceType;
  /** No cluster IP: DNS returns the pod addresses (StatefulSets, client-side balancing). @default false */
  readonly headless?: boolean;
  /** DNS name an ExternalName Service points to. @default none */
  readonly externalName?: string;
  /** Ports. @default the named and numbered ports of the selected workload's containers */
  readonly ports?: readonly ServicePort[];
  /** Pods to route to: a workload, or labels. @default none */
  readonly selector?: Workload | Labels;
  /** Stick clients to a pod by IP. @default none ('None') */
  readonly sessionAffinity?: 'None' | 'ClientIP';
  /** How long ClientIP affinity lasts. @default none (3 hours) */
  readonly sessionAffinityTimeout?: Duration;
  /** Route external traffic only to local pods, keeping client IPs. @default none ('Cluster') */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /** Route in-cluster traffic only to pods on the same node. @default none ('Cluster') */
  readonly internalTrafficPolicy?: 'Cluster' | 'Local';
  /** External IPs that route to the Service. @default none */
  readonly externalIPs?: readonly string[];
  /** Single or dual stack. @default none (SingleStack) */
  readonly ipFamilyPolicy?: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
  /** Load balancer implementation. @default none (the cluster's default) */
  readonly loadBalancerClass?: string;
  /** Publish pods before they are ready (peer discovery of StatefulSets). @default none (false) */
  readonly publishNotReadyAddresses?: boolean;
}

export class Service extends Resource<k8s.Service> {
  private readonly config: ServiceProps;
  private readonly portList: ServicePort[];
  private selected?: Workload | Labels;

  constructor(scope: Construct, id: string, props: ServiceProps = {}) {
    super(scope, id, { apiVersion: 'v1', kind: 'Service', clusterScoped: false, nameRule: 'dns-1035-label' }, props, ['spec']);
    this.config = props;
    this.portList = [...(props.ports ?? [])];
    this.selected = props.selector;
  }

  /** Type of the Service. */
  get type(): ServiceType {
    return this.config.type ?? 'ClusterIP';
  }

  /** The workload this Service routes to, if it was given one. */
  get workload(): Workload | undefined {
    return isWorkload(this.selected) ? this.selected : undefined;
  }

  /** The ports, inferred from the selected workload when none were given. */
  get ports(): readonly ServicePort[] {
    if (this.portList.length > 0 || !this.workload) return this.portList;
    return this.workload.runningContainers.flatMap((container) =>
      container.ports.map((port) => ({ port: port.number, name: port.name, targetPort: port.name ?? port.number, protocol: port.protocol })),
    );
  }

  addPort(port: ServicePort): this {
    this.portList.push(port);
    return this;
  }

  /** Routes to the pods of a workload, or to pods with these labels. */
  select(selector: Workload | Labels): this {
    this.selected = selector;
    return this;
  }

  protected override identity(): Identity {
    const workload = this.workload;
    return workload ? { name: workload.app, instance: workload.name, component: workload.component } : super.identity();
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    const fix = (field: string, message: string, howToFix: string) => problems.push({ field, message, fix: howToFix });
    const ports = this.ports;
    const workload = this.workload;
    if (this.type === 'ExternalName') {
      if (!this.config.externalName) fix('spec.externalName', 'an ExternalName Service needs the DNS name it points to', 'set `externalName`');
      if (this.selected) fix('spec.selector', 'an ExternalName Service does not select pods', 'remove the selector');
    } else if (ports.length === 0 && !this.config.headless) {
      fix('spec.ports', workload ? `no container of ${workload.kind} "${workload.name}" declares a port` : 'the Service has no ports', 'declare container ports or pass `ports`');
    }
    if (this.config.headless && this.type !== 'ClusterIP') fix('spec.clusterIP', `a headless Service must be of type ClusterIP, not ${this.type}`, 'drop `type` or `headless`');
    if (this.config.externalTrafficPolicy && this.type !== 'NodePort' && this.type !== 'LoadBalancer') {
      fix('spec.externalTrafficPolicy', `externalTrafficPolicy applies only to NodePort and LoadBalancer Services, not ${this.type}`, 'drop it or change the type');
    }
    if (!isWorkload(this.selected)) for (const issue of labelProblems(this.selected)) fix('spec.selector', issue, 'fix the selector');

    const names = new Set<string>();
    const numbers = new Set<string>();
    ports.forEach((port, index) => {
      const field = `spec.ports[${index}]`;
      const numberIssue = portNumberProblem(port.port);
      if (numberIssue) fix(`${field}.port`, numberIssue, 'use a port between 1 and 65535');
      if (port.nodePort !== undefined) {
        if (this.type !== 'NodePort' && this.type !== 'LoadBalancer') fix(`${field}.nodePort`, `a ${this.type} Service has no node ports`, 'use type NodePort or LoadBalancer');
        const nodePortIssue = portNumberProblem(port.nodePort);
        if (nodePortIssue) fix(`${field}.nodePort`, nodePortIssue, 'use a port in the node port range (30000-32767 by default)');
      }
      if (port.name === undefined) {
        if (ports.length > 1) fix(`${field}.name`, `port ${port.port} has no name, which a Service with several ports requires`, 'name every port (name the container ports to have them inferred)');
      } else {
        const nameIssue = portNameProblem(port.name);
        if (nameIssue) fix(`${field}.name`, nameIssue, 'rename the port');
        if (names.has(port.name)) fix(`${field}.name`, `port name "${port.name}" is used twice`, 'give each port its own name');
        names.add(port.name);
      }
      const key = `${port.port}/${port.protocol ?? 'TCP'}`;
      if (numbers.has(key)) fix(`${field}.port`, `port ${key} is declared twice`, 'declare each port once');
      numbers.add(key);
      const target = port.targetPort;
      if (typeof target === 'number' && portNumberProblem(target)) fix(`${field}.targetPort`, portNumberProblem(target)!, 'use a port between 1 and 65535');
      if (typeof target === 'string' && workload && !workload.runningContainers.some((container) => container.declaresPort(target))) {
        fix(
          `${field}.targetPort`,
          `targetPort "${target}" is not declared by any container of ${workload.kind} "${workload.name}"`,
          `name a container port "${target}" or use a port number`,
        );
      }
    });
    return problems;
  }

  protected renderBody(): Record<string, unknown> {
    const props = this.config;
    const selected = this.selected;
    const selector = selected === undefined ? undefined : isWorkload(selected) ? selected.selectorLabels : selected;
    const ports = this.ports;
    const spec: k8s.ServiceSpec = {
      type: this.type,
      clusterIP: props.headless ? 'None' : undefined,
      externalName: props.externalName,
      selector: this.type === 'ExternalName' ? undefined : selector,
      ports:
        ports.length > 0
          ? ports.map((port) => ({
              name: port.name,
              port: port.port,
              targetPort: port.targetPort ?? port.port,
              nodePort: port.nodePort,
              protocol: port.protocol ?? 'TCP',
              appProtocol: port.appProtocol,
            }))
          : undefined,
      sessionAffinity: props.sessionAffinity,
      sessionAffinityConfig: props.sessionAffinityTimeout && { clientIP: { timeoutSeconds: wholeSeconds(props.sessionAffinityTimeout) } },
      externalTrafficPolicy: props.externalTrafficPolicy,
      internalTrafficPolicy: props.internalTrafficPolicy,
      externalIPs: props.externalIPs,
      ipFamilyPolicy: props.ipFamilyPolicy,
      loadBalancerClass: props.loadBalancerClass,
      publishNotReadyAddresses: props.publishNotReadyAddresses,
    };
    return { spec };
  }
}

function isWorkload(selector: Workload | Labels | undefined): selector is Workload {
  return selector instanceof Workload;
}
