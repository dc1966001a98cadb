// `--format json`: the graph as plain data for other tools (nodes, then edges, in a stable order).
import type { Graph } from '../model';

export function graphToJson(graph: Graph): string {
  return `${JSON.stringify({ nodes: graph.nodes, edges: graph.edges }, null, 2)}\n`;
}
