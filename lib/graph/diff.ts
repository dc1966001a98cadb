// The links that a change adds and removes, for the Mermaid graph of a pull request comment: the graph of the
// committed manifests against the graph of what the program renders now, kept to the apps that changed.
import type { Settings } from '../synth/config';
import { compareCodeUnits } from '../synth/kinds';
import { DELIVERY_FOLDER } from '../synth/program';
import type { AppSection } from '../synth/diff-markdown';
import { KUSTOMIZATION_FILE, type Rendering } from '../synth/render';
import type { TreePlan } from '../synth/tree';
import { documentsOf } from '../validate/files';
import { runRules, type RulesConfig } from '../validate/rules';
import { buildGraph } from './build';
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

/** One file of a GitOps tree: its path inside the output folder and its text. */
interface TreeFile {
  readonly path: string;
  readonly content: string;
}

/** The graph of one environment's files of a tree, apps from their folders, findings from the rules as synth sets them. */
function graphOfTree(files: readonly TreeFile[], rules: RulesConfig, kubernetesVersion: string): Graph {
  const objects: { object: Record<string, unknown>; file: string; app: string }[] = [];
  for (const file of files) {
    const parts = file.path.split('/');
    if (parts[parts.length - 1] === KUSTOMIZATION_FILE) continue;
    const app = parts.length > 2 ? parts[1] : parts[1].replace(/\.yaml$/, '');
    for (const document of documentsOf(file.content)) {
      if (document !== null && typeof document === 'object' && !Array.isArray(document)) objects.push({ object: document as Record<string, unknown>, file: file.path, app });
    }
  }
  const outcome = runRules(objects.map((entry, index) => ({ object: entry.object, index })), rules, { kubernetesVersion });
  return buildGraph(objects.map((entry, index) => ({ ...entry, findings: outcome.findings.get(index) ?? [] })), kubernetesVersion);
}

interface EnvironmentGraphs {
  readonly before: Graph;
  readonly after: Graph;
}

/** Before and after graphs of one environment; the committed side is the rendering with the plan's changes undone. */
function environmentGraphs(rendering: Rendering, plan: TreePlan, settings: Settings, environment: string): EnvironmentGraphs {
  const changes = new Map(plan.changes.map((change) => [change.path, change]));
  const inEnvironment = (path: string) => path.startsWith(`${environment}/`);
  const after = rendering.files.filter((file) => inEnvironment(file.path));
  const before: TreeFile[] = [];
  for (const file of after) {
    const change = changes.get(file.path);
    if (change?.status !== 'added') before.push({ path: file.path, content: change?.before ?? file.content });
  }
  for (const change of plan.changes) {
    if (change.status === 'removed' && change.before !== undefined && inEnvironment(change.path)) before.push({ path: change.path, content: change.before });
  }
  const rules: RulesConfig = { rules: settings.rules as RulesConfig['rules'] };
  return { before: graphOfTree(before, rules, settings.kubernetesVersion), after: graphOfTree(after, rules, settings.kubernetesVersion) };
}

/** Characters of Mermaid that all graphs of one comment may take together (GitHub takes comments of up to 65,536). */
export const GRAPH_COMMENT_BUDGET = 12_000;

/**
 * The section `kubeforge diff -o markdown` adds to each changed app: its objects and links before and after the
 * change in one Mermaid graph, added links green, removed ones dashed red. Graphs are computed once per environment.
 */
export function changeGraphSection(rendering: Rendering, plan: TreePlan, settings: Settings, budget = GRAPH_COMMENT_BUDGET): AppSection {
  const cache = new Map<string, EnvironmentGraphs>();
  const rendered = new Set(rendering.environments.map((environment) => environment.name));
  let left = budget;
  return ({ environment, app }) => {
    if (!rendered.has(environment) || app.startsWith(`${DELIVERY_FOLDER}/`)) return undefined;
    let graphs = cache.get(environment);
    if (graphs === undefined) cache.set(environment, (graphs = environmentGraphs(rendering, plan, settings, environment)));
    const drawn = changesToMermaid(graphs.before, graphs.after, [app]);
    if (!/\n {4,}n\d+\[/.test(drawn.text)) return undefined;
    const redraw = `\`kubeforge graph --env ${environment} --app ${app} --format html\``;
    const tooBig = drawn.tooBig ?? (drawn.text.length > left ? `${drawn.text.length} characters, more than this comment has left for graphs` : undefined);
    if (tooBig !== undefined) return `Graph of ${app} left out (${tooBig}): ${redraw} draws it.`;
    left -= drawn.text.length;
    return ['Links of the app (green: added by this change, dashed red: removed):', '', '```mermaid', drawn.text.replace(/\n$/, ''), '```'].join('\n');
  };
}
