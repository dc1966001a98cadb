// `kubeforge synth`: renders every environment and app of the program into the GitOps tree, validated
// before anything is written; `--check` compares with the committed tree instead (CI drift check).
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError, loadSettings, resolveEntry, type Layout, type Settings } from '../synth/config';
import { resourceDiffs, type ResourceDiff } from '../synth/diff';
import { distinctErrors, formatFindings, plural, summaryLines } from '../synth/report';
import { loadProgram } from '../synth/load';
import type { Program } from '../synth/program';
import { SelectionError } from '../synth/render';
import { SECRET_CHECKSUM_KEY_VARIABLE } from '../synth/checksum';
import { synthesize, type Synthesis } from '../synth/synthesize';
import { InterruptedError, JournalError, OwnershipError, type TreePlan } from '../synth/tree';
import { parseArgs, UsageError, type FlagSpec, type ParsedArgs } from './args';
import type { CommandIo } from './io';
import { parseKubernetesVersion } from './validate';

export const SYNTH_HELP = `Usage: kubeforge synth [flags]

Renders the apps of the program (cdk8s.yaml \`app:\`, compiled) for each environment into
<output>/<env>/<app>/, validates every object, and writes only when nothing is at error severity.

Flags:
      --env NAME                render only these environments (repeatable, comma-separated)
      --app NAME                render only these apps (repeatable, comma-separated); \`platform\` builds every app
      --layout files|bundle     one file per resource (default) or one file per app
      --check                   compare with the files on disk, write nothing: exit 0 same, 1 drift, 2 failure
      --out-dir DIR             output folder (default: cdk8s.yaml \`output:\`, else dist)
      --config FILE             project configuration (default cdk8s.yaml)
      --entry FILE              compiled program entry (default: the file in the cdk8s.yaml \`app:\` command)
      --kubernetes-version V    validate against another bundled Kubernetes version
      --quiet                   print findings and errors only
      --verbose                 also print info findings (hidden by default, counted)
      --progress                show progress on a terminal (default: on a TTY outside CI; --no-progress)
  -h, --help                    this help

Exit codes: 0 written (or no drift), 1 error findings (nothing written) or drift with --check (changed,
stray or half-written files), 2 usage, configuration or I/O failure, 130/143 interrupted by SIGINT/SIGTERM
(the output folder is left whole).

Environment: KUBEFORGE_CHECKSUM_KEY keys the checksums of Secrets (without it Secrets get none).
`;

export const COMMON_FLAGS: Record<string, FlagSpec> = {
  env: { value: true, repeatable: true },
  app: { value: true, repeatable: true },
  layout: { value: true },
  'out-dir': { value: true },
  config: { value: true },
  entry: { value: true },
  'kubernetes-version': { value: true },
  quiet: {},
  verbose: {},
  progress: { negatable: true },
  help: { short: 'h' },
};

/** Everything a synth-like command needs once its flags are read. */
export interface Project {
  readonly settings: Settings;
  readonly program: Program<unknown>;
  readonly outputDirectory: string;
  /** The output folder as printed (relative to the working folder, POSIX separators). */
  readonly outputLabel: string;
  readonly layout: Layout;
  readonly environments?: string[];
  readonly apps?: string[];
}

/** Reads cdk8s.yaml and the program entry as the flags say. */
export function openProject(flags: Map<string, string | boolean | string[]>, io: CommandIo): Project {
  const configured = loadSettings(io.cwd, (flags.get('config') as string | undefined) ?? undefined);
  const version = flags.get('kubernetes-version') as string | undefined;
  const settings: Settings = version === undefined ? configured : { ...configured, kubernetesVersion: parseKubernetesVersion(version) };
  const layout = (flags.get('layout') as string | undefined) ?? settings.layout;
  if (layout !== 'files' && layout !== 'bundle') throw new UsageError(`--layout ${layout}: use files or bundle`);
  const outputDirectory = resolve(io.cwd, (flags.get('out-dir') as string | undefined) ?? settings.output);
  const program = loadProgram(resolveEntry(io.cwd, settings, flags.get('entry') as string | undefined), io.cwd);
  return {
    settings,
    program,
    outputDirectory,
    outputLabel: labelOf(io.cwd, outputDirectory),
    layout,
    environments: flags.get('env') as string[] | undefined,
    apps: flags.get('app') as string[] | undefined,
  };
}

function labelOf(cwd: string, directory: string): string {
  const path = relative(cwd, directory);
  if (path === '') return '.';
  if (path.startsWith('..') || isAbsolute(path)) return directory.split(sep).join('/');
  return path.split(sep).join('/');
}

