// `kubeforge validate` over paths: files are independent, so they are split by size between this thread
// and worker threads (one per spare core); results come back in input order.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { finish, markDuplicateObjects, Validator, type PendingResult, type ValidateOptions } from './engine';
import type { CustomResourceSchema } from './crd';
import { checkText, documentsOf, findManifestFiles, locateFindings, locateObjectStart, readInputs, type InputText } from './files';
import { summarize, type Report } from './result';
import { readPrecisely, type PreciseFile } from './yaml';

export interface RunOptions extends ValidateOptions {
  /** Files or folders of manifests; `-` is standard input. */
  readonly paths: readonly string[];
  /** Paths of CRD files or folders (`--crd`). */
  readonly crdPaths?: readonly string[];
  /** Text of standard input, when `-` is among the paths. */
  readonly stdin?: string;
  /** Worker threads besides this one. @default one per spare core, none for small inputs */
  readonly workers?: number;
}

export interface WorkerRequest {
  readonly options: ValidateOptions;
  readonly crdSchemas: CustomResourceSchema[];
  readonly inputs: InputText[];
}

/** Inputs below this size are validated on this thread alone: a worker costs more than it saves. */
const PARALLEL_THRESHOLD_BYTES = 512 * 1024;

function workerCount(options: RunOptions, inputs: readonly InputText[], totalBytes: number): number {
  if (options.workers !== undefined) return Math.max(0, Math.min(options.workers, inputs.length - 1));
  if (!__filename.endsWith('.js') || totalBytes < PARALLEL_THRESHOLD_BYTES || inputs.length < 2) return 0;
  return Math.max(0, Math.min(availableParallelism() - 1, inputs.length - 1));
}

/** Splits inputs into `count` shards of similar size, each a set of whole files. */
function shard(inputs: readonly InputText[], count: number): number[][] {
  const shards = Array.from({ length: count }, () => ({ bytes: 0, indexes: [] as number[] }));
  const bySize = inputs.map((input, index) => ({ index, bytes: input.text.length })).sort((a, b) => b.bytes - a.bytes || a.index - b.index);
  for (const entry of bySize) {
    const smallest = shards.reduce((best, candidate) => (candidate.bytes < best.bytes ? candidate : best));
    smallest.bytes += entry.bytes;
    smallest.indexes.push(entry.index);
  }
  return shards.map((entry) => entry.indexes.sort((a, b) => a - b));
}

function runWorker(request: WorkerRequest): Promise<PendingResult[][]> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(`${__dirname}/worker.js`, { workerData: request });
    worker.once('message', (message: PendingResult[][]) => resolvePromise(message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`validation worker exited with code ${code}`));
    });
  });
}

export async function validatePaths(options: RunOptions): Promise<Report> {
  const validator = new Validator(options);
  const fileLists = findManifestFiles(options.paths.filter((path) => path !== '-'));
  const read = readInputs(fileLists.files);
  const inputs: InputText[] = [...read.inputs];
  if (options.paths.includes('-') || options.paths.length === 0) inputs.unshift({ file: '-', text: options.stdin ?? '' });
  const errors: PendingResult[] = [...fileLists.errors, ...read.errors];

  const crdFiles = findManifestFiles(options.crdPaths ?? []);
  const crdRead = readInputs(crdFiles.files);
  errors.push(...crdFiles.errors, ...crdRead.errors);
  for (const input of crdRead.inputs) validator.registerCrds(documentsOf(input.text), input.file);
  for (const input of inputs) {
    if (input.text.includes('CustomResourceDefinition')) validator.registerCrds(documentsOf(input.text), input.file);
  }

  const totalBytes = inputs.reduce((sum, input) => sum + input.text.length, 0);
  const workers = workerCount(options, inputs, totalBytes);
  const perFile: PendingResult[][] = new Array(inputs.length);
  if (workers === 0) {
    inputs.forEach((input, index) => (perFile[index] = checkText(validator, input)));
  } else {
    const shards = shard(inputs, workers + 1);
    const crdSchemas = validator.crds.toJSON().crd;
    const pendingWorkers = shards.slice(1).map((indexes) =>
      runWorker({ options: stripForWorker(options), crdSchemas, inputs: indexes.map((index) => inputs[index]) }).then((results) => {
        indexes.forEach((inputIndex, position) => (perFile[inputIndex] = results[position]));
      }),
    );
    for (const index of shards[0]) perFile[index] = checkText(validator, inputs[index]);
    await Promise.all(pendingWorkers);
  }

  const pending = [...errors, ...perFile.flat()];
  const textOf = new Map(inputs.map((input) => [input.file, input.text]));
  const preciseFiles = new Map<string, PreciseFile>();
  const preciseOf = (file: string): PreciseFile | undefined => {
    const text = textOf.get(file);
    if (text !== undefined && !preciseFiles.has(file)) preciseFiles.set(file, readPrecisely(text));
    return preciseFiles.get(file);
  };
  const duplicates = markDuplicateObjects(pending, (original) => {
    const precise = preciseOf(original.file);
    if (original.line === undefined && precise) locateObjectStart(original, precise);
  });
  for (const file of new Set(duplicates.map((result) => result.file))) {
    const precise = preciseOf(file);
    if (precise) locateFindings(pending.filter((result) => result.file === file), precise);
  }
  const results = pending.map(finish);
  return { kubernetesVersion: validator.version, strict: validator.strict, results, summary: summarize(results) };
}

function stripForWorker(options: RunOptions): ValidateOptions {
  const { kubernetesVersion, strict, ignoreMissingSchemas, skipKinds, rejectKinds } = options;
  return { kubernetesVersion, strict, ignoreMissingSchemas, skipKinds, rejectKinds };
}
