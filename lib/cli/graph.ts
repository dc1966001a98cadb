// `kubeforge graph`: draws how the objects connect, from manifest files (read as validate reads them) or from
// what the program synthesizes for one environment.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KUBERNETES_VERSIONS } from '../k8s/versions';
import { GRAPH_FORMATS, graphFromPaths, graphFromProgram, type Graph } from '../graph';
import { mermaidTooBig } from '../graph/format/mermaid';
import { parseArgs, UsageError } from './args';
import type { CommandIo } from './io';
import { COMMON_FLAGS, openProject, withProjectErrors } from './synth';
import { parseKubernetesVersion, rulesConfig } from './validate';

export const GRAPH_HELP = `Usage: kubeforge graph [flags] [PATH...]
       kubeforge graph --env NAME [--app NAME] [flags]

Draws the objects and how they connect: Ingress -> Service -> workloads, autoscalers, disruption budgets,
network policies, ConfigMaps, Secrets, volumes, service accounts, role bindings, owners. A reference a rule
reports as missing is a red dashed link to a "missing" node named with the rule id.

With PATHs (files or folders; - or none reads stdin) it reads manifests as \`kubeforge validate\` does; with
--env it draws what the program synthesizes for that environment (nothing is written).

Flags:
  -f, --format FORMAT           mermaid (default), dot, json, svg or html (one self-contained page)
      --out FILE                write to FILE instead of standard output
      --env NAME                draw the program's rendering of this environment
      --app NAME                with --env: only these apps (repeatable, comma-separated)
      --config FILE             project configuration: rule settings, and with --env the program (default cdk8s.yaml)
      --entry FILE              with --env: compiled program entry
      --kubernetes-version V    ${KUBERNETES_VERSIONS.join(', ')} (default ${KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1]})
      --crd PATH                CustomResourceDefinition file or folder (repeatable)
  -h, --help                    this help

Exit codes: 0 drawn (findings do not change it; run validate for a verdict), 2 usage or I/O error.
`;

const FLAGS = {
  format: { value: true, short: 'f' },
  out: { value: true },
  env: COMMON_FLAGS.env,
  app: COMMON_FLAGS.app,
  config: COMMON_FLAGS.config,
  entry: COMMON_FLAGS.entry,
  'kubernetes-version': { value: true },
  crd: { value: true, repeatable: true },
  help: { short: 'h' },
};

export async function runGraphCommand(argv: string[], io: CommandIo): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.get('help')) {
    io.stdout.write(GRAPH_HELP);
    return 0;
  }
  const format = (flags.get('format') as string | undefined) ?? 'mermaid';
  const draw = GRAPH_FORMATS[format];
  if (draw === undefined) throw new UsageError(`--format ${format} is not a format; use ${Object.keys(GRAPH_FORMATS).join(', ')}`);
  const environments = flags.get('env') as string[] | undefined;
  let graph: Graph;
  if (environments !== undefined) {
    if (positionals.length > 0) throw new UsageError(`draw either PATHs or --env, not both (got ${JSON.stringify(positionals[0])} and --env)`);
    if (environments.length !== 1) throw new UsageError(`--env takes one environment for a graph (got ${environments.join(', ')}); run once per environment`);
    let drawn: Graph | undefined;
    const code = await withProjectErrors('graph', io, async () => {
      const project = openProject(flags, io);
      drawn = graphFromProgram(project.program, { settings: project.settings, outputLabel: project.outputLabel, environment: environments[0], apps: project.apps });
      return 0;
    });
    if (drawn === undefined) return code;
    graph = drawn;
  } else {
    if (flags.has('app')) throw new UsageError('--app selects apps of the program; use it with --env');
    const paths = positionals.length === 0 ? ['-'] : positionals;
    graph = await graphFromPaths({
      paths,
      stdin: paths.includes('-') ? readFileSync(0, 'utf8') : undefined,
      kubernetesVersion: flags.has('kubernetes-version') ? parseKubernetesVersion(flags.get('kubernetes-version') as string) : undefined,
      crdPaths: (flags.get('crd') as string[] | undefined) ?? [],
      // The rule settings validate uses, so both report the same broken links.
      rules: await rulesConfig(flags, io),
    });
  }
  const text = draw(graph);
  const tooBig = format === 'mermaid' ? mermaidTooBig(text, graph.edges.length) : undefined;
  if (tooBig !== undefined) io.stderr.write(`kubeforge graph: the Mermaid graph has ${tooBig}; GitHub and GitLab will not draw it: use --format html, or draw fewer apps (--app) or files\n`);
  const out = flags.get('out') as string | undefined;
  if (out === undefined) {
    io.stdout.write(text);
    return 0;
  }
  try {
    writeFileSync(resolve(io.cwd, out), text);
  } catch (error) {
    io.stderr.write(`kubeforge graph: cannot write ${out}: ${(error as Error).message}; check the folder exists and is writable\n`);
    return 2;
  }
  return 0;
}