/** A progress line on stderr, drawn only on a TTY outside CI and only after the first moment. */
export function progressReporter(flags: Map<string, string | boolean | string[]>, io: CommandIo): { update: (environment: string, step: string) => void; clear: () => void } {
  const stream = io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
  const wanted = flags.get('progress') ?? (stream.isTTY === true && !io.env.CI);
  const started = performance.now();
  let drawn = false;
  if (!wanted || flags.get('quiet') === true) return { update: () => undefined, clear: () => undefined };
  return {
    update(environment, step) {
      if (performance.now() - started < 250) return;
      drawn = true;
      stream.write(`\r\x1b[2K${environment ? `${environment}: ` : ''}${step}...`);
    },
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

/**
 * Runs a command body, turning configuration, selection, ownership and journal problems into exit code 2,
 * and an interrupted write into 130 (SIGINT) or 143 (SIGTERM).
 */
export async function withProjectErrors(name: string, io: CommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof SelectionError || error instanceof OwnershipError || error instanceof JournalError) {
      io.stderr.write(`kubeforge ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof InterruptedError) {
      const state = error.finished ? 'the write had begun and was finished first: the output folder holds the new tree' : 'nothing was written';
      io.stderr.write(`kubeforge ${name}: ${error.message}; ${state}\n`);
      return error.signal === 'SIGTERM' ? 143 : 130;
    }
    throw error;
  }
}

/** Files in owned folders that nothing renders, and killed writes, as lines for people. */
function leftoverLines(plan: TreePlan, outputLabel: string): string {
  // A bundle folder (<env>/) has no kustomization.yaml: Flux's Kustomization of it applies every file there.
  const stray = plan.stray.map((path) =>
    `  stray    ${outputLabel}/${path}: not rendered by the program; ${path.split('/').length === 2 ? 'Argo CD does not apply it, Flux does' : 'it is not applied'} (delete it, or render it from the program)\n`);
  const interrupted = plan.interrupted.map((name) =>
    `  interrupted ${name}: a synth was killed while writing ${outputLabel}/, which is partly written; run \`kubeforge synth\` to finish it\n`);
  return [...stray, ...interrupted].join('');
}

function driftLines(diffs: readonly ResourceDiff[]): string {
  return diffs
    .map((diff) => {
      const what = diff.kind ? `${diff.kind} ${diff.namespace ? `${diff.namespace}/` : ''}${diff.name}` : 'file';
      return `  ${diff.status.padEnd(8)} ${(diff.environment ?? '').padEnd(8)} ${what}  ${diff.path}\n`;
    })
    .join('');
}

/** Renders the project (writing only when `check` is false), with the progress line while it works. */
export async function synthesizeProject(project: Project, flags: ParsedArgs['flags'], io: CommandIo, check: boolean): Promise<Synthesis> {
  const progress = progressReporter(flags, io);
  try {
    return await synthesize(project.program, {
      settings: project.settings,
      outputDirectory: project.outputDirectory,
      outputLabel: project.outputLabel,
      layout: project.layout,
      environments: project.environments,
      apps: project.apps,
      check,
      handleSignals: !check,
      secretChecksumKey: io.env[SECRET_CHECKSUM_KEY_VARIABLE] || undefined,
      onProgress: progress.update,
    });
  } finally {
    progress.clear();
  }
}

export async function runSynthCommand(argv: string[], io: CommandIo): Promise<number> {
  const { flags, positionals } = parseArgs(argv, { ...COMMON_FLAGS, check: {} });
  if (flags.get('help')) {
    io.stdout.write(SYNTH_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; select with --env and --app`);
  const check = flags.get('check') === true;
  const quiet = flags.get('quiet') === true;
  return withProjectErrors('synth', io, async () => {
    const project = openProject(flags, io);
    const synthesis = await synthesizeProject(project, flags, io, check);
    const { rendering, plan, written, recovered } = synthesis;
    io.stderr.write(formatFindings(rendering, flags.get('verbose') === true, quiet));
    for (const name of recovered) io.stderr.write(`note: finished the write of a synth that was killed (${name}) before its own\n`);
    if (!quiet || rendering.errors > 0) io.stdout.write(summaryLines(rendering, plan, written));
    if (rendering.errors > 0) {
      io.stderr.write(`synth failed: ${plural(distinctErrors(rendering), 'error')}; nothing written to ${project.outputLabel}/\n`);
      return check ? 2 : 1;
    }
    if (!plan) return 0;
    if (!check) {
      // Kept, since synth never removes what it did not write, but said: nothing applies these files.
      if (plan.stray.length > 0) io.stderr.write(`warning: files that synth keeps but nothing applies:\n${leftoverLines({ ...plan, interrupted: [] }, project.outputLabel)}`);
      return 0;
    }
    const diffs = resourceDiffs(plan.changes, project.outputLabel);
    if (diffs.length === 0 && plan.conflicts.length === 0 && plan.stray.length === 0 && plan.interrupted.length === 0) {
      if (!quiet) io.stdout.write(`${project.outputLabel}/ is up to date\n`);
      return 0;
    }
    const counts = (['added', 'removed', 'changed'] as const).map((status) => `${diffs.filter((diff) => diff.status === status).length} ${status}`);
    counts.push(`${plan.stray.length} stray`);
    io.stdout.write(`drift: ${project.outputLabel}/ differs from the rendered output (${counts.join(', ')}):\n${driftLines(diffs)}${leftoverLines(plan, project.outputLabel)}`);
    for (const conflict of plan.conflicts) io.stdout.write(`  not owned ${project.outputLabel}/${conflict} (synth would refuse to overwrite it)\n`);
    io.stdout.write(`run \`kubeforge synth\` and commit ${project.outputLabel}/\n`);
    return 1;
  });
}
