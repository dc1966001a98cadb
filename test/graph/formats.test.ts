import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRAPH_FORMATS, graphFromPaths, graphToDot, graphToHtml, graphToJson, graphToMermaid, graphToSvg, type Graph } from '../../lib/graph';
import { mermaidText } from '../../lib/graph/format/mermaid';
import { xmlText } from '../../lib/graph/format/svg';
import { Writable } from 'node:stream';
import { writeCorpus } from '../../bench/corpus';
import { runGraphCommand } from '../../lib/cli/graph';
import { UsageError } from '../../lib/cli/args';
import { kubeforgeProcess, REPO } from '../validate/helpers';

/** Runs `kubeforge graph` in this process; usage errors come back as exit 2 with the message, as main prints them. */
async function kubeforge(command: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  expect(command).toBe('graph');
  const chunks = { stdout: [] as string[], stderr: [] as string[] };
  const stream = (into: string[]) => new Writable({ write(chunk, _encoding, done) { into.push(String(chunk)); done(); } });
  try {
    const code = await runGraphCommand(argv, { stdout: stream(chunks.stdout), stderr: stream(chunks.stderr), cwd: REPO, env: process.env });
    return { code, stdout: chunks.stdout.join(''), stderr: chunks.stderr.join('') };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { code: 2, stdout: '', stderr: error.message };
  }
}

const BROKEN = join(__dirname, 'fixtures', 'broken.yaml');

/** Names no API server accepts, but validate reads them and the graph must draw them harmlessly. */
const HOSTILE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: 'x"]--> evil["<script>alert(1)</script>'
  namespace: "ns\\" onload=\\"alert(2)"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: "web</template><img src=x onerror=alert(3)>"
  namespace: "ns\\" onload=\\"alert(2)"
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: "c|\`#&;"
          image: "</script><script>alert(4)</script>"
          envFrom:
            - configMapRef: {name: 'x"]--> evil["<script>alert(1)</script>'}
