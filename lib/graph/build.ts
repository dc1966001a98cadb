// Builds the graph of a run with the rule engine's own index and reference resolution, and marks a link broken
// only where a rule reported it: the graph and `kubeforge validate` cannot disagree about what is missing.

import { compareCodeUnits } from '../synth/kinds';
import type { Finding } from '../validate/result';
import { formatPath } from '../validate/result';
import { RuleContext } from '../validate/rules/context';
import { scaleTargetRef, scaleTargets } from '../validate/rules/hpa';
import { backendService, ingressBackends } from '../validate/rules/ingress';
import { asArray, asNumber, asRecord, asString, dig, groupOf as apiGroupOf, KubeObject, PathSegments } from '../validate/rules/object';
import { pdbSelection } from '../validate/rules/pdb';
import { podReferences } from '../validate/rules/references';
import { describeSelector, isEmptySelector, LabelSelector, parseLabelSelector } from '../validate/rules/selector';
import { serviceSelection } from '../validate/rules/service';
import type { Workload } from '../validate/rules/workload';
import type { EdgeKind, EdgeState, Graph, GraphEdge, GraphFinding, GraphNode, NodeState } from './model';

export interface GraphSubject {
  /** The object as read; undefined when the reader could not keep it (it is drawn, without links). */
  readonly object: Record<string, unknown> | undefined;
  /** Identity from the reader, for objects that were not kept. */
  readonly identity?: { readonly apiVersion?: string; readonly kind?: string; readonly name?: string; readonly namespace?: string };
  readonly file?: string;
  readonly line?: number;
  /** Overrides the `app.kubernetes.io/part-of` label (synth knows the app folder). */
  readonly app?: string;
  /** Every finding validate reported on the object, schema and rules alike. */
  readonly findings: readonly Finding[];
}

/** Above this many workload pairs one allow rule links sources to the policy instead of to every selected workload. */
const MAX_ALLOW_PAIRS = 200;

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const REFERENCE_RULES: Readonly<Record<string, string>> = {
  ConfigMap: 'configmap-ref-missing',
  Secret: 'secret-ref-missing',
  PersistentVolumeClaim: 'pvc-ref-missing',
  ServiceAccount: 'service-account-missing',
};

export function objectNodeId(kind: string, group: string, namespace: string, name: string): string {
  return `${kind}${group === '' ? '' : `.${group}`}/${namespace}/${name}`;
}

function summaryOf(object: KubeObject, workload: Workload | undefined): string[] {
  const lines: string[] = [];
  const spec = asRecord(object.raw.spec);
  if (workload !== undefined) {
    if (workload.replicas !== undefined && object.kind !== 'Pod') lines.push(`replicas: ${workload.replicas}`);
    for (const entry of workload.containers) {
      const image = asString(entry.container.image);
      lines.push(`${entry.type === 'container' ? 'container' : entry.type} ${entry.name || '(unnamed)'}: ${image ?? '(no image)'}`);
    }
    const schedule = asString(spec?.schedule);
    if (schedule !== undefined) lines.push(`schedule: ${schedule}`);
  }
  switch (object.kind) {
    case 'Service': {
      const ports = asArray(spec?.ports).map((item) => {
        const port = asRecord(item);
        const target = port?.targetPort;
        return `${asNumber(port?.port) ?? '?'}${typeof target === 'string' || typeof target === 'number' ? `->${target}` : ''}`;
      });
      lines.push(`type: ${asString(spec?.type) ?? 'ClusterIP'}${spec?.clusterIP === 'None' ? ' (headless)' : ''}`);
      if (ports.length > 0) lines.push(`ports: ${ports.join(', ')}`);
      break;
    }
    case 'Ingress': {
      const hosts = asArray(spec?.rules).map((rule) => asString(asRecord(rule)?.host)).filter((host): host is string => host !== undefined);
      if (hosts.length > 0) lines.push(`hosts: ${hosts.join(', ')}`);
      break;
    }
    case 'HorizontalPodAutoscaler':
      lines.push(`replicas: ${asNumber(spec?.minReplicas) ?? 1} to ${asNumber(spec?.maxReplicas) ?? '?'}`);
      break;
    case 'ConfigMap':
    case 'Secret': {
      // Keys only: values of a Secret must never reach a page that is shared.
      const keys = [...Object.keys(asRecord(object.raw.data) ?? {}), ...Object.keys(asRecord(object.raw.stringData) ?? {})];
      if (keys.length > 0) lines.push(`keys: ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', ...' : ''}`);
      break;
    }
    case 'PersistentVolumeClaim': {
      const storage = dig(spec, 'resources', 'requests', 'storage');
      if (typeof storage === 'string' || typeof storage === 'number') lines.push(`storage: ${storage}`);
      break;
    }
  }
  return lines;
}

