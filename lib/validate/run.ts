// `kubeforge validate` over paths: files are independent, so they are split by size between this thread
// and worker threads (one per spare core); results come back in input order.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { duplicateOriginals, finish, markDuplicateObjects, Validator, type PendingResult, type ValidateOptions } from './engine';
import type { CustomResourceSchema } from './crd';
import { checkText, documentsOf, findManifestFiles, locatorFor, readInputs, type InputText, type Locator } from './files';
import type { Position } from './yaml';
import { parsePath, summarize, type Report } from './result';
import { runRules, type RulesConfig } from './rules';

export interface RunOptions extends ValidateOptions {
  /** Files or folders of manifests; `-` is standard input. */
  readonly paths: readonly string[];
  /** Paths of CRD files or folders (`--crd`). */
  readonly crdPaths?: readonly string[];
  /** Text of standard input, when `-` is among the paths. */
  readonly stdin?: string;
  /** Worker threads besides this one. @default one per spare core, none for small inputs */
  readonly workers?: number;
  /** Rule settings, or false to check schemas only. @default every rule at its default severity */
  readonly rules?: RulesConfig | false;
}

export interface WorkerRequest {
  readonly options: ValidateOptions;
  readonly crdSchemas: CustomResourceSchema[];
  readonly inputs: InputText[];
  readonly keepObjects: boolean;
}

/** Where is the node at `segments` of document `document` of the worker's input `input`? */
export interface LocateRequest {
  readonly input: number;
  readonly document: number;
  readonly segments: readonly (string | number)[];
}

export type WorkerReply = { readonly results: PendingResult[][] } | { readonly positions: (Position | null)[] };

/** A worker that has validated its files and can still tell where their nodes are. */
interface ValidationWorker {
  readonly results: PendingResult[][];
  locate(requests: LocateRequest[]): Promise<(Position | null)[]>;
  close(): void;
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

function startWorker(request: WorkerRequest): Promise<ValidationWorker> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(`${__dirname}/worker.js`, { workerData: request });
    let pendingLocate: ((positions: (Position | null)[]) => void) | undefined;
    worker.on('message', (reply: WorkerReply) => {
      if ('results' in reply) {
        resolvePromise({
          results: reply.results,
          locate: (requests) => new Promise((resolveLocate) => {
            pendingLocate = resolveLocate;
            worker.postMessage(requests);
          }),
          close: () => worker.postMessage('done'),
        });
      } else {
        pendingLocate?.(reply.positions);
      }
    });
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
  const workerTotal = workerCount(options, inputs, totalBytes);
  const keepObjects = options.rules !== false;
  const perFile: PendingResult[][] = new Array(inputs.length);
  // Who can place a node of each input: a locator on this thread, or the worker that read the file.
  const locators = new Map<number, Locator>();
  const owners = new Map<number, { worker: ValidationWorker; input: number }>();
  const checkHere = (index: number): void => {
    const checked = checkText(validator, inputs[index], keepObjects);
    if (checked.locator) locators.set(index, checked.locator);
    perFile[index] = checked.results;
  };
  const workers: ValidationWorker[] = [];
  try {
    if (workerTotal === 0) {
      inputs.forEach((_input, index) => checkHere(index));
    } else {
      const shards = shard(inputs, workerTotal + 1);
      const crdSchemas = validator.crds.toJSON().crd;
      const started = shards.slice(1).map((indexes) =>
        startWorker({ options: stripForWorker(options), crdSchemas, inputs: indexes.map((index) => inputs[index]), keepObjects }).then((worker) => {
          workers.push(worker);
          indexes.forEach((inputIndex, position) => {
            perFile[inputIndex] = worker.results[position];
            owners.set(inputIndex, { worker, input: position });
          });
        }),
      );
      for (const index of shards[0]) checkHere(index);
      await Promise.all(started);
    }

    const inputIndexOf = new Map(inputs.map((input, index) => [input.file, index]));
    const pending = [...errors, ...perFile.flat()];
    /** Places the objects' starts and the findings that have no position yet, asking workers in one batch each. */
    const placeAll = async (results: readonly PendingResult[], startsOnly: boolean): Promise<void> => {
      const batches = new Map<ValidationWorker, { requests: LocateRequest[]; apply: ((position: Position | undefined) => void)[] }>();
      for (const result of results) {
        const inputIndex = inputIndexOf.get(result.file);
        if (inputIndex === undefined) continue;
        const targets: { segments: readonly (string | number)[]; apply: (position: Position | undefined) => void }[] = [];
        if (result.line === undefined) targets.push({ segments: result.prefix, apply: (position) => ((result.line = position?.line), (result.column = position?.column)) });
        if (!startsOnly) {
          for (const finding of result.findings) {
            if (finding.line === undefined) targets.push({ segments: [...result.prefix, ...finding.segments], apply: (position) => ((finding.line = position?.line), (finding.column = position?.column)) });
          }
        }
        const owner = owners.get(inputIndex);
        if (owner) {
          let batch = batches.get(owner.worker);
          if (!batch) batches.set(owner.worker, (batch = { requests: [], apply: [] }));
          for (const target of targets) {
            batch.requests.push({ input: owner.input, document: result.document, segments: target.segments });
            batch.apply.push(target.apply);
          }
        } else {
          if (!locators.has(inputIndex)) locators.set(inputIndex, locatorFor(inputs[inputIndex].text));
          const locator = locators.get(inputIndex)!;
          for (const target of targets) target.apply(locator.at(result.document, target.segments));
        }
      }
      await Promise.all([...batches].map(async ([worker, batch]) => {
        const positions = await worker.locate(batch.requests);
        positions.forEach((position, index) => batch.apply[index](position ?? undefined));
      }));
    };

    await placeAll(duplicateOriginals(pending), true);
    markDuplicateObjects(pending);
    const silenced = options.rules === false ? 0 : applyRules(pending, options.rules ?? {}, validator.version);
    await placeAll(pending.filter((result) => result.findings.some((finding) => finding.line === undefined)), false);
    const results = pending.map(finish);
    return { kubernetesVersion: validator.version, strict: validator.strict, results, summary: summarize(results, silenced) };
  } finally {
    for (const worker of workers) worker.close();
  }
}

/** Runs the rules over every object that was read (all inputs form one run); returns the silenced count. */
function applyRules(pending: readonly PendingResult[], config: RulesConfig, kubernetesVersion: string): number {
  const subjects: PendingResult[] = pending.filter((result) => result.object !== undefined && (result.status === 'valid' || result.status === 'invalid'));
  const outcome = runRules(subjects.map((result, index) => ({ object: result.object!, index })), config, { kubernetesVersion });
  for (const [index, findings] of outcome.findings) {
    const result = subjects[index];
    for (const finding of findings) result.findings.push({ ...finding, segments: parsePath(finding.path) });
    if (findings.some((finding) => finding.severity === 'error')) result.status = 'invalid';
  }
  return outcome.silenced;
}

function stripForWorker(options: RunOptions): ValidateOptions {
  const { kubernetesVersion, strict, ignoreMissingSchemas, skipKinds, rejectKinds } = options;
  return { kubernetesVersion, strict, ignoreMissingSchemas, skipKinds, rejectKinds };
}
