// The graph of a run as plain data: every format (json, dot, mermaid, svg, html) reads only this.

import type { Severity } from '../validate/result';

/** `present`: an object of the input; `missing`: a reference a rule reports as broken; `external`: referenced, not in the input, not reported. */
export type NodeState = 'present' | 'missing' | 'external';

export interface GraphFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** Field of the object, `spec.selector` style; empty for the whole object. */
  readonly path: string;
}

export interface GraphNode {
  /** `Kind[.group]/namespace/name` for objects (namespace empty when cluster-scoped); other states are prefixed `missing:` or `external:`. */
  readonly id: string;
  readonly kind: string;
  readonly apiVersion?: string;
  readonly name: string;
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  /** The app the object belongs to: the folder synth writes it to, or its `app.kubernetes.io/part-of` label. */
  readonly app?: string;
  readonly state: NodeState;
  /** Where the object was read from (file or synth output path), with its line when known. */
  readonly file?: string;
  readonly line?: number;
  /** A few facts for a reader: replicas, images, ports, hosts; never secret values. */
  readonly summary: readonly string[];
  readonly findings: readonly GraphFinding[];
}

export type EdgeKind =
  | 'routes' // Ingress backend -> Service (label: port)
  | 'tls' // Ingress -> TLS Secret
  | 'selects' // Service selector -> workload
  | 'scales' // HorizontalPodAutoscaler -> target
  | 'protects' // PodDisruptionBudget -> workload
  | 'isolates' // NetworkPolicy -> workload it applies to
  | 'allows' // workload -> workload a NetworkPolicy lets it reach (label: direction and ports)
  | 'uses' // workload -> ConfigMap or Secret (label: how)
  | 'mounts' // workload -> PersistentVolumeClaim
  | 'runs-as' // workload -> ServiceAccount
  | 'headless' // StatefulSet -> its governing Service
  | 'binds' // RoleBinding -> Role or ClusterRole
  | 'grants' // RoleBinding -> subject
  | 'owns'; // owner (e.g. a custom resource) -> object it owns

/** `ok`; `broken`: both ends exist but a rule reports the link (a port that is not offered); `missing` and `external` as for nodes. */
export type EdgeState = 'ok' | 'broken' | 'missing' | 'external';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
  readonly state: EdgeState;
  /** The finding that breaks the link, from the rule that reports it. */
  readonly rule?: string;
  readonly message?: string;
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** Where a node is drawn: its namespace (or `(cluster)`), then its app. */
export function groupOf(node: GraphNode): string {
  return node.namespace === '' ? '(cluster)' : node.namespace;
}

/** Kind and name as one short label: `Deployment web`. */
export function labelOf(node: GraphNode): string {
  return `${node.kind} ${node.name}`;
}

/** The nodes `keep` accepts, every edge that touches one of them, and the nodes at the other ends of those edges. */
export function subgraph(graph: Graph, keep: (node: GraphNode) => boolean): Graph {
  const kept = new Set(graph.nodes.filter(keep).map((node) => node.id));
  const edges = graph.edges.filter((edge) => kept.has(edge.from) || kept.has(edge.to));
  for (const edge of edges) {
    kept.add(edge.from);
    kept.add(edge.to);
  }
  return { nodes: graph.nodes.filter((node) => kept.has(node.id)), edges };
}
