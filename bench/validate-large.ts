// The validate benchmark at scale: the corpus of corpus.ts grown to about 100,000 resources in about 3,000 files,
// and one 50 MB file of 120,000 Deployments, each validated by kubeforge (default, with rules; and --no-rules) and by
// the peer kubeconform -strict -n 2 in the same interleaved rounds. What it shows: time grows linearly and memory
// stays bounded (the rules keep a projection of each object, not the object).
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeCorpus } from './corpus';
import { KUBERNETES_VERSION, writeKubeconformSchemas } from './kubeconform-schemas';
import { formatMeasurement, measureInterleaved, median, REPO, type Measurement, type NodeRunOptions } from './measure';

const CLI = join(REPO, '.build', 'lib', 'cli', 'main.js');

/** Services of the corpus and services per file: about 100,000 resources in about 3,000 files. */
const LARGE_SERVICES = 18_200;
const LARGE_PER_FILE = 6;
const DEPLOYMENTS = 120_000;

export interface LargeValidateBenchmark {
  readonly corpus: { files: number; resources: number; megabytes: number };
  readonly corpusRuns: Measurement[];
  readonly deploymentRuns: Measurement[];
  readonly deploymentMegabytes: number;
  /** Medians over rounds of kubeforge's time over kubeconform's on the corpus, when the peer ran. */
  readonly peerRatio?: number;
  readonly peerNote: string;
}

/** One file of `count` small, valid Deployments (about 430 bytes each, with what a minimal manifest lacks: probes, security context, digest), written as a stream. */
async function writeDeployments(file: string, count: number): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  for (let index = 0; index < count; index++) {
    const name = `app-${String(index).padStart(6, '0')}`;
    const text = `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ns-${index % 50}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
      containers:
        - name: app
          image: example/${name}:1.${index % 40}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
`;
    bytes += text.length;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return bytes;
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

export async function runLargeValidateBenchmark(workFolder: string, rounds = 3): Promise<LargeValidateBenchmark> {
  const corpus = writeCorpus(join(workFolder, 'validate-corpus-100k'), LARGE_SERVICES, LARGE_PER_FILE);
  const deploymentsFolder = join(workFolder, 'deployments-120k');
  rmSync(deploymentsFolder, { recursive: true, force: true });
  mkdirSync(deploymentsFolder, { recursive: true });
  const deploymentsFile = join(deploymentsFolder, 'deployments.yaml');
  const deploymentBytes = await writeDeployments(deploymentsFile, DEPLOYMENTS);

  const corpusCommands: { label: string; args: readonly string[]; options?: NodeRunOptions }[] = [
    { label: `kubeforge validate, ${corpus.resources} resources`, args: [CLI, 'validate', corpus.folder] },
    { label: 'kubeforge validate --no-rules', args: [CLI, 'validate', '--no-rules', corpus.folder] },
  ];
  const deploymentCommands: { label: string; args: readonly string[]; options?: NodeRunOptions }[] = [
    { label: `kubeforge validate, one file of ${DEPLOYMENTS} Deployments`, args: [CLI, 'validate', deploymentsFile], options: { discardOutput: true } },
    { label: 'kubeforge validate --no-rules, the same file', args: [CLI, 'validate', '--no-rules', deploymentsFile], options: { discardOutput: true } },
  ];
  let peerNote = 'kubeconform is not on PATH: no peer figure in this run';
  if (hasCommand('kubeconform')) {
    const schemas = writeKubeconformSchemas(join(workFolder, 'kubeconform-schemas'));
    if (schemas.template === undefined) {
      peerNote = `${schemas.missing}: no schemas for kubeconform, no peer figure in this run`;
    } else {
      const peerArgs = ['-strict', '-n', '2', '-summary', '-kubernetes-version', KUBERNETES_VERSION, '-schema-location', schemas.template];
      corpusCommands.push({ label: 'peer: kubeconform -strict -n 2 (Go)', args: [...peerArgs, corpus.folder], options: { program: 'kubeconform' } });
      deploymentCommands.push({ label: 'peer: kubeconform -strict -n 2 (Go), the same file', args: [...peerArgs, deploymentsFile], options: { program: 'kubeconform', discardOutput: true } });
      peerNote = 'kubeconform ran in the same rounds';
    }
  }
  const corpusRuns = measureInterleaved(corpusCommands, rounds);
  const deploymentRuns = measureInterleaved(deploymentCommands, 1);
  const peerRatio = corpusCommands.length > 2 ? median(corpusRuns.rounds.map((times) => times[0] / times[2])) : undefined;
  return {
    corpus: { files: corpus.files, resources: corpus.resources, megabytes: corpus.bytes / 1e6 },
    corpusRuns: corpusRuns.measurements,
    deploymentRuns: deploymentRuns.measurements,
    deploymentMegabytes: deploymentBytes / 1e6,
    peerRatio,
    peerNote,
  };
}

export function printLargeValidateBenchmark(result: LargeValidateBenchmark): void {
  const { files, resources, megabytes } = result.corpus;
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(`validate corpus at scale: ${resources} resources, ${files} files, ${megabytes.toFixed(1)} MB of YAML (${result.peerNote})`);
  for (const measurement of result.corpusRuns) console.log(`  ${formatMeasurement(measurement)}`);
  const peak = result.corpusRuns[0].peakMb;
  const ratio = result.peerRatio === undefined ? '' : `; kubeforge / kubeconform, median per round ${result.peerRatio.toFixed(2)}x (target <= 0.45x, ${verdict(result.peerRatio <= 0.45)})`;
  console.log(`  targets: peak <= 400 MB (${verdict(peak <= 400)})${ratio}`);
  console.log(`one file of Deployments: ${result.deploymentMegabytes.toFixed(1)} MB`);
  for (const measurement of result.deploymentRuns) console.log(`  ${formatMeasurement(measurement)}`);
}
