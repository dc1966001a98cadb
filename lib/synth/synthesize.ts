// The programmatic synth: render, validate, and write crash-safely only when nothing is wrong.
import { render, type RenderOptions, type Rendering } from './render';
import { planTree, recoverInterrupted, type TreeFileSystem, type TreePlan, writeTree } from './tree';
import type { Program } from './program';

export interface SynthesizeOptions extends RenderOptions {
  /** Absolute path of the output folder. */
  readonly outputDirectory: string;
  /** Compare only; never write. @default false */
  readonly check?: boolean;
  /** Stop a write on SIGINT and SIGTERM (InterruptedError), leaving a whole tree. @default false */
  readonly handleSignals?: boolean;
  /** File operations of the write (tests stop writes part-way with it). @default node:fs */
  readonly fileSystem?: TreeFileSystem;
}

export interface Synthesis {
  readonly rendering: Rendering;
  /** What differs from the output folder; absent when findings stopped the run. */
  readonly plan?: TreePlan;
  /** True when files were written (no error findings, not a check, something changed). */
  readonly written: boolean;
  /** Staging folders of killed runs whose write this run finished first. */
  readonly recovered: readonly string[];
}

/**
 * Renders the program; when no finding is at error severity, writes the changed files (unless `check`).
 * Throws OwnershipError, before touching anything, when a file to write belongs to another tool.
 */
export async function synthesize(program: Program<any>, options: SynthesizeOptions): Promise<Synthesis> {
  const rendering = render(program, options);
  if (rendering.errors > 0) return { rendering, written: false, recovered: [] };
  return writeRendering(rendering, options);
}

/** The part of `synthesize` after rendering: finish killed writes, compare, and write unless `check`. */
export async function writeRendering(rendering: Rendering, options: Omit<SynthesizeOptions, 'settings'>): Promise<Synthesis> {
  // A killed run's committed write is finished first, so that this run plans against a whole tree.
  const recovered = options.check ? [] : await recoverInterrupted(options.outputDirectory, options.fileSystem);
  options.onProgress?.('', 'comparing with the output folder');
  const plan = planTree(options.outputDirectory, rendering);
  if (options.check) return { rendering, plan, written: false, recovered };
  options.onProgress?.('', 'writing');
  const signals = options.handleSignals ? listenForSignals() : undefined;
  try {
    await writeTree(options.outputDirectory, plan, { fileSystem: options.fileSystem, signal: signals?.signal });
  } finally {
    signals?.dispose();
  }
  return { rendering, plan, written: plan.changes.length > 0 || plan.markers.size > 0, recovered };
}

/** SIGINT and SIGTERM abort the signal (its reason is the signal's name) while the write runs. */
function listenForSignals(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort('SIGINT');
  const onTerminate = () => controller.abort('SIGTERM');
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
    },
  };
}
