// `kubeforge diff`: what synth would change, per resource, as unified diffs (committed → rendered),
// with Secret values masked; `--output markdown` for pull-request comments, `json` for other tools.
import { changeGraphSection } from '../graph/diff';
import { resourceDiffs } from '../synth/diff';
import { type AppSection, markdownReport } from '../synth/diff-markdown';
import { parseArgs, UsageError } from './args';
import type { CommandIo } from './io';
import { formatFindings } from '../synth/report';
import { COMMON_FLAGS, openProject, synthesizeProject, withProjectErrors } from './synth';

export const DIFF_HELP = `Usage: kubeforge diff [flags]

Renders the program like \`kubeforge synth\` and prints, per resource, a unified diff between the files
in the output folder (a/) and the rendered ones (b/). Secret values are masked. Writes nothing.

Flags:
  -o, --output FORMAT           text (default), markdown (a pull-request comment) or json
      --no-graph                markdown without the Mermaid graph of each changed app's links
      --env NAME                only these environments (repeatable, comma-separated)
      --app NAME                only these apps (repeatable, comma-separated)
      --layout files|bundle     one file per resource (default) or one file per app
      --out-dir DIR             output folder (default: cdk8s.yaml \`output:\`, else dist)
      --config FILE             project configuration (default cdk8s.yaml)
      --entry FILE              compiled program entry (default: from the cdk8s.yaml \`app:\` command)
      --kubernetes-version V    validate against another bundled Kubernetes version
      --quiet                   no summary line
      --verbose                 also print info findings
  -h, --help                    this help

Exit codes: 0 no differences, 1 differences, 2 failure (error findings, usage, configuration, I/O).
`;


export async function runDiffCommand(argv: string[], io: CommandIo): Promise<number> {
  const { flags, positionals } = parseArgs(argv, { ...COMMON_FLAGS, output: { value: true, short: 'o' }, graph: { negatable: true } });
  if (flags.get('help')) {
    io.stdout.write(DIFF_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; select with --env and --app`);
  const output = (flags.get('output') as string | undefined) ?? 'text';
  if (output !== 'text' && output !== 'json' && output !== 'markdown') throw new UsageError(`--output ${output}: use text, markdown or json`);
  return withProjectErrors('diff', io, async () => {
    const project = openProject(flags, io);
    const synthesis = await synthesizeProject(project, flags, io, true);
    const { rendering, plan } = synthesis;
    io.stderr.write(formatFindings(rendering, flags.get('verbose') === true, flags.get('quiet') === true));
    if (rendering.errors > 0 || !plan) {
      io.stderr.write(`diff failed: ${rendering.errors} error findings; fix them first (kubeforge synth shows the same findings)\n`);
      return 2;
    }
    for (const name of plan.interrupted) {
      io.stderr.write(`note: ${name} holds the journal of a synth killed while writing ${project.outputLabel}/, which is partly written; \`kubeforge synth\` finishes it\n`);
    }
    const diffs = resourceDiffs(plan.changes, project.outputLabel);
    const summary = {
      added: diffs.filter((diff) => diff.status === 'added').length,
      removed: diffs.filter((diff) => diff.status === 'removed').length,
      changed: diffs.filter((diff) => diff.status === 'changed').length,
    };
    if (output === 'markdown') {
      // Sections added to each app's part of the comment, after its table and diffs.
      const appSections: AppSection[] = flags.get('graph') === false ? [] : [changeGraphSection(rendering, plan, project.settings)];
      io.stdout.write(markdownReport(diffs, { appSections }));
    } else if (output === 'json') {
      io.stdout.write(`${JSON.stringify({ outputDirectory: project.outputLabel, summary, changes: diffs }, null, 2)}\n`);
    } else {
      for (const diff of diffs) {
        const what = diff.kind ? `${diff.kind} ${diff.namespace ? `${diff.namespace}/` : ''}${diff.name}` : diff.path;
        io.stdout.write(`# ${diff.status} ${diff.environment ?? ''} ${what}\n${diff.diff}`);
      }
      if (flags.get('quiet') !== true) {
        io.stdout.write(diffs.length === 0 ? 'no differences\n' : `${summary.added} added, ${summary.removed} removed, ${summary.changed} changed\n`);
      }
    }
    return diffs.length === 0 ? 0 : 1;
  });
}
