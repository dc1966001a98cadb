// `--format html`: one self-contained page. Layout runs here, at build time in Node (dagre), and each namespace's
// drawing is embedded as an inline SVG template; the small script only stacks namespaces, expands and collapses
// them, zooms, pans, searches and shows a node's summary and findings. A Content-Security-Policy forbids every
// fetch. Big inputs start with namespaces collapsed; a click on one expands it.
import type { Graph } from '../model';
import { layoutGraph, type LayoutStatistics } from '../layout';
import { drawNamespace, drawnEdgeText, frameWidth, GROUP_GAP, MARKERS, namespaceTitle, PADDING, STYLE, TITLE_HEIGHT, xmlText } from './svg';

/** Above this many objects the page opens with every namespace collapsed. */
export const EXPANDED_LIMIT = 300;

const PAGE_STYLE = `
html,body{margin:0;height:100%;font:13px system-ui,sans-serif;color:#1a202c}
body{display:flex;flex-direction:column}
header{display:flex;gap:10px;align-items:center;padding:8px 12px;border-bottom:1px solid #e2e8f0;background:#fff;flex-wrap:wrap}
header input{width:260px;padding:4px 8px}
header .legend{color:#4a5568;font-size:12px}
#kf-canvas{flex:1;width:100%;background:#fff;cursor:grab;user-select:none}
#kf-tip{position:fixed;max-width:460px;background:#1a202c;color:#f7fafc;padding:8px 10px;border-radius:6px;font-size:12px;pointer-events:none;white-space:pre-wrap;z-index:2}
#kf-tip .error{color:#feb2b2}#kf-tip .warning{color:#fbd38d}#kf-tip .info{color:#bee3f8}
.kf-group .title{cursor:pointer}
.kf-node{cursor:default}
.kf-node.match rect{fill:#fefcbf;stroke:#d69e2e;stroke-width:3}
`;

/** Runs in the page: plain ES2017, no modules, nothing fetched; every text from the input goes through textContent. */
const PAGE_SCRIPT = `
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var PAD = ${PADDING}, TITLE = ${TITLE_HEIGHT}, GAP = ${GROUP_GAP};
  var data = JSON.parse(document.getElementById('kf-data').textContent);
  var svg = document.getElementById('kf-canvas');
  var viewport = document.getElementById('kf-viewport');
  var tip = document.getElementById('kf-tip');
  var count = document.getElementById('kf-count');
  var expanded = data.groups.map(function () { return data.startExpanded; });
  var view = { x: 10, y: 10, scale: 1 };
  var matched = {};

  function make(name, attributes) {
    var element = document.createElementNS(NS, name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    return element;
  }
  function apply() {
    viewport.setAttribute('transform', 'translate(' + view.x + ',' + view.y + ') scale(' + view.scale + ')');
  }
  function draw() {
    while (viewport.firstChild) viewport.removeChild(viewport.firstChild);
    // Collapsed namespaces flow in rows as wide as the window; an expanded one takes a row of its own.
    var x = 0, y = 0, rowHeight = 0, rowWidth = Math.max(600, svg.getBoundingClientRect().width - 20);
    data.groups.forEach(function (group, index) {
      var open = expanded[index];
      var width = open ? group.width : group.titleWidth;
      var height = open ? TITLE + group.height + 2 * PAD : TITLE + 6;
      if (x > 0 && (open || x + width > rowWidth)) { x = 0; y += rowHeight + GAP; rowHeight = 0; }
      var g = make('g', { 'class': 'kf-group' + (open ? ' open' : ''), transform: 'translate(' + x + ',' + y + ')', 'data-group': String(index) });
      g.appendChild(make('rect', { 'class': 'frame', width: String(width), height: String(height), rx: '6' }));
      var title = make('text', { 'class': 'title', x: String(PAD), y: '18' });
      title.textContent = (open ? '\\u25be ' : '\\u25b8 ') + group.title;
      g.appendChild(title);
      if (open) {
        var content = make('g', { transform: 'translate(' + PAD + ',' + (TITLE + PAD) + ')' });
        var source = document.getElementById('kf-ns-' + index).content.firstElementChild;
        Array.prototype.forEach.call(source.childNodes, function (child) { content.appendChild(document.importNode(child, true)); });
        g.appendChild(content);
      }
      viewport.appendChild(g);
      rowHeight = Math.max(rowHeight, height);
      x += width + GAP;
      if (open) { x = 0; y += rowHeight + GAP; rowHeight = 0; }
    });
    Array.prototype.forEach.call(viewport.querySelectorAll('.kf-node'), function (node) {
      if (matched[node.getAttribute('data-id')]) node.classList.add('match');
    });
  }
  function toggle(index) {
    expanded[index] = !expanded[index];
    draw();
  }
  function search(query) {
    matched = {};
    var first = null, total = 0;
    query = query.trim().toLowerCase();
    if (query !== '') {
      Object.keys(data.nodes).forEach(function (id) {
        var node = data.nodes[id];
        if ((node.kind + ' ' + node.name + ' ' + node.namespace + ' ' + (node.app || '')).toLowerCase().indexOf(query) < 0) return;
        matched[id] = true;
        total++;
        expanded[node.group] = true;
        if (first === null) first = id;
      });
    }
    count.textContent = query === '' ? '' : total + (total === 1 ? ' match' : ' matches');
    draw();
    if (first !== null) {
      var element = Array.prototype.find.call(viewport.querySelectorAll('.kf-node'), function (node) { return node.getAttribute('data-id') === first; });
      if (element) {
        var box = element.getBoundingClientRect(), frame = svg.getBoundingClientRect();
        view.x += frame.left + frame.width / 2 - (box.left + box.width / 2);
        view.y += frame.top + frame.height / 2 - (box.top + box.height / 2);
        apply();
      }
    }
  }
  function showTip(id, event) {
    var node = data.nodes[id];
    if (!node) return;
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    var lines = [node.kind + ' ' + (node.namespace ? node.namespace + '/' : '') + node.name];
    if (node.state !== 'present') lines.push(node.state === 'missing' ? 'missing: referenced, and a rule reports it' : 'not in the input');
    if (node.app) lines.push('app: ' + node.app);
    if (node.file) lines.push('file: ' + node.file + (node.line ? ':' + node.line : ''));
    (node.summary || []).forEach(function (line) { lines.push(line); });
    lines.forEach(function (line) { var div = document.createElement('div'); div.textContent = line; tip.appendChild(div); });
    (node.findings || []).forEach(function (finding) {
      var div = document.createElement('div');
      div.className = finding.severity;
      div.textContent = finding.severity + ' [' + finding.rule + '] ' + (finding.path ? finding.path + ': ' : '') + finding.message;
      tip.appendChild(div);
    });
    tip.hidden = false;
    tip.style.left = Math.min(event.clientX + 14, window.innerWidth - 470) + 'px';
    tip.style.top = (event.clientY + 14) + 'px';
  }

  svg.addEventListener('mouseover', function (event) {
    var node = event.target.closest('.kf-node');
    if (node) showTip(node.getAttribute('data-id'), event);
  });
  svg.addEventListener('mouseout', function (event) {
    if (event.target.closest('.kf-node')) tip.hidden = true;
  });
  svg.addEventListener('wheel', function (event) {
    event.preventDefault();
    var factor = Math.exp(-event.deltaY * 0.0015), frame = svg.getBoundingClientRect();
    var px = event.clientX - frame.left, py = event.clientY - frame.top;
    view.x = px - (px - view.x) * factor;
    view.y = py - (py - view.y) * factor;
    view.scale *= factor;
    apply();
  }, { passive: false });
  var drag = null;
  svg.addEventListener('mousedown', function (event) {
    if (event.button === 0) drag = { x: event.clientX, y: event.clientY, viewX: view.x, viewY: view.y, moved: false };
  });
  window.addEventListener('mousemove', function (event) {
    if (!drag) return;
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    view.x = drag.viewX + dx;
    view.y = drag.viewY + dy;
    apply();
  });
  window.addEventListener('mouseup', function (event) {
    var wasDrag = drag && drag.moved;
    drag = null;
    if (wasDrag) return;
    var target = event.target;
    if (!target.closest || target.closest('.kf-node')) return;
    var group = target.closest('.kf-group');
    if (group && (target.classList.contains('title') || target.classList.contains('frame'))) toggle(Number(group.getAttribute('data-group')));
  });
  document.getElementById('kf-search').addEventListener('input', function (event) { search(event.target.value); });
  document.getElementById('kf-expand').addEventListener('click', function () { expanded = expanded.map(function () { return true; }); draw(); });
  document.getElementById('kf-collapse').addEventListener('click', function () { expanded = expanded.map(function () { return false; }); draw(); });
  apply();
  draw();
})();
`;