/** What a link points at when it resolves to nothing. */
interface Unresolved {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Shown instead of kind and name (a selector, a peer). */
  readonly label?: string;
}

class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();
  /** Per subject index: `rule\0path` to the finding. */
  private readonly findingIndex: Map<string, Finding>[];
  private readonly ids: (string | undefined)[];

  constructor(
    private readonly subjects: readonly GraphSubject[],
    private readonly context: RuleContext,
  ) {
    this.findingIndex = subjects.map((subject) => {
      const index = new Map<string, Finding>();
      for (const finding of subject.findings) {
        const key = `${finding.rule}\u0000${finding.path}`;
        if (!index.has(key)) index.set(key, finding);
      }
      return index;
    });
    this.ids = new Array<string | undefined>(subjects.length).fill(undefined);
  }

  build(): Graph {
    this.addNodes();
    for (const object of this.context.objects) {
      if (this.ids[object.index] === undefined) continue;
      this.addEdgesOf(object);
    }
    this.addOwnerEdges();
    const nodes = [...this.nodes.values()].sort(
      (a, b) => compareCodeUnits(a.namespace, b.namespace) || compareCodeUnits(a.app ?? '', b.app ?? '') || compareCodeUnits(a.id, b.id),
    );
    const edges = [...this.edges.values()].sort(
      (a, b) => compareCodeUnits(a.from, b.from) || compareCodeUnits(a.to, b.to) || compareCodeUnits(a.kind, b.kind) || compareCodeUnits(a.label ?? '', b.label ?? ''),
    );
    return { nodes, edges };
  }

  private addNodes(): void {
    const objects = new Map(this.context.objects.map((object) => [object.index, object]));
    this.subjects.forEach((subject, index) => {
      const object = objects.get(index);
      const kind = object?.kind || subject.identity?.kind || '';
      const name = object?.name || subject.identity?.name || '';
      if (kind === '' || name === '') return;
      const apiVersion = object?.apiVersion || subject.identity?.apiVersion || '';
      const namespace = object !== undefined ? object.namespace : (subject.identity?.namespace ?? '');
      const id = objectNodeId(kind, apiGroupOf(apiVersion), namespace, name);
      // A duplicate definition is one node; `duplicate-object` is among its findings.
      const findings: GraphFinding[] = subject.findings.map(({ rule, severity, message, path }) => ({ rule, severity, message, path }));
      const existing = this.nodes.get(id);
      this.ids[index] = id;
      if (existing !== undefined) {
        for (const finding of findings) (existing.findings as GraphFinding[]).push(finding);
        return;
      }
      const partOf = asString(dig(object?.raw ?? subject.object, 'metadata', 'labels', 'app.kubernetes.io/part-of'));
      this.nodes.set(id, {
        id,
        kind,
        apiVersion: apiVersion || undefined,
        name,
        namespace,
        app: subject.app ?? partOf,
        state: 'present',
        file: subject.file,
        line: subject.line,
        summary: object === undefined ? [] : summaryOf(object, this.context.workload(object)),
        findings,
      });
    });
  }

  private nodeIdOf(object: KubeObject): string | undefined {
    return this.ids[object.index];
  }

  private finding(source: KubeObject, rules: readonly string[], paths: readonly PathSegments[]): Finding | undefined {
    const index = this.findingIndex[source.index];
    if (index === undefined || index.size === 0) return undefined;
    for (const path of paths) {
      const formatted = formatPath(path);
      for (const rule of rules) {
        const found = index.get(`${rule}\u0000${formatted}`);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }

  private firstOfRule(source: KubeObject, rule: string): Finding | undefined {
    return this.subjects[source.index]?.findings.find((finding) => finding.rule === rule);
  }

  private placeholder(state: NodeState, target: Unresolved, source: KubeObject): string {
    const id = `${state}:${target.kind}/${target.namespace}/${target.label ?? target.name}`;
    if (!this.nodes.has(id)) {
      const sourceNode = this.nodes.get(this.nodeIdOf(source) ?? '');
      this.nodes.set(id, {
        id,
        kind: target.kind,
        name: target.label ?? target.name,
        namespace: target.namespace,
        app: sourceNode?.app,
        state,
        summary: [state === 'missing' ? 'referenced, and reported missing' : 'referenced, not in the input'],
        findings: [],
      });
    }
    return id;
  }

  private addEdge(from: string, to: string, kind: EdgeKind, label: string | undefined, state: EdgeState, finding?: Finding): void {
    const key = `${from}\u0000${to}\u0000${kind}\u0000${label ?? ''}`;
    const existing = this.edges.get(key);
    // The same link made twice (a ConfigMap in a volume and in envFrom) is drawn once; a broken one wins.
    if (existing !== undefined && (existing.state !== 'ok' || finding === undefined)) return;
    this.edges.set(key, { from, to, kind, label, state, rule: finding?.rule, message: finding?.message });
  }

  /** A link from `source` to `target`, or, when it resolves to nothing, to a missing (reported) or external node. */
  private link(source: KubeObject, target: KubeObject | Unresolved, kind: EdgeKind, label: string | undefined, finding: Finding | undefined): void {
    const from = this.nodeIdOf(source);
    if (from === undefined) return;
    if ('raw' in target) {
      const to = this.nodeIdOf(target);
      if (to !== undefined) this.addEdge(from, to, kind, label, finding === undefined ? 'ok' : 'broken', finding);
      return;
    }
    const state: NodeState = finding === undefined ? 'external' : 'missing';
    this.addEdge(from, this.placeholder(state, target, source), kind, label, state, finding);
  }

  private addEdgesOf(object: KubeObject): void {
    const workload = this.context.workload(object);
    if (workload !== undefined) this.addWorkloadEdges(object, workload);
    if (!object.builtIn) return;
    switch (object.kind) {
      case 'Ingress':
        return this.addIngressEdges(object);
      case 'Service':
        // A targetPort no selected container declares breaks the Service's links to its workloads.
        return this.addSelectionEdges(object, serviceSelection(this.context, object), 'selects', 'service-selector-matches-nothing', ['spec', 'selector'], this.firstOfRule(object, 'service-target-port-missing'));
      case 'HorizontalPodAutoscaler':
        return this.addHpaEdges(object);
      case 'PodDisruptionBudget':
        return this.addSelectionEdges(object, pdbSelection(this.context, object), 'protects', 'pdb-selects-nothing', ['spec', 'selector']);
      case 'NetworkPolicy':
        return this.addNetworkPolicyEdges(object);
      case 'RoleBinding':
      case 'ClusterRoleBinding':
        if (object.group === RBAC_GROUP) this.addBindingEdges(object);
        return;
    }
  }

  private addWorkloadEdges(object: KubeObject, workload: Workload): void {
    for (const reference of podReferences(workload)) {
      const target = this.context.find(reference.kind, object.namespace, reference.name)[0];
      // The default ServiceAccount exists in every namespace; drawing it adds nothing.
      if (target === undefined && reference.kind === 'ServiceAccount' && reference.name === 'default') continue;
      const finding = this.finding(object, [REFERENCE_RULES[reference.kind]], [reference.path]);
      const kind: EdgeKind = reference.kind === 'ServiceAccount' ? 'runs-as' : reference.kind === 'PersistentVolumeClaim' ? 'mounts' : 'uses';
      const how = kind === 'uses' ? referenceHow(reference.path) : undefined;
      this.link(object, target ?? { kind: reference.kind, namespace: object.namespace, name: reference.name }, kind, how, finding);
    }
    if (object.kind === 'StatefulSet') {
      const serviceName = asString(asRecord(object.raw.spec)?.serviceName);
      if (serviceName !== undefined && serviceName !== '') {
        const service = this.context.find('Service', object.namespace, serviceName)[0];
        const finding = this.finding(object, ['statefulset-service-missing'], [['spec', 'serviceName']]);
        this.link(object, service ?? { kind: 'Service', namespace: object.namespace, name: serviceName }, 'headless', undefined, finding);
      }
    }
  }

  private addIngressEdges(object: KubeObject): void {
    for (const backend of ingressBackends(object)) {
      const service = backendService(this.context, object, backend);
      const finding = this.finding(object, ['ingress-backend-missing'], [
        [...backend.path, ...backend.nameField],
        [...backend.path, ...backend.portField],
      ]);
      const label = backend.port === undefined ? undefined : String(backend.port);
      this.link(object, service ?? { kind: 'Service', namespace: object.namespace, name: backend.serviceName }, 'routes', label, finding);
    }
    asArray(asRecord(object.raw.spec)?.tls).forEach((entry, position) => {
      const secretName = asString(asRecord(entry)?.secretName);
      if (secretName === undefined || secretName === '') return;
      const secret = this.context.find('Secret', object.namespace, secretName)[0];
      const finding = this.finding(object, ['ingress-tls-secret-missing'], [['spec', 'tls', position, 'secretName']]);
      this.link(object, secret ?? { kind: 'Secret', namespace: object.namespace, name: secretName }, 'tls', undefined, finding);
    });
  }

  private addSelectionEdges(
    object: KubeObject,
    selection: { readonly selector: LabelSelector | undefined; readonly workloads: readonly Workload[] },
    kind: EdgeKind,
    rule: string,
    path: PathSegments,
    linkFinding?: Finding,
  ): void {
    for (const workload of selection.workloads) this.link(object, workload.object, kind, undefined, linkFinding);
    if (selection.workloads.length > 0) return;
    const finding = this.finding(object, [rule], [path]);
    if (selection.selector === undefined && finding === undefined) return;
    const label = `pods ${selection.selector === undefined ? '(no selector)' : describeSelector(selection.selector) || '{}'}`;
    this.link(object, { kind: 'Pod', namespace: object.namespace, name: label, label }, kind, undefined, finding);
  }

  private addHpaEdges(object: KubeObject): void {
    const ref = scaleTargetRef(object);
    if (ref === undefined) return;
    const targets = scaleTargets(this.context, object);
    const finding = this.finding(object, ['hpa-target-missing'], [['spec', 'scaleTargetRef', 'name'], ['spec', 'scaleTargetRef', 'apiVersion']]);
    if (targets.length > 0) {
      for (const target of targets) this.link(object, target, 'scales', undefined, finding);
      return;
    }
    // A wrong API group: the object of that name exists, and the rule reports the group.
    const sameName = this.context.find(ref.kind, object.namespace, ref.name)[0];
    this.link(object, sameName ?? { kind: ref.kind, namespace: object.namespace, name: ref.name }, 'scales', undefined, finding);
  }

  private addNetworkPolicyEdges(object: KubeObject): void {
    const spec = asRecord(object.raw.spec);
    const selector = parseLabelSelector(spec?.podSelector);
    if (selector === undefined) return;
    const selected = this.context.workloadsSelectedBy(object.namespace, selector);
    this.addSelectionEdges(object, { selector: isEmptySelector(selector) && selected.length === 0 ? undefined : selector, workloads: selected }, 'isolates', 'network-policy-selects-nothing', ['spec', 'podSelector']);
    for (const [direction, peersField] of [['ingress', 'from'], ['egress', 'to']] as const) {
      for (const rule of asArray(spec?.[direction])) {
        const record = asRecord(rule);
        const label = `${direction === 'ingress' ? 'in' : 'out'}${portsOf(record?.ports)}`;
        for (const peer of asArray(record?.[peersField])) this.addPeerEdges(object, selected, asRecord(peer), direction, label);
      }
    }
  }

  private addPeerEdges(policy: KubeObject, selected: readonly Workload[], peer: Record<string, unknown> | undefined, direction: 'ingress' | 'egress', label: string): void {
    if (peer === undefined) return;
    const podSelector = parseLabelSelector(peer.podSelector);
    const policyId = this.nodeIdOf(policy);
    if (policyId === undefined) return;
    // Only peers in the policy's own namespace are resolved; namespace selectors and IP blocks are drawn as they are written.
    if (peer.namespaceSelector !== undefined || podSelector === undefined) {
      const cidr = asString(asRecord(peer.ipBlock)?.cidr);
      const namespaces = parseLabelSelector(peer.namespaceSelector);
      const text = cidr !== undefined ? `ipBlock ${cidr}` : `namespaces ${namespaces === undefined ? '?' : describeSelector(namespaces) || '(all)'}${podSelector === undefined ? '' : ` pods ${describeSelector(podSelector) || '(all)'}`}`;
      const peerId = this.placeholder('external', { kind: 'Peer', namespace: policy.namespace, name: text, label: text }, policy);
      for (const workload of selected) {
        const id = this.nodeIdOf(workload.object);
        if (id === undefined) continue;
        if (direction === 'ingress') this.addEdge(peerId, id, 'allows', label, 'external');
        else this.addEdge(id, peerId, 'allows', label, 'external');
      }
      return;
    }
    const peers = this.context.workloadsSelectedBy(policy.namespace, podSelector);
    const [sources, targets] = direction === 'ingress' ? [peers, selected] : [selected, peers];
    if (sources.length * targets.length > MAX_ALLOW_PAIRS) {
      // Too many pairs to draw: each source links to the policy, which links to what it isolates.
      for (const workload of direction === 'ingress' ? sources : targets) {
        const id = this.nodeIdOf(workload.object);
        if (id === undefined) continue;
        if (direction === 'ingress') this.addEdge(id, policyId, 'allows', label, 'ok');
        else this.addEdge(policyId, id, 'allows', label, 'ok');
      }
      return;
    }
    for (const source of sources) {
      const from = this.nodeIdOf(source.object);
      for (const target of targets) {
        const to = this.nodeIdOf(target.object);
        if (from !== undefined && to !== undefined && from !== to) this.addEdge(from, to, 'allows', label, 'ok');
      }
    }
  }

  private addBindingEdges(object: KubeObject): void {
    const roleRef = asRecord(asRecord(object.raw)?.roleRef);
    const roleKind = asString(roleRef?.kind);
    const roleName = asString(roleRef?.name);
    if (roleKind !== undefined && roleName !== undefined) {
      const namespace = roleKind === 'ClusterRole' ? '' : object.namespace;
      const role = this.context.find(roleKind, namespace, roleName).find((candidate) => candidate.group === RBAC_GROUP);
      this.link(object, role ?? { kind: roleKind, namespace, name: roleName }, 'binds', undefined, undefined);
    }
    for (const entry of asArray(asRecord(object.raw)?.subjects)) {
      const subject = asRecord(entry);
      const kind = asString(subject?.kind);
      const name = asString(subject?.name);
      if (kind === undefined || name === undefined) continue;
      if (kind === 'ServiceAccount') {
        const namespace = asString(subject?.namespace) ?? object.namespace;
        const account = this.context.find('ServiceAccount', namespace, name)[0];
        this.link(object, account ?? { kind, namespace, name }, 'grants', undefined, undefined);
      } else {
        // Users and groups are cluster-wide; drawn beside the binding that names them.
        this.link(object, { kind, namespace: object.namespace, name }, 'grants', undefined, undefined);
      }
    }
  }

  /** Owner references (a custom resource that owns its pods' workload, a CronJob's Job) to owners in the input. */
  private addOwnerEdges(): void {
    const byKindAndName = new Map<string, string[]>();
    for (const node of this.nodes.values()) {
      if (node.state !== 'present') continue;
      const key = `${node.kind}\u0000${node.namespace}\u0000${node.name}`;
      const list = byKindAndName.get(key);
      if (list === undefined) byKindAndName.set(key, [node.id]);
      else list.push(node.id);
    }
    for (const object of this.context.objects) {
      const id = this.nodeIdOf(object);
      if (id === undefined) continue;
      for (const entry of asArray(dig(object.raw, 'metadata', 'ownerReferences'))) {
        const owner = asRecord(entry);
        const kind = asString(owner?.kind);
        const name = asString(owner?.name);
        if (kind === undefined || name === undefined) continue;
        const group = apiGroupOf(asString(owner?.apiVersion) ?? '');
        const candidates = [...(byKindAndName.get(`${kind}\u0000${object.namespace}\u0000${name}`) ?? []), ...(byKindAndName.get(`${kind}\u0000\u0000${name}`) ?? [])];
        for (const ownerId of candidates) {
          if (ownerId === objectNodeId(kind, group, object.namespace, name) || ownerId === objectNodeId(kind, group, '', name)) this.addEdge(ownerId, id, 'owns', undefined, 'ok');
        }
      }
    }
  }
}

/** `env`, `envFrom`, `volume` or `imagePullSecrets`, from where a pod reference sits. */
function referenceHow(path: PathSegments): string {
  for (let index = path.length - 1; index >= 0; index--) {
    const segment = path[index];
    if (segment === 'volumes') return 'volume';
    if (segment === 'env' || segment === 'envFrom' || segment === 'imagePullSecrets') return segment;
  }
  return 'reference';
}

function portsOf(value: unknown): string {
  const ports = asArray(value)
    .map((item) => {
      const port = asRecord(item)?.port;
      return typeof port === 'number' || typeof port === 'string' ? String(port) : undefined;
    })
    .filter((port): port is string => port !== undefined);
  return ports.length === 0 ? '' : ` ${ports.join(',')}`;
}

/** The graph of a run: every subject a node, every reference the rule engine resolves an edge. */
export function buildGraph(subjects: readonly GraphSubject[], kubernetesVersion?: string): Graph {
  const ruleSubjects = [];
  for (let index = 0; index < subjects.length; index++) {
    const object = subjects[index].object;
    if (object !== undefined) ruleSubjects.push({ object, index });
  }
  const context = new RuleContext(ruleSubjects, { kubernetesVersion });
  return new GraphBuilder(subjects, context).build();
}
