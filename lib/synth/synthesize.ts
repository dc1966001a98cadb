// The programmatic synth: render, validate, and write atomically only when nothing is wrong.
import { render, type RenderOptions, type Rendering } from './render';
import { planTree, type TreePlan, writeTree } from './tree';
import type { Program } from './program';

export interface SynthesizeOptions extends RenderOptions {
  /** Absolute path of the output folder. */
  readonly outputDirectory: string;
  /** Compare only; never write. @default false */
  readonly check?: boolean;
}

export interface Synthesis {
  readonly rendering: Rendering;
  /** What differs from the output folder; absent when findings stopped the run. */
  readonly plan?: TreePlan;
  /** True when files were written (no error findings, not a check, something changed). */
  readonly written: boolean;
}

/**
 * Renders the program; when no finding is at error severity, writes the changed files (unless `check`).
 * Throws OwnershipError, before touching anything, when a file to write belongs to another tool.
 */
export function synthesize(program: Program<any>, options: SynthesizeOptions): Synthesis {
  const rendering = render(program, options);
  if (rendering.errors > 0) return { rendering, written: false };
  options.onProgress?.('', 'comparing with the output folder');
  const plan = planTree(options.outputDirectory, rendering);
  if (options.check) return { rendering, plan, written: false };
  options.onProgress?.('', 'writing');
  writeTree(options.outputDirectory, plan);
  return { rendering, plan, written: plan.changes.length > 0 || plan.markers.size > 0 };
}
