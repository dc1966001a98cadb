// `--format mermaid`: a flowchart that GitHub and GitLab render in markdown. Node ids are generated (n0, n1, ...);
// every label character outside a small safe set becomes a Mermaid entity code, so no input can break out of a
// label or inject markup.
import type { Graph, GraphEdge, GraphNode } from '../model';
import { edgeText, groupNodes } from './groups';

/** `#60;` style entity codes for everything but letters, digits, space and `._:/=,()+-`. */
export function mermaidText(text: string): string {
  if (/^[A-Za-z0-9 ._:/=,()+-]*$/.test(text)) return text;
  let out = '';
  for (const character of text) {
    out += /^[A-Za-z0-9 ._:/=,()+-]$/.test(character) ? character : `#${character.codePointAt(0)};`;
  }
  return out;
}

/** Mermaid's default limits (`maxEdges`, `maxTextSize`): GitHub and GitLab refuse to draw anything bigger. */
export const MERMAID_MAX_EDGES = 500;
export const MERMAID_MAX_TEXT = 50_000;

/** Why renderers would refuse this Mermaid text, or undefined when it is within their default limits. */
export function mermaidTooBig(text: string, edges: number): string | undefined {
  if (edges > MERMAID_MAX_EDGES) return `${edges} links, more than the ${MERMAID_MAX_EDGES} Mermaid renderers draw by default`;
  if (text.length > MERMAID_MAX_TEXT) return `${text.length} characters, more than the ${MERMAID_MAX_TEXT} Mermaid renderers read by default`;
  return undefined;
}

export interface MermaidOptions {
  /** Extra class per edge (added/removed in a diff); drawn with the style named. */
  readonly edgeMark?: (edge: GraphEdge) => 'added' | 'removed' | undefined;
  readonly nodeMark?: (node: GraphNode) => 'added' | 'removed' | undefined;
}

const CLASS_DEFS = [
  'classDef missing fill:#fde8e8,stroke:#c53030,stroke-dasharray:4 3,color:#9b2c2c',
  'classDef external fill:#ffffff,stroke:#a0aec0,stroke-dasharray:4 3,color:#718096',
  'classDef failing stroke:#c53030,stroke-width:2px',
  'classDef added fill:#e6ffed,stroke:#2f855a,stroke-width:2px',
  'classDef removed fill:#ffeef0,stroke:#c53030,stroke-dasharray:2 2,color:#9b2c2c',
];

export function graphToMermaid(graph: Graph, options: MermaidOptions = {}): string {
  const ids = new Map<string, string>();
  graph.nodes.forEach((node, index) => ids.set(node.id, `n${index}`));
  const lines: string[] = ['flowchart LR'];
  const classes = new Map<string, string[]>();
  const addClass = (name: string, id: string) => {
    const list = classes.get(name);
    if (list === undefined) classes.set(name, [id]);
    else list.push(id);
  };
  groupNodes(graph).forEach((group, groupIndex) => {
    lines.push(`  subgraph g${groupIndex}["${mermaidText(group.namespace === '(cluster)' ? 'cluster-scoped' : `namespace ${group.namespace}`)}"]`);
    let appIndex = 0;
    for (const [app, nodes] of group.apps) {
      const indent = app === '' ? '    ' : '      ';
      if (app !== '') lines.push(`    subgraph g${groupIndex}_${appIndex++}["${mermaidText(`app ${app}`)}"]`);
      for (const node of nodes) {
        const id = ids.get(node.id)!;
        lines.push(`${indent}${id}["${mermaidText(`${node.kind} ${node.name}`)}"]`);
        if (node.state !== 'present') addClass(node.state, id);
        else if (node.findings.some((finding) => finding.severity === 'error')) addClass('failing', id);
        const mark = options.nodeMark?.(node);
        if (mark !== undefined) addClass(mark, id);
      }
      if (app !== '') lines.push('    end');
    }
    lines.push('  end');
  });
  const styles: string[] = [];
  graph.edges.forEach((edge, index) => {
    const mark = options.edgeMark?.(edge);
    const dashed = edge.state === 'missing' || edge.state === 'external' || mark === 'removed';
    const text = edgeText(mark === undefined ? edge.kind : `${mark === 'added' ? '+' : '-'} ${edge.kind}`, edge.label, edge.rule);
    lines.push(`  ${ids.get(edge.from)} ${dashed ? '-.->' : '-->'}|"${mermaidText(text)}"| ${ids.get(edge.to)}`);
    if (mark === 'added') styles.push(`  linkStyle ${index} stroke:#2f855a,stroke-width:2px`);
    else if (mark === 'removed' || edge.state === 'missing' || edge.state === 'broken') styles.push(`  linkStyle ${index} stroke:#c53030`);
    else if (edge.state === 'external') styles.push(`  linkStyle ${index} stroke:#a0aec0`);
  });
  // One push per line: a spread of a style per link would exceed the argument limit on huge graphs.
  for (const line of styles) lines.push(line);
  for (const line of CLASS_DEFS) lines.push(`  ${line}`);
  for (const [name, members] of classes) lines.push(`  class ${members.join(',')} ${name}`);
  return `${lines.join('\n')}\n`;
}
