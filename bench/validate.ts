// The validate benchmark: whole-process `kubeforge validate` on a 10,000-resource corpus and on one small
// file, against the floor (reading and parsing the same files with kubeforge's YAML reader, one thread).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../lib/validate/rules';
import { writeCorpus } from './corpus';
import { formatMeasurement, measureInterleaved, median, REPO, type Measurement } from './measure';

const CLI = join(REPO, '.build', 'lib', 'cli', 'main.js');
const FLOOR = join(REPO, '.build', 'bench', 'parse-floor.js');

export interface ValidateBenchmark {
  readonly corpus: { files: number; resources: number; megabytes: number };
  readonly measurements: Measurement[];
  /** Median over rounds of (schema + rules) / (schema only), each pair measured back to back. */
  readonly rulesRatio: number;
  /** The same with every rule off: what running the rule pipeline costs before any rule checks anything. */
  readonly pipelineRatio: number;
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

export function runValidateBenchmark(workFolder: string): ValidateBenchmark {
  const corpus = writeCorpus(join(workFolder, 'validate-corpus'));
  const small = join(workFolder, 'small');
  mkdirSync(small, { recursive: true });
  const smallFile = join(small, 'deployment.yaml');
  writeFileSync(smallFile, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n');

  const everyRuleOff = ALL_RULES.map((rule) => `${rule.id}=off`).join(',');
  // Interleaved rounds: the machine's speed drifts, and every command of a round meets the same drift.
  const { measurements, rounds } = measureInterleaved(
    [
      { label: `kubeforge validate, ${corpus.resources} resources (schema + rules)`, args: [CLI, 'validate', corpus.folder] },
      { label: 'kubeforge validate --no-rules (schema only)', args: [CLI, 'validate', '--no-rules', corpus.folder] },
      { label: 'floor: read + parse the corpus (kubeforge reader), one thread', args: [FLOOR, corpus.folder] },
      { label: 'kubeforge validate, one small file (cold start)', args: [CLI, 'validate', smallFile] },
      { label: 'kubeforge validate --no-rules --workers 1 (two threads)', args: [CLI, 'validate', '--no-rules', '--workers', '1', corpus.folder] },
      { label: 'kubeforge validate, every rule off (objects kept for rules)', args: [CLI, 'validate', '--rule', everyRuleOff, corpus.folder] },
    ],
    9,
  );
  const rulesRatio = median(rounds.map((times) => times[0] / times[1]));
  const pipelineRatio = median(rounds.map((times) => times[5] / times[1]));
  if (hasCommand('kubeconform')) {
    const start = process.hrtime.bigint();
    spawnSync('kubeconform', ['-summary', corpus.folder], { encoding: 'utf8' });
    measurements.push({ label: 'peer: kubeconform (Go)', seconds: Number(process.hrtime.bigint() - start) / 1e9, peakMb: 0, runs: 1 });
  }
  return { corpus: { files: corpus.files, resources: corpus.resources, megabytes: corpus.bytes / 1e6 }, measurements, rulesRatio, pipelineRatio };
}

export function printValidateBenchmark(result: ValidateBenchmark): void {
  const { files, resources, megabytes } = result.corpus;
  console.log(`validate corpus: ${resources} resources, ${files} files, ${megabytes.toFixed(1)} MB of YAML`);
  for (const measurement of result.measurements) console.log(`  ${formatMeasurement(measurement)}`);
  const [full, schemaOnly, floor, small] = result.measurements;
  console.log(`  ratio schema-only validate / parse floor: ${(schemaOnly.seconds / floor.seconds).toFixed(2)}; with rules / without: ${(full.seconds / schemaOnly.seconds).toFixed(2)}, per round ${result.rulesRatio.toFixed(2)} (target <= 1.2); every rule off / without: ${result.pipelineRatio.toFixed(2)} per round`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`  targets: corpus <= 0.8 s (schema only ${verdict(schemaOnly.seconds <= 0.8)}, with rules ${verdict(full.seconds <= 0.8)}), small file <= 0.3 s (${verdict(small.seconds <= 0.3)}), peak <= 400 MB (${verdict(Math.max(full.peakMb, schemaOnly.peakMb) <= 400)})`);
  if (!result.measurements.some((measurement) => measurement.label.startsWith('peer'))) console.log('  kubeconform is not installed here: no peer figure in this run');
}
