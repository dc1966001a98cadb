// Positions for the svg and html formats: each namespace is laid out on its own, each connected group of
// objects in it by dagre, and the groups packed in rows. dagre costs milliseconds per call even for five
// nodes, so components of the same shape (a repository of services made from one template) share one layout.

import dagre from '@dagrejs/dagre';
import type { Graph, GraphEdge, GraphNode } from './model';
import { groupNodes } from './format/groups';

export interface PlacedNode {
  readonly node: GraphNode;
  /** Drawn in this namespace for an edge from it, but it belongs to another (or is cluster-scoped). */
  readonly proxy: boolean;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The name as drawn (shortened when long). */
  readonly title: string;
}

export interface PlacedEdge {
  readonly edge: GraphEdge;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly labelX: number;
  readonly labelY: number;
  readonly text: string;
}

export interface NamespaceLayout {
  /** Namespace, or `(cluster)`. */
  readonly namespace: string;
  /** Apps with objects in the namespace, in the graph's order. */
  readonly apps: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  /** Objects of the namespace itself (not proxies), and their findings by severity. */
  readonly objects: number;
  readonly errors: number;
  readonly warnings: number;
}

/** Fixed advance of the monospace font the drawings use, so that sizes never depend on the machine. */
export const CHAR_WIDTH = 7;
export const NODE_HEIGHT = 36;
const MAX_TITLE = 34;
const GAP = 28;
const ROW_WIDTH = 1100;

function shorten(text: string): string {
  const characters = [...text];
  return characters.length <= MAX_TITLE ? text : `${characters.slice(0, MAX_TITLE - 1).join('')}…`;
}

function nodeWidth(kind: string, title: string): number {
  return Math.max([...kind].length, [...title].length) * CHAR_WIDTH + 20;
}

/** Rounded to tenths, so that output never carries floating-point noise. */
function round(value: number): number {
  return Math.round(value * 10) / 10;
}

interface ComponentLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly { x: number; y: number }[];
  readonly edges: readonly { points: { x: number; y: number }[]; labelX: number; labelY: number }[];
}

interface Sized {
  readonly width: number;
  readonly labelWidth: number;
}

/** dagre's cost grows much faster than its input: bigger components (one ConfigMap used by every workload) get a grid. */
const MAX_DAGRE_NODES = 250;
const MAX_DAGRE_EDGES = 500;

/** Nodes in rows, sources first, edges as straight lines: linear in the component, for inputs too big to rank. */
function gridComponent(nodes: readonly Sized[], edges: readonly { from: number; to: number }[]): ComponentLayout {
  const incoming = new Array<number>(nodes.length).fill(0);
  for (const edge of edges) incoming[edge.to]++;
  const order = nodes.map((_node, index) => index).sort((a, b) => Number(incoming[a] > 0) - Number(incoming[b] > 0) || a - b);
  const cell = nodes.reduce((widest, node) => Math.max(widest, node.width), 0) + 40;
  const columns = Math.max(1, Math.floor(ROW_WIDTH / cell));
  const positions = new Array<{ x: number; y: number }>(nodes.length);
  order.forEach((node, slot) => {
    positions[node] = { x: (slot % columns) * cell, y: Math.floor(slot / columns) * (NODE_HEIGHT + 30) };
  });
  const rows = Math.ceil(nodes.length / columns);
  return {
    width: Math.min(nodes.length, columns) * cell - 40,
    height: rows * (NODE_HEIGHT + 30) - 30,
    nodes: positions,
    edges: edges.map((edge) => {
      const from = positions[edge.from];
      const to = positions[edge.to];
      const start = { x: round(from.x + nodes[edge.from].width / 2), y: from.y + NODE_HEIGHT };
      const end = { x: round(to.x + nodes[edge.to].width / 2), y: to.y };
      return { points: [start, end], labelX: round((start.x + end.x) / 2), labelY: round((start.y + end.y) / 2) };
    }),
  };
}

function layoutComponent(nodes: readonly Sized[], edges: readonly { from: number; to: number; labelWidth: number }[]): ComponentLayout {
  if (nodes.length > MAX_DAGRE_NODES || edges.length > MAX_DAGRE_EDGES) return gridComponent(nodes, edges);
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 46, edgesep: 8, marginx: 0, marginy: 0 });
  nodes.forEach((node, index) => graph.setNode(`n${index}`, { width: node.width, height: NODE_HEIGHT }));
  edges.forEach((edge, index) => graph.setEdge(`n${edge.from}`, `n${edge.to}`, { width: edge.labelWidth, height: 14, labelpos: 'c' }, `e${index}`));
  dagre.layout(graph);
  const size = graph.graph();
  return {
    width: round(size.width ?? 0),
    height: round(size.height ?? 0),
    nodes: nodes.map((_node, index) => {
      const placed = graph.node(`n${index}`);
      return { x: round(placed.x - placed.width / 2), y: round(placed.y - placed.height / 2) };
    }),
    edges: edges.map((edge, index) => {
      const placed = graph.edge({ v: `n${edge.from}`, w: `n${edge.to}`, name: `e${index}` });
      return { points: (placed.points ?? []).map((point: { x: number; y: number }) => ({ x: round(point.x), y: round(point.y) })), labelX: round(placed.x ?? 0), labelY: round(placed.y ?? 0) };
    }),
  };
}

