// `--format svg`: every namespace drawn and stacked, one standalone picture (the README's is made with it). The
// html format draws namespaces with the same functions.
import type { Graph, GraphEdge } from '../model';
import { layoutGraph, NODE_HEIGHT, type LayoutStatistics, type NamespaceLayout, type PlacedNode } from '../layout';
import { edgeText } from './groups';

/** Text for XML content and attributes: markup characters escaped, characters XML forbids replaced. */
export function xmlText(text: string): string {
  if (!/[&<>"'\u0000-\u001f\ud800-\udfff\ufffe\uffff]/.test(text)) return text;
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const PADDING = 14;
export const TITLE_HEIGHT = 26;
export const GROUP_GAP = 18;

export const STYLE = `
.kf text{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace}
.kf-node rect{fill:#fff;stroke:#4a5568;stroke-width:1}
.kf-node .k{font-size:10px;fill:#718096}
.kf-node .n{font-size:11.5px;fill:#1a202c}
.kf-node.failing rect{stroke:#c53030;stroke-width:2}
.kf-node.missing rect{fill:#fde8e8;stroke:#c53030;stroke-dasharray:4 3}
.kf-node.missing .n{fill:#9b2c2c}
.kf-node.external rect{stroke:#a0aec0;stroke-dasharray:4 3}
.kf-node.external .n{fill:#718096}
.kf-node.proxy rect{fill:#f7fafc;stroke-dasharray:2 2}
.kf-edge path{fill:none;stroke:#718096;stroke-width:1.2}
.kf-edge text{font-size:9px;fill:#4a5568;paint-order:stroke;stroke:#f7fafc;stroke-width:3px}
.kf-edge.missing path,.kf-edge.broken path{stroke:#c53030}
.kf-edge.missing text,.kf-edge.broken text{fill:#c53030}
.kf-edge.missing path,.kf-edge.external path{stroke-dasharray:5 4}
.kf-edge.external path{stroke:#a0aec0}
.kf-group>rect.frame{fill:#f7fafc;stroke:#cbd5e0}
.kf-group .title{font-size:12px;font-weight:bold;fill:#2d3748}
`;

export const MARKERS =
  '<defs>' +
  ['ok:#718096', 'red:#c53030', 'grey:#a0aec0']
    .map((entry) => {
      const [name, color] = entry.split(':');
      return `<marker id="kf-arrow-${name}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${color}"/></marker>`;
    })
    .join('') +
  '</defs>';

/** The words on an edge in drawings: kind, label, and the rule id of a broken link. */
export function drawnEdgeText(edge: GraphEdge): string {
  return edgeText(edge.kind, edge.label, edge.rule);
}

function nodeClass(placed: PlacedNode): string {
  const classes = ['kf-node', placed.node.state];
  if (placed.proxy) classes.push('proxy');
  if (placed.node.state === 'present' && placed.node.findings.some((finding) => finding.severity === 'error')) classes.push('failing');
  return classes.join(' ');
}

/** The nodes and edges of one namespace, from (0, 0). */
export function drawNamespace(layout: NamespaceLayout): string {
  let out = '';
  for (const placed of layout.edges) {
    const marker = placed.edge.state === 'ok' ? 'ok' : placed.edge.state === 'external' ? 'grey' : 'red';
    const d = placed.points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x},${point.y}`).join('');
    out += `<g class="kf-edge ${placed.edge.state}" data-from="${xmlText(placed.edge.from)}" data-to="${xmlText(placed.edge.to)}"><path d="${d}" marker-end="url(#kf-arrow-${marker})"/>`;
    out += `<text x="${placed.labelX}" y="${placed.labelY + 3}" text-anchor="middle">${xmlText(placed.text)}</text></g>`;
  }
  for (const placed of layout.nodes) {
    const kind = placed.proxy ? `${placed.node.kind} (${placed.node.namespace === '' ? 'cluster' : placed.node.namespace})` : placed.node.kind;
    out += `<g class="${nodeClass(placed)}" data-id="${xmlText(placed.node.id)}" transform="translate(${placed.x},${placed.y})">`;
    out += `<rect width="${placed.width}" height="${NODE_HEIGHT}" rx="5"/><text class="k" x="10" y="14">${xmlText(kind)}</text><text class="n" x="10" y="29">${xmlText(placed.title)}</text></g>`;
  }
  return out;
}

/** Title of a namespace frame, with what it holds. */
export function namespaceTitle(layout: NamespaceLayout): string {
  const where = layout.namespace === '(cluster)' ? 'cluster-scoped' : `namespace ${layout.namespace}`;
  const apps = layout.apps.length <= 3 ? layout.apps.join(', ') : `${layout.apps.slice(0, 2).join(', ')} and ${layout.apps.length - 2} more`;
  const name = layout.apps.length === 0 ? where : `${where} (app${layout.apps.length === 1 ? '' : 's'} ${apps})`;
  const counts = [`${layout.objects} object${layout.objects === 1 ? '' : 's'}`];
  if (layout.errors > 0) counts.push(`${layout.errors} error${layout.errors === 1 ? '' : 's'}`);
  if (layout.warnings > 0) counts.push(`${layout.warnings} warning${layout.warnings === 1 ? '' : 's'}`);
  const title = `${name} · ${counts.join(', ')}`;
  // Names from the input can be long; a title stays one readable line.
  return [...title].length <= 110 ? title : `${[...title].slice(0, 109).join('')}…`;
}

export function frameWidth(layout: NamespaceLayout): number {
  return Math.ceil(Math.max(layout.width, [...namespaceTitle(layout)].length * 7.5) + 2 * PADDING);
}

export function graphToSvg(graph: Graph, statistics?: LayoutStatistics): string {
  const layouts = layoutGraph(graph, drawnEdgeText, statistics);
  let y = 0;
  let width = 0;
  let body = '';
  for (const layout of layouts) {
    const frame = frameWidth(layout);
    const height = TITLE_HEIGHT + layout.height + 2 * PADDING;
    body += `<g class="kf-group" transform="translate(0,${y})"><rect class="frame" width="${frame}" height="${height}" rx="6"/>`;
    body += `<text class="title" x="${PADDING}" y="18">${xmlText(namespaceTitle(layout))}</text>`;
    body += `<g transform="translate(${PADDING},${TITLE_HEIGHT + PADDING})">${drawNamespace(layout)}</g></g>`;
    y += height + GROUP_GAP;
    width = Math.max(width, frame);
  }
  const height = Math.max(0, y - GROUP_GAP);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="kf" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><style>${STYLE}</style>${MARKERS}${body}</svg>\n`;
}
