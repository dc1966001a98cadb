// The diff benchmark: peak memory and time of a unified diff of files with 6,000 changed lines, kubeforge's
// (jsdiff with a bounded edit search) against jsdiff unbounded, and the floor (reading the two files).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatMeasurement, type Measurement, measureInterleaved, REPO } from './measure';

export interface DiffBenchmark {
  readonly cases: { readonly name: string; readonly measurements: Measurement[] }[];
}

/** A YAML-like file of `lines` lines; lines whose index passes `changed` carry `suffix`. */
function file(lines: number, changed: (index: number) => boolean, suffix: string): string {
  return Array.from({ length: lines }, (_, index) => `  key-${index}: value-${index}${changed(index) ? `-${suffix}` : ''}`).join('\n') + '\n';
}

export function runDiffBenchmark(work: string): DiffBenchmark {
  const child = join(REPO, '.build', 'bench', 'diff-child.js');
  const shapes = [
    { name: '6,000 lines, all changed', lines: 6000, changed: () => true },
    { name: '60,000 lines, 6,000 changed (every 10th)', lines: 60000, changed: (index: number) => index % 10 === 0 },
  ];
  const cases = shapes.map((shape, index) => {
    const before = join(work, `diff-${index}-before.yaml`);
    const after = join(work, `diff-${index}-after.yaml`);
    writeFileSync(before, file(shape.lines, shape.changed, 'old'));
    writeFileSync(after, file(shape.lines, shape.changed, 'new'));
    const commands = (['read', 'kubeforge', 'jsdiff'] as const).map((mode) => ({
      label: `${mode === 'read' ? 'floor: read both files' : mode === 'kubeforge' ? 'kubeforge unifiedDiff' : 'jsdiff, unbounded (peer)'}`,
      args: [child, mode, before, after],
    }));
    return { name: shape.name, measurements: measureInterleaved(commands, 3).measurements };
  });
  return { cases };
}

export function printDiffBenchmark(result: DiffBenchmark): void {
  console.log('\ndiff: whole process, median of 3 interleaved rounds, peak resident memory');
  for (const entry of result.cases) {
    console.log(`  ${entry.name}`);
    for (const measurement of entry.measurements) console.log(`    ${formatMeasurement(measurement)}`);
  }
}
