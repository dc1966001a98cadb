// The validate benchmark: whole-process `kubeforge validate` on a 10,000-resource corpus and on one small
// file, against the floor (reading and parsing the same files with kubeforge's YAML reader, one thread).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCorpus } from './corpus';
import { formatMeasurement, measureNode, REPO, type Measurement } from './measure';

const CLI = join(REPO, '.build', 'lib', 'cli', 'main.js');
const FLOOR = join(REPO, '.build', 'bench', 'parse-floor.js');

export interface ValidateBenchmark {
  readonly corpus: { files: number; resources: number; megabytes: number };
  readonly measurements: Measurement[];
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

  const measurements: Measurement[] = [
    measureNode(`kubeforge validate, ${corpus.resources} resources`, [CLI, 'validate', corpus.folder]),
    measureNode('kubeforge validate, same corpus, one thread (--workers 0)', [CLI, 'validate', '--workers', '0', corpus.folder]),
    measureNode('floor: read + parse the corpus (kubeforge reader), one thread', [FLOOR, corpus.folder]),
    measureNode('kubeforge validate, one small file (cold start)', [CLI, 'validate', smallFile]),
  ];
  if (hasCommand('kubeconform')) {
    const start = process.hrtime.bigint();
    spawnSync('kubeconform', ['-summary', corpus.folder], { encoding: 'utf8' });
    measurements.push({ label: 'peer: kubeconform (Go)', seconds: Number(process.hrtime.bigint() - start) / 1e9, peakMb: 0, runs: 1 });
  }
  return { corpus: { files: corpus.files, resources: corpus.resources, megabytes: corpus.bytes / 1e6 }, measurements };
}

export function printValidateBenchmark(result: ValidateBenchmark): void {
  const { files, resources, megabytes } = result.corpus;
  console.log(`validate corpus: ${resources} resources, ${files} files, ${megabytes.toFixed(1)} MB of YAML`);
  for (const measurement of result.measurements) console.log(`  ${formatMeasurement(measurement)}`);
  const [full, , floor, small] = result.measurements;
  console.log(`  ratio validate / parse floor: ${(full.seconds / floor.seconds).toFixed(2)}`);
  console.log(`  targets: corpus <= 0.8 s (${full.seconds <= 0.8 ? 'met' : 'MISSED'}), small file <= 0.3 s (${small.seconds <= 0.3 ? 'met' : 'MISSED'}), peak <= 400 MB (${full.peakMb <= 400 ? 'met' : 'MISSED'})`);
  if (!result.measurements.some((measurement) => measurement.label.startsWith('peer'))) console.log('  kubeconform is not installed here: no peer figure in this run');
}
