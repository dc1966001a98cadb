// Lets the program entry run on its own (`node .build/apps/main.js`, the `app:` of cdk8s.yaml): it then
// renders like `kubeforge synth` into CDK8S_OUTDIR, or the configured output folder.
import { relative, resolve, sep } from 'node:path';
import { ConfigError, loadSettings, type Settings } from './config';
import { refuseStaleBuild } from './load';
import type { Program } from './program';
import { formatFindings, summaryLines } from './report';
import { SECRET_CHECKSUM_KEY_VARIABLE } from './checksum';
import { synthesize } from './synthesize';
import { InterruptedError } from './tree';

/** Synthesizes `program` in the working folder, as `kubeforge synth` would, and sets the exit code. */
export function synthesizeAsMain(program: Program<any>): void {
  const cwd = process.cwd();
  let settings: Settings;
  try {
    refuseStaleBuild(Object.keys(require.cache), cwd);
    settings = loadSettings(cwd);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`kubeforge: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const outputDirectory = resolve(cwd, process.env.CDK8S_OUTDIR ?? settings.output);
  const outputLabel = relative(cwd, outputDirectory).split(sep).join('/') || '.';
  synthesize(program, {
    settings,
    outputDirectory,
    outputLabel,
    handleSignals: true,
    secretChecksumKey: process.env[SECRET_CHECKSUM_KEY_VARIABLE] || undefined,
  }).then(
    ({ rendering, plan, written }) => {
      process.stderr.write(formatFindings(rendering));
      process.stdout.write(summaryLines(rendering, plan, written));
      if (rendering.errors > 0) process.stderr.write(`synth failed: nothing written to ${outputLabel}/\n`);
      process.exitCode = rendering.errors > 0 ? 1 : 0;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof InterruptedError ? (error.signal === 'SIGTERM' ? 143 : 130) : 2;
    },
  );
}
