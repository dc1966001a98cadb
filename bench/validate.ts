// The validate benchmark: whole-process `kubeforge validate` on a 10,000-resource corpus and on one small
// file, against the floor (reading and parsing the same files with kubeforge's YAML reader, one thread) and the peer
// (kubeconform -strict -n 2 with schemas of the same version, when it is on PATH and ../shared is beside the repository).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../lib/validate/rules';
import { writeCorpus } from './corpus';
import { KUBERNETES_VERSION, writeKubeconformSchemas } from './kubeconform-schemas';
import { formatMeasurement, measureInterleaved, median, REPO, type Measurement, type NodeRunOptions } from './measure';

const CLI = join(REPO, '.build', 'lib', 'cli', 'main.js');
const FLOOR = join(REPO, '.build', 'bench', 'parse-floor.js');

export interface ValidateBenchmark {
  readonly corpus: { files: number; resources: number; megabytes: number };
  readonly measurements: Measurement[];
  /** Median over rounds of (schema + rules) / (schema only), each pair measured back to back. */
  readonly rulesRatio: number;
  /** The same with every rule off: what running the rule pipeline costs before any rule checks anything. */
  readonly pipelineRatio: number;
  /** Medians over rounds of kubeforge's time over kubeconform's, when the peer ran. */
  readonly peer?: { defaultRatio: number; schemaOnlyRatio: number };
  /** Whether the peer ran, and whether it agreed with kubeforge on the corpus. */
  readonly peerNote: string;
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** One check, outside the timed rounds, that the peer validates the corpus and agrees with kubeforge about it. */
function agreement(corpusFolder: string, peerArgs: readonly string[]): string {
  const peer = spawnSync('kubeconform', [...peerArgs, '-output', 'json', corpusFolder], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const own = spawnSync(process.execPath, [CLI, 'validate', '--no-rules', '-o', 'json', corpusFolder], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  try {
    const peerResult = JSON.parse(peer.stdout) as { summary: { valid: number; invalid: number; errors: number; skipped: number } };
    const ownResult = JSON.parse(own.stdout) as { resources: { status: string }[] };
    const ownInvalid = ownResult.resources.filter((resource) => resource.status !== 'valid').length;
    const { valid, invalid, errors, skipped } = peerResult.summary;
    const agree = valid + invalid + errors + skipped === ownResult.resources.length && invalid + errors === ownInvalid && skipped === 0;
    return `kubeconform: ${valid} valid, ${invalid} invalid, ${errors} errors, ${skipped} skipped; kubeforge --no-rules: ${ownResult.resources.length - ownInvalid} valid, ${ownInvalid} not (${agree ? 'agree' : 'DISAGREE'})`;
  } catch {
    return `could not compare with kubeconform (kubeconform exit ${peer.status}, kubeforge exit ${own.status}: ${`${peer.stderr}${own.stderr}`.slice(0, 300)})`;
  }
}

export function runValidateBenchmark(workFolder: string): ValidateBenchmark {
  const corpus = writeCorpus(join(workFolder, 'validate-corpus'));
  const small = join(workFolder, 'small');
  mkdirSync(small, { recursive: true });
  const smallFile = join(small, 'deployment.yaml');
  writeFileSync(smallFile, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n');

  const everyRuleOff = ALL_RULES.map((rule) => `${rule.id}=off`).join(',');
  const commands: { label: string; args: readonly string[]; options?: NodeRunOptions }[] = [
    { label: `kubeforge validate, ${corpus.resources} resources (schema + rules)`, args: [CLI, 'validate', corpus.folder] },
    { label: 'kubeforge validate --no-rules (schema only)', args: [CLI, 'validate', '--no-rules', corpus.folder] },
    { label: 'floor: read + parse the corpus (kubeforge reader), one thread', args: [FLOOR, corpus.folder] },
    { label: 'kubeforge validate, one small file (cold start)', args: [CLI, 'validate', smallFile] },
    { label: 'kubeforge validate --no-rules --workers 1 (two threads)', args: [CLI, 'validate', '--no-rules', '--workers', '1', corpus.folder] },
    { label: 'kubeforge validate, every rule off (objects kept for rules)', args: [CLI, 'validate', '--rule', everyRuleOff, corpus.folder] },
  ];
  // The peer: kubeconform with strict schemas of the same Kubernetes version, written from ../shared.
  let peerNote: string;
  if (!hasCommand('kubeconform')) {
    peerNote = 'kubeconform is not on PATH: no peer figure in this run';
  } else {
    const schemas = writeKubeconformSchemas(join(workFolder, 'kubeconform-schemas'));
    if (schemas.template === undefined) {
      peerNote = `${schemas.missing}: no schemas for kubeconform, no peer figure in this run`;
    } else {
      const peerArgs = ['-strict', '-n', '2', '-summary', '-kubernetes-version', KUBERNETES_VERSION, '-schema-location', schemas.template];
      peerNote = agreement(corpus.folder, peerArgs);
      commands.push({ label: 'peer: kubeconform -strict -n 2 (Go)', args: [...peerArgs, corpus.folder], options: { program: 'kubeconform' } });
    }
  }
  // Interleaved rounds: the machine's speed drifts, and every command of a round meets the same drift.
  const { measurements, rounds } = measureInterleaved(commands, 9);
  const rulesRatio = median(rounds.map((times) => times[0] / times[1]));
  const pipelineRatio = median(rounds.map((times) => times[5] / times[1]));
  const peer = commands.length > 6 ? { defaultRatio: median(rounds.map((times) => times[0] / times[6])), schemaOnlyRatio: median(rounds.map((times) => times[1] / times[6])) } : undefined;
  return { corpus: { files: corpus.files, resources: corpus.resources, megabytes: corpus.bytes / 1e6 }, measurements, rulesRatio, pipelineRatio, peer, peerNote };
}

export function printValidateBenchmark(result: ValidateBenchmark): void {
  const { files, resources, megabytes } = result.corpus;
  console.log(`validate corpus: ${resources} resources, ${files} files, ${megabytes.toFixed(1)} MB of YAML`);
  for (const measurement of result.measurements) console.log(`  ${formatMeasurement(measurement)}`);
  const [full, schemaOnly, floor, small] = result.measurements;
  console.log(`  ratio schema-only validate / parse floor: ${(schemaOnly.seconds / floor.seconds).toFixed(2)}; with rules / without: ${(full.seconds / schemaOnly.seconds).toFixed(2)}, per round ${result.rulesRatio.toFixed(2)} (target <= 1.2); every rule off / without: ${result.pipelineRatio.toFixed(2)} per round`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`  targets: corpus <= 0.8 s (schema only ${verdict(schemaOnly.seconds <= 0.8)}, with rules ${verdict(full.seconds <= 0.8)}), small file <= 0.3 s (${verdict(small.seconds <= 0.3)}), peak <= 400 MB (${verdict(Math.max(full.peakMb, schemaOnly.peakMb) <= 400)})`);
  console.log(`  peer check: ${result.peerNote}`);
  if (result.peer !== undefined) {
    const { defaultRatio, schemaOnlyRatio } = result.peer;
    console.log(`  kubeforge / kubeconform, median per round: default ${defaultRatio.toFixed(2)}x (target <= 0.6x, ${verdict(defaultRatio <= 0.6)}), --no-rules ${schemaOnlyRatio.toFixed(2)}x (target <= 0.35x, ${verdict(schemaOnlyRatio <= 0.35)})`);
  }
}