`;

async function hostileGraph(): Promise<Graph> {
  return graphFromPaths({ paths: ['-'], stdin: HOSTILE });
}

describe('graph formats', () => {
  it('json: nodes and edges, every edge between known nodes', async () => {
    const graph = await graphFromPaths({ paths: [BROKEN] });
    const parsed = JSON.parse(graphToJson(graph)) as { nodes: { id: string; state: string }[]; edges: { from: string; to: string; kind: string }[] };
    expect(Object.keys(parsed)).toEqual(['nodes', 'edges']);
    const ids = new Set(parsed.nodes.map((node) => node.id));
    expect(ids.size).toBe(parsed.nodes.length);
    for (const edge of parsed.edges) {
      expect(ids.has(edge.from) && ids.has(edge.to), `${edge.from} -> ${edge.to}`).toBe(true);
    }
    expect(parsed.nodes.filter((node) => node.state === 'missing').map((node) => node.id)).toEqual(expect.arrayContaining(['missing:Service/shop/legacy']));
  });

  it('dot: a digraph with one cluster per namespace and one line per edge, broken links red and dashed', async () => {
    const graph = await graphFromPaths({ paths: [BROKEN] });
    const dot = graphToDot(graph);
    expect(dot.startsWith('digraph kubeforge {\n')).toBe(true);
    expect(dot.endsWith('}\n')).toBe(true);
    expect(dot).toContain('label="namespace shop"');
    expect(dot.split('\n').filter((line) => line.includes(' -> '))).toHaveLength(graph.edges.length);
    expect(dot).toContain('"Ingress.networking.k8s.io/shop/web" -> "missing:Service/shop/legacy" [label="routes 80 ingress-backend-missing", color="#c53030", fontcolor="#c53030", style=dashed];');
  });

  it('mermaid: a flowchart with generated ids, quoted labels and red dashed missing links', async () => {
    const graph = await graphFromPaths({ paths: [BROKEN] });
    const lines = graphToMermaid(graph).trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    const nodeLines = lines.filter((line) => /^\s+n\d+\[/.test(line));
    expect(nodeLines).toHaveLength(graph.nodes.length);
    for (const line of nodeLines) expect(line).toMatch(/^\s+n\d+\["[^"]*"\]$/);
    const edgeLines = lines.filter((line) => /\|"/.test(line));
    expect(edgeLines).toHaveLength(graph.edges.length);
    for (const line of edgeLines) expect(line).toMatch(/^ {2}n\d+ (-->|-\.->)\|"[^"]*"\| n\d+$/);
    const legacy = graph.nodes.findIndex((node) => node.id === 'missing:Service/shop/legacy');
    const linkIndex = graph.edges.findIndex((edge) => edge.to === 'missing:Service/shop/legacy');
    expect(edgeLines[linkIndex]).toMatch(new RegExp(`-\\.->\\|"routes 80 ingress-backend-missing"\\| n${legacy}$`));
    expect(lines).toContain(`  linkStyle ${linkIndex} stroke:#c53030`);
    expect(lines.find((line) => line.endsWith(' missing') && line.startsWith('  class '))).toContain(`n${legacy}`);
  });

  it('svg: one standalone picture with a node per object and no script', async () => {
    const graph = await graphFromPaths({ paths: [BROKEN] });
    const svg = graphToSvg(graph);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>\n')).toBe(true);
    // A node another namespace links to is drawn there too, as a proxy; each object is drawn once as itself.
    expect(svg.match(/<g class="kf-node (?![^"]*proxy)/g)).toHaveLength(graph.nodes.length);
    expect(svg.match(/<g class="kf-edge /g)).toHaveLength(graph.edges.length);
    expect(svg).toContain('<g class="kf-edge missing" data-from="Ingress.networking.k8s.io/shop/web" data-to="missing:Service/shop/legacy">');
    expect(svg).not.toMatch(/<script|\bon\w+=/i);
  });

  it('html: one self-contained page, nothing fetched, the data and a drawing per namespace inline', async () => {
    const graph = await graphFromPaths({ paths: [BROKEN] });
    const html = graphToHtml(graph);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')).not.toMatch(/https?:\/\//);
    // Namespace shop, and the cluster-scoped group that holds the Namespace object.
    expect(html.match(/<template id="kf-ns-\d+">/g)).toHaveLength(2);
    const data = JSON.parse(/<script type="application\/json" id="kf-data">(.*?)<\/script>/s.exec(html)![1]) as { startExpanded: boolean; nodes: Record<string, unknown> };
    expect(data.startExpanded).toBe(true);
    expect(Object.keys(data.nodes)).toEqual(graph.nodes.map((node) => node.id));
  });

  it('escapes every label from the input in every format', async () => {
    const graph = await hostileGraph();
    expect(graph.nodes.map((node) => node.name)).toContain('x"]--> evil["<script>alert(1)</script>');
    const mermaid = graphToMermaid(graph);
    for (const line of mermaid.split('\n').filter((text) => text.includes('["'))) expect(line).toMatch(/^\s+(n\d+|subgraph g[\d_]+)\["[A-Za-z0-9 ._:/=,()+#;-]*"\]$/);
    expect(mermaid.replace(/ (-->|-\.->)\|/g, '')).not.toMatch(/[<>]/);
    // The JSON data block holds the names JSON-escaped; the markup around it must hold them XML-escaped.
    const markup = graphToHtml(graph).replace(/<script type="application\/json" id="kf-data">.*?<\/script>/s, '');
    for (const drawn of [graphToSvg(graph), markup]) {
      expect(drawn).not.toContain('<script>alert');
      expect(drawn).not.toContain('<img');
      expect(drawn).not.toContain('" onload=');
    }
    const html = graphToHtml(graph);
    // Exactly the page's own two script elements and one template.
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/template>/g)).toHaveLength(1);
    const dot = graphToDot(graph);
    expect(dot).toContain('\\"]--> evil[\\"<script>');
    expect(dot.split('\n').filter((line) => line.includes(' -> '))).toHaveLength(graph.edges.length);
  });

  it('escapes text for XML and Mermaid completely', () => {
    expect(xmlText(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&#39;\ufffd');
    expect(xmlText('plain-text.1')).toBe('plain-text.1');
    expect(mermaidText('a"b<c>#|`')).toBe('a#34;b#60;c#62;#35;#124;#96;');
  });

  it('is deterministic: the same input in another document order gives the same bytes in every format', async () => {
    const text = readFileSync(BROKEN, 'utf8');
    const documents = text.split(/^---\n/m);
    const shuffled = [...documents.slice(1).reverse(), documents[0]].join('---\n');
    const first = await graphFromPaths({ paths: ['-'], stdin: text });
    const again = await graphFromPaths({ paths: ['-'], stdin: text });
    const reordered = await graphFromPaths({ paths: ['-'], stdin: shuffled });
    for (const [format, draw] of Object.entries(GRAPH_FORMATS)) {
      expect(draw(again), format).toBe(draw(first));
      // json and html carry each object's line, which moves with the order.
      if (format === 'json' || format === 'html') continue;
      expect(draw(reordered), format).toBe(draw(first));
    }
  });
});

