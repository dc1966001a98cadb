// `kubeforge validate` over paths: every file is read and validated, then the rules see all objects and the
// findings they add are placed in their files. Files are independent, so `--workers N` splits them by size
// between this thread and N worker threads; results come back in input order.
import { Worker } from 'node:worker_threads';
import { finish, markDuplicateObjects, Validator, type PendingResult, type ValidateOptions } from './engine';
import type { CustomResourceSchema } from './crd';
import { checkText, documentsOf, findManifestFiles, locateFindings, locateObjectStart, locatorFor, readInputs, type InputText, type Locator } from './files';
import { parsePath, summarize, type Report } from './result';
import type { RulesConfig } from './rules';

export interface RunOptions extends ValidateOptions {
  /** Files or folders of manifests; `-` is standard input. */
  readonly paths: readonly string[];
  /** Paths of CRD files or folders (`--crd`). */
  readonly crdPaths?: readonly string[];
  /** Text of standard input, when `-` is among the paths. */
  readonly stdin?: string;
  /** Worker threads besides this one. @default 0 */
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

export interface WorkerReply {
  readonly results: PendingResult[][];
  /** Per input: whether the simple reader read it. */
  readonly simple: boolean[];
}

/**
 * Worker threads only when asked for (`--workers N`): on the 2-core benchmark machine V8's own background
 * threads (compiler, garbage collector) already keep the second core busy, and a worker made runs slower
 * (schema only: median 0.97 s against 0.86 s on one thread; with rules every object must also be copied back).
 */
function workerCount(options: RunOptions, inputs: readonly InputText[]): number {
  if (options.workers === undefined || inputs.length < 2) return 0;
  return Math.max(0, Math.min(options.workers, inputs.length - 1));
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

function runWorker(request: WorkerRequest): Promise<WorkerReply> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(`${__dirname}/worker.js`, { workerData: request });
    worker.once('message', (reply: WorkerReply) => resolvePromise(reply));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`validation worker exited with code ${code}`));
    });
  });
}

export async function validatePaths(options: RunOptions): Promise<Report> {
  return (await validatePathsWithObjects(options)).report;
}

/** validatePaths, also giving the object read for each result (same order; undefined where none was kept). */
export async function validatePathsWithObjects(options: RunOptions): Promise<{ report: Report; objects: (Record<string, unknown> | undefined)[] }> {
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

  const workerTotal = workerCount(options, inputs);
  const keepObjects = options.rules !== false;
  const perFile: PendingResult[][] = new Array(inputs.length);
  const readBySimpleReader: boolean[] = new Array(inputs.length);
  const locators = new Map<number, Locator>();
  const checkHere = (index: number): void => {
    const checked = checkText(validator, inputs[index], keepObjects);
    perFile[index] = checked.results;
    readBySimpleReader[index] = checked.simple;
    if (checked.locator) locators.set(index, checked.locator);
  };
  if (workerTotal === 0) {
    inputs.forEach((_input, index) => checkHere(index));
  } else {
    const shards = shard(inputs, workerTotal + 1);
    const crdSchemas = validator.crds.toJSON().crd;
    const started = shards.slice(1).map((indexes) =>
      runWorker({ options: stripForWorker(options), crdSchemas, inputs: indexes.map((index) => inputs[index]), keepObjects }).then((reply) => {
        indexes.forEach((inputIndex, position) => {
          perFile[inputIndex] = reply.results[position];
          readBySimpleReader[inputIndex] = reply.simple[position];
        });
      }),
    );
    for (const index of shards[0]) checkHere(index);
    await Promise.all(started);
  }

  const inputIndexOf = new Map(inputs.map((input, index) => [input.file, index]));
  // CRDs of --crd files that are not inputs, used by the inputs, get their findings here (a pattern Go cannot
  // compile), placed in their files.
  const checked = perFile.flat();
  const crdProblems = validator.crdProblemResults(new Set(inputIndexOf.keys()), checked);
  const crdTexts = new Map(crdRead.inputs.map((input) => [input.file, input.text]));
  const locatorOf = (file: string): Locator | undefined => {
    const index = inputIndexOf.get(file);
    if (index === undefined) return crdTexts.has(file) ? locatorFor(crdTexts.get(file)!) : undefined;
    if (!locators.has(index)) locators.set(index, locatorFor(inputs[index].text, readBySimpleReader[index]));
    return locators.get(index);
  };
  const pending = [...errors, ...crdProblems, ...checked];
  markDuplicateObjects(pending, (original) => {
    const locator = locatorOf(original.file);
    if (original.line === undefined && locator) locateObjectStart(original, locator);
  });
  const silenced = options.rules === false ? 0 : await applyRules(pending, options.rules ?? {}, validator.version);
  const unlocatedByFile = new Map<string, PendingResult[]>();
  for (const result of pending) {
    if (!result.findings.some((finding) => finding.line === undefined)) continue;
    const list = unlocatedByFile.get(result.file);
    if (list) list.push(result);
    else unlocatedByFile.set(result.file, [result]);
  }
  for (const [file, results] of unlocatedByFile) {
    const locator = locatorOf(file);
    if (locator) locateFindings(results, locator);
  }
  const results = pending.map(finish);
  const report = { kubernetesVersion: validator.version, strict: validator.strict, files: inputs.length, results, summary: summarize(results, silenced) };
  return { report, objects: pending.map((result) => result.object) };
}

/** Runs the rules over every object that was read (all inputs form one run); returns the silenced count. */
async function applyRules(pending: readonly PendingResult[], config: RulesConfig, kubernetesVersion: string): Promise<number> {
  // Loaded here, not at the top: a schema-only run (--no-rules) starts without the rule modules.
  const { runRules } = await import('./rules');
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
