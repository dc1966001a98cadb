// Lets the program entry run on its own (`node .build/apps/main.js`, which is what `npx cdk8s synth`
// runs): it then renders like `kubeforge synth` into CDK8S_OUTDIR, or the configured output folder.
import { relative, resolve, sep } from 'node:path';
import { loadSettings } from './config';
import type { Program } from './program';
import { formatFindings, summaryLines } from './report';
import { SECRET_CHECKSUM_KEY_VARIABLE } from './checksum';
import { synthesize } from './synthesize';
import { InterruptedError } from './tree';

/** Synthesizes `program` when `entry` is the process's main module; does nothing when it is imported. */
export function runWhenMain(entry: NodeJS.Module, program: Program<any>): void {
  if (require.main !== entry) return;
  const cwd = process.cwd();
  const settings = loadSettings(cwd);
  const outputDirectory = resolve(cwd, process.env.CDK8S_OUTDIR ?? settings.output);
  synthesize(program, {
    settings,
    outputDirectory,
    outputLabel: relative(cwd, outputDirectory).split(sep).join('/') || '.',
    handleSignals: true,
    secretChecksumKey: process.env[SECRET_CHECKSUM_KEY_VARIABLE] || undefined,
  }).then(
    ({ rendering, plan, written }) => {
      process.stderr.write(formatFindings(rendering));
      process.stdout.write(summaryLines(rendering, plan, written));
      process.exitCode = rendering.errors > 0 ? 1 : 0;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof InterruptedError ? (error.signal === 'SIGTERM' ? 143 : 130) : 2;
    },
  );
}
