// Nodes by namespace, then app, in the graph's order: the clusters every drawing format shows.
import { groupOf, type Graph, type GraphNode } from '../model';

export interface NodeGroup {
  /** Namespace, or `(cluster)`. */
  readonly namespace: string;
  readonly apps: ReadonlyMap<string, readonly GraphNode[]>;
}

export function groupNodes(graph: Graph): NodeGroup[] {
  const byNamespace = new Map<string, Map<string, GraphNode[]>>();
  for (const node of graph.nodes) {
    const namespace = groupOf(node);
    let apps = byNamespace.get(namespace);
    if (apps === undefined) byNamespace.set(namespace, (apps = new Map()));
    const app = node.app ?? '';
    const list = apps.get(app);
    if (list === undefined) apps.set(app, [node]);
    else list.push(node);
  }
  return [...byNamespace].map(([namespace, apps]) => ({ namespace, apps }));
}

/** `kind label`, the words every format puts on an edge; a broken link also names its rule. */
export function edgeText(kind: string, label: string | undefined, rule: string | undefined): string {
  return [kind, label, rule].filter((part) => part !== undefined && part !== '').join(' ');
}