describe('kubeforge graph command', () => {
  it('writes the format asked for, mermaid by default', async () => {
    const mermaid = await kubeforge('graph', BROKEN);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout.startsWith('flowchart LR\n')).toBe(true);
    const dot = await kubeforge('graph', '--format', 'dot', BROKEN);
    expect(dot.stdout.startsWith('digraph kubeforge {')).toBe(true);
  });

  it('writes to --out instead of standard output, and names the file it cannot write', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kubeforge-graph-out-'));
    try {
      const file = join(folder, 'graph.html');
      const written = await kubeforge('graph', '--format', 'html', '--out', file, BROKEN);
      expect(written).toMatchObject({ code: 0, stdout: '' });
      expect(readFileSync(file, 'utf8')).toBe((await kubeforge('graph', '--format', 'html', BROKEN)).stdout);
      const failed = await kubeforge('graph', '--out', join(folder, 'missing', 'graph.md'), BROKEN);
      expect(failed.code).toBe(2);
      expect(failed.stderr).toContain('cannot write');
      expect(failed.stderr).toContain('check the folder exists and is writable');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('is a command of the compiled kubeforge CLI', () => {
    const run = kubeforgeProcess(['graph', '-f', 'json', BROKEN]);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Graph).edges.length).toBeGreaterThan(0);
    expect(kubeforgeProcess(['--help']).stdout).toContain('graph [PATH...]');
  });

  it('draws one environment of the program, selected apps only', async () => {
    const run = await kubeforge('graph', '--env', 'dev', '--app', 'kube-alive', '-f', 'json');
    expect(run.code, run.stderr).toBe(0);
    const graph = JSON.parse(run.stdout) as Graph;
    expect(new Set(graph.nodes.map((node) => node.app))).toEqual(new Set(['kube-alive']));
  });

  it('warns when a Mermaid graph is beyond what GitHub and GitLab draw', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kubeforge-graph-'));
    try {
      writeCorpus(folder, 100, 10);
      const run = await kubeforge('graph', folder);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/the Mermaid graph has \d+ links, more than the 500 Mermaid renderers draw by default; .* use --format html/);
      expect((await kubeforge('graph', BROKEN)).stderr).toBe('');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses what it cannot do with exit 2 and says what to type instead', async () => {
    const format = await kubeforge('graph', '--format', 'png', BROKEN);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format png is not a format; use mermaid, dot, json, svg, html');
    const both = await kubeforge('graph', '--env', 'dev', BROKEN);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('draw either PATHs or --env');
    const two = await kubeforge('graph', '--env', 'dev,prod');
    expect(two.stderr).toContain('--env takes one environment');
    const app = await kubeforge('graph', '--env', 'dev', '--app', 'nothing-here');
    expect(app.code).toBe(2);
    expect(app.stderr).toContain('app "nothing-here" has no objects in environment "dev"');
  });
});