export interface LayoutStatistics {
  /** Connected components laid out, and how many dagre actually ran for (the others reused a layout). */
  components: number;
  dagreRuns: number;
}

/** Lays out every namespace of the graph; `edgeText` gives the words drawn on each edge. */
export function layoutGraph(graph: Graph, edgeText: (edge: GraphEdge) => string, statistics: LayoutStatistics = { components: 0, dagreRuns: 0 }): NamespaceLayout[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const namespaceOf = (node: GraphNode) => (node.namespace === '' ? '(cluster)' : node.namespace);
  // Each edge is drawn in the namespace of its source; a target from elsewhere appears there as a proxy.
  const edgesByNamespace = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) {
    const from = byId.get(edge.from);
    if (from === undefined || !byId.has(edge.to)) continue;
    const list = edgesByNamespace.get(namespaceOf(from));
    if (list === undefined) edgesByNamespace.set(namespaceOf(from), [edge]);
    else list.push(edge);
  }
  const cache = new Map<string, ComponentLayout>();
  return groupNodes(graph).map((group) => {
    const members: { node: GraphNode; proxy: boolean }[] = [];
    const position = new Map<string, number>();
    for (const nodes of group.apps.values()) {
      for (const node of nodes) {
        position.set(node.id, members.length);
        members.push({ node, proxy: false });
      }
    }
    const edges = edgesByNamespace.get(group.namespace) ?? [];
    for (const edge of edges) {
      if (position.has(edge.to)) continue;
      position.set(edge.to, members.length);
      members.push({ node: byId.get(edge.to)!, proxy: true });
    }
    // Connected components by union-find over the namespace's edges.
    const parent = members.map((_member, index) => index);
    const find = (index: number): number => {
      while (parent[index] !== index) index = parent[index] = parent[parent[index]];
      return index;
    };
    for (const edge of edges) {
      const a = find(position.get(edge.from)!);
      const b = find(position.get(edge.to)!);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
    const components = new Map<number, { members: number[]; edges: GraphEdge[] }>();
    members.forEach((_member, index) => {
      const root = find(index);
      const component = components.get(root);
      if (component === undefined) components.set(root, { members: [index], edges: [] });
      else component.members.push(index);
    });
    for (const edge of edges) components.get(find(position.get(edge.from)!))!.edges.push(edge);

    const placedNodes: PlacedNode[] = [];
    const placedEdges: PlacedEdge[] = [];
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    let width = 0;
    for (const component of components.values()) {
      statistics.components++;
      const local = new Map(component.members.map((member, index) => [member, index]));
      const titles = component.members.map((member) => shorten(members[member].node.name));
      const sized = component.members.map((member, index) => {
        const node = members[member].node;
        return { width: nodeWidth(members[member].proxy ? `${node.kind} (${namespaceOf(node)})` : node.kind, titles[index]), labelWidth: 0 };
      });
      const texts = component.edges.map(edgeText);
      const localEdges = component.edges.map((edge, index) => ({
        from: local.get(position.get(edge.from)!)!,
        to: local.get(position.get(edge.to)!)!,
        labelWidth: [...texts[index]].length * (CHAR_WIDTH - 1),
      }));
      const signature = `${sized.map((node) => node.width).join(',')}|${localEdges.map((edge) => `${edge.from}>${edge.to}:${edge.labelWidth}`).join(',')}`;
      let layout = cache.get(signature);
      if (layout === undefined) {
        statistics.dagreRuns++;
        cache.set(signature, (layout = layoutComponent(sized, localEdges)));
      }
      if (x > 0 && x + layout.width > ROW_WIDTH) {
        x = 0;
        y += rowHeight + GAP;
        rowHeight = 0;
      }
      component.members.forEach((member, index) => {
        const node = members[member].node;
        placedNodes.push({ node, proxy: members[member].proxy, x: round(x + layout!.nodes[index].x), y: round(y + layout!.nodes[index].y), width: sized[index].width, height: NODE_HEIGHT, title: titles[index] });
      });
      component.edges.forEach((edge, index) => {
        const placed = layout!.edges[index];
        placedEdges.push({
          edge,
          points: placed.points.map((point) => ({ x: round(x + point.x), y: round(y + point.y) })),
          labelX: round(x + placed.labelX),
          labelY: round(y + placed.labelY),
          text: texts[index],
        });
      });
      x += layout.width + GAP;
      width = Math.max(width, x - GAP);
      rowHeight = Math.max(rowHeight, layout.height);
    }
    const own = placedNodes.filter((placed) => !placed.proxy && placed.node.state === 'present');
    const count = (severity: string) => own.reduce((total, placed) => total + placed.node.findings.filter((finding) => finding.severity === severity).length, 0);
    const apps = [...group.apps.keys()].filter((app) => app !== '');
    return { namespace: group.namespace, apps, width: round(width), height: round(y + rowHeight), nodes: placedNodes, edges: placedEdges, objects: own.length, errors: count('error'), warnings: count('warning') };
  });
}
