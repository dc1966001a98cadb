// `--format dot`: Graphviz, one cluster per namespace and one per app inside it.
import type { Graph, GraphNode } from '../model';
import { edgeText, groupNodes } from './groups';

/** A DOT double-quoted string: backslashes (which start Graphviz escapes) and quotes escaped, line breaks as \n. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n|\r/g, '\\n')}"`;
}

const NODE_STYLE: Readonly<Record<GraphNode['state'], string>> = {
  present: 'style="rounded,filled", fillcolor="#ffffff", color="#4a5568"',
  missing: 'style="rounded,dashed,filled", fillcolor="#fde8e8", color="#c53030", fontcolor="#9b2c2c"',
  external: 'style="rounded,dashed", color="#a0aec0", fontcolor="#718096"',
};

const EDGE_STYLE: Readonly<Record<string, string>> = {
  ok: 'color="#4a5568"',
  broken: 'color="#c53030", fontcolor="#c53030"',
  missing: 'color="#c53030", fontcolor="#c53030", style=dashed',
  external: 'color="#a0aec0", fontcolor="#718096", style=dashed',
};

function nodeLine(node: GraphNode, indent: string): string {
  const errors = node.findings.filter((finding) => finding.severity === 'error').length;
  const border = errors > 0 && node.state === 'present' ? ', color="#c53030", penwidth=2' : '';
  return `${indent}${quote(node.id)} [label=${quote(`${node.kind}\n${node.name}`)}, ${NODE_STYLE[node.state]}${border}];\n`;
}

export function graphToDot(graph: Graph): string {
  let out = 'digraph kubeforge {\n  graph [rankdir=LR, fontname="Helvetica", fontsize=11];\n  node [shape=box, fontname="Helvetica", fontsize=10];\n  edge [fontname="Helvetica", fontsize=9];\n';
  groupNodes(graph).forEach((group, groupIndex) => {
    out += `  subgraph ${quote(`cluster_${groupIndex}`)} {\n    label=${quote(group.namespace === '(cluster)' ? 'cluster-scoped' : `namespace ${group.namespace}`)};\n`;
    let appIndex = 0;
    for (const [app, nodes] of group.apps) {
      if (app === '') {
        for (const node of nodes) out += nodeLine(node, '    ');
        continue;
      }
      out += `    subgraph ${quote(`cluster_${groupIndex}_${appIndex++}`)} {\n      label=${quote(`app ${app}`)};\n`;
      for (const node of nodes) out += nodeLine(node, '      ');
      out += '    }\n';
    }
    out += '  }\n';
  });
  for (const edge of graph.edges) {
    out += `  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edgeText(edge.kind, edge.label, edge.rule))}, ${EDGE_STYLE[edge.state]}];\n`;
  }
  return `${out}}\n`;
}