/** JSON that can sit inside a script element: no `<` (so no `</script>`), no line separators JavaScript once rejected. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function graphToHtml(graph: Graph, statistics?: LayoutStatistics): string {
  const layouts = layoutGraph(graph, drawnEdgeText, statistics);
  const groupIndex = new Map(layouts.map((layout, index) => [layout.namespace, index]));
  const nodes: Record<string, unknown> = {};
  let objects = 0;
  for (const node of graph.nodes) {
    if (node.state === 'present') objects++;
    const { id, kind, name, namespace, app, state, file, line, summary, findings } = node;
    nodes[id] = { kind, name, namespace, app, state, file, line, summary, findings, group: groupIndex.get(namespace === '' ? '(cluster)' : namespace) ?? 0 };
  }
  const groups = layouts.map((layout) => {
    const title = namespaceTitle(layout);
    return { title, width: frameWidth(layout), titleWidth: Math.ceil([...title].length * 7.5 + 2 * PADDING + 16), height: layout.height };
  });
  const data = { startExpanded: objects <= EXPANDED_LIMIT, groups, nodes };
  const templates = layouts.map((layout, index) => `<template id="kf-ns-${index}"><svg xmlns="http://www.w3.org/2000/svg"><g>${drawNamespace(layout)}</g></svg></template>`).join('\n');
  const policy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kubeforge graph</title>
<style>${PAGE_STYLE}${STYLE}</style>
</head>
<body>
<header>
<input id="kf-search" type="search" placeholder="Search kind, name, namespace, app" aria-label="Search objects">
<span id="kf-count"></span>
<button id="kf-expand" type="button">Expand all</button>
<button id="kf-collapse" type="button">Collapse all</button>
<span class="legend">${xmlText(`${objects} objects, ${graph.edges.length} links · click a namespace to expand or collapse it · wheel zooms, drag pans · red dashed: missing (rule id) · grey dashed: not in the input`)}</span>
</header>
<svg id="kf-canvas" class="kf" xmlns="http://www.w3.org/2000/svg">${MARKERS}<g id="kf-viewport"></g></svg>
<div id="kf-tip" hidden></div>
${templates}
<script type="application/json" id="kf-data">${scriptJson(data)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
