// The links that a change adds and removes, for the Mermaid graph of a pull request comment: the graph of the
// committed manifests against the graph of what the program renders now, kept to the apps that changed.
import { graphToMermaid, mermaidTooBig } from './format/mermaid';
import { subgraph, type Graph, type GraphEdge, type GraphNode } from './model';

export type Change = 'added' | 'removed';

export interface GraphChanges {
  /** Every node and edge of either side; what only the committed side has is kept, marked removed. */
  readonly graph: Graph;
  readonly nodes: ReadonlyMap<string, Change>;
  /** By edgeKey. */
  readonly edges: ReadonlyMap<string, Change>;
}

export function edgeKey(edge: GraphEdge): string {
  return `${edge.from}\u0000${edge.to}\u0000${edge.kind}\u0000${edge.label ?? ''}`;
}

export function graphChanges(before: Graph, after: Graph): GraphChanges {
  const beforeNodes = new Set(before.nodes.map((node) => node.id));
  const afterNodes = new Set(after.nodes.map((node) => node.id));
  const beforeEdges = new Set(before.edges.map(edgeKey));
  const afterEdges = new Set(after.edges.map(edgeKey));
  const nodes = new Map<string, Change>();
  const edges = new Map<string, Change>();
  for (const node of after.nodes) if (!beforeNodes.has(node.id)) nodes.set(node.id, 'added');
  for (const node of before.nodes) if (!afterNodes.has(node.id)) nodes.set(node.id, 'removed');
  for (const edge of after.edges) if (!beforeEdges.has(edgeKey(edge))) edges.set(edgeKey(edge), 'added');
  for (const edge of before.edges) if (!afterEdges.has(edgeKey(edge))) edges.set(edgeKey(edge), 'removed');
  // Removed nodes and edges go where the committed graph had them; the order of the after side stays.
  const graph: Graph = {
    nodes: [...after.nodes, ...before.nodes.filter((node) => nodes.get(node.id) === 'removed')],
    edges: [...after.edges, ...before.edges.filter((edge) => edges.get(edgeKey(edge)) === 'removed')],
  };
  return { graph, nodes, edges };
}

/**
 * A Mermaid flowchart of the given apps, before and after in one picture: added links green, removed ones dashed red.
 * `tooBig` says why it is left out when renderers would refuse to draw it.
 */
export function changesToMermaid(before: Graph, after: Graph, apps: readonly string[]): { readonly text: string; readonly tooBig?: string } {
  const changes = graphChanges(before, after);
  const inApps = (node: GraphNode) => node.state === 'present' && node.app !== undefined && apps.includes(node.app);
  const graph = subgraph(changes.graph, inApps);
  const text = graphToMermaid(graph, {
    nodeMark: (node) => changes.nodes.get(node.id),
    edgeMark: (edge) => changes.edges.get(edgeKey(edge)),
  });
  return { text, tooBig: mermaidTooBig(text, graph.edges.length) };
}
