// `kubeforge graph`: how the objects of a run connect, in five formats.
import { graphToDot } from './format/dot';
import { graphToHtml } from './format/html';
import { graphToJson } from './format/json';
import { graphToMermaid } from './format/mermaid';
import { graphToSvg } from './format/svg';
import type { Graph } from './model';

export type { GraphSubject } from './build';
export { buildGraph } from './build';
export type { Change, GraphChanges } from './diff';
export { changeGraphSection, changesToMermaid, graphChanges } from './diff';
export type { EdgeKind, EdgeState, Graph, GraphEdge, GraphFinding, GraphNode, NodeState } from './model';
export { graphFromPaths, graphFromProgram } from './read';
export { graphToDot, graphToHtml, graphToJson, graphToMermaid, graphToSvg };

export const GRAPH_FORMATS: Readonly<Record<string, (graph: Graph) => string>> = {
  mermaid: (graph) => graphToMermaid(graph),
  dot: graphToDot,
  json: graphToJson,
  svg: (graph) => graphToSvg(graph),
  html: (graph) => graphToHtml(graph),
};
