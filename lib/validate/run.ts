// `kubeforge validate` over paths. Files are read one at a time: each is validated (schema, list-maps and the
// per-object rules) while its objects are at hand; then only a compact projection of each object is kept for the
// cross-resource rules, which run once per unit (a kustomization folder, or the rest of the input) after the last
// file. Findings they add are placed in their files by reading those files again, so memory stays bounded by the
// largest file plus the projections. `--workers N` splits the files by size between this thread and N workers.
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DELIVERY_CRDS } from '../synth/delivery-crds';
import type { CustomResourceSchema } from './crd';
import { finish, markDuplicateObjects, Validator, type PendingResult, type ValidateOptions } from './engine';
import { checkReadDocument, decodeManifest, documentLocator, documentsOf, fileChunks, findManifestFiles, ioError, isFileError, locateFindings, locateObjectStart, locatorFor, readDocuments, readInputs, type Locator, type PreciseReads, type TextSource } from './files';
import { gradeValidatorFindings } from './grade';
import { fileIgnorer } from './ignore';
import { detached, summarize, type Finding, type Report } from './result';
import type { RulesConfig, RuleSession, RuleSubject } from './rules';
import { planUnits, type Unit } from './units';

export interface RunOptions extends ValidateOptions {
  /** Files or folders of manifests; `-` is standard input. */
  readonly paths: readonly string[];
  /** Paths of CRD files or folders (`--crd`). */
  readonly crdPaths?: readonly string[];
  /** Text of standard input, when `-` is among the paths. */
  readonly stdin?: string;
  /** Worker threads besides this one. @default 0 */
  readonly workers?: number;
  /** Settings of rules and of the validator's gradable findings. @default every one at its default severity */
  readonly rules?: RulesConfig;
  /** Run the rules (false: schemas only; the settings still grade the validator's findings). @default true */
  readonly checkRules?: boolean;
  /** The input is the whole application: findings about absent objects are errors everywhere. @default false */
  readonly whole?: boolean;
  /** Regular expressions (RE2) on paths relative to `cwd`: matching files are not read. */
  readonly ignoreFilenamePatterns?: readonly string[];
  /** Folder that relative paths and ignore patterns start from. @default process.cwd() */
  readonly cwd?: string;
}

export interface WorkerRequest {
  readonly options: ValidateOptions;
  readonly crdSchemas: CustomResourceSchema[];
  readonly files: string[];
  /** Keep each whole object on its result (for kubeforge graph). */
  readonly keepObjects: boolean;
  /** Rule settings when the rules run, else undefined. */
  readonly rules: RulesConfig | undefined;
}

export interface WorkerReply {
  readonly results: PendingResult[][];
  /** Per file: which documents the precise reader read (undefined for a file that could not be read). */
  readonly precise: (PreciseReads | undefined)[];
  readonly silenced: number;
}

/** What checking one file leaves: its results (objects replaced by projections) and what placing findings later needs. */
export interface CheckedInput {
  readonly results: PendingResult[];
  /** Which documents the precise reader read. */
  readonly precise: PreciseReads;
  readonly silenced: number;
}

/**
 * Checks one file, one document at a time: schema, list-maps and the per-object rules, whose findings are placed
 * while the document is at hand; then each object is replaced by its projection for the cross-resource rules. So a
 * file of many thousand documents holds a batch of them at a time, never all.
 */
export function checkInput(validator: Validator, input: Input, session: RuleSession | undefined, project: ((raw: Record<string, unknown>) => Record<string, unknown>) | undefined, keepObjects = false): CheckedInput {
  const reading = readDocuments(input.source);
  const results: PendingResult[] = [];
  let silenced = 0;
  // The rules see objects in batches (fewer calls); each object's document stays here until its batch is placed.
  let batch: { subject: RuleSubject; locator: Locator }[] = [];
  const checkBatch = (): void => {
    const outcome = session!.checkObjects(batch.map((entry) => entry.subject));
    silenced += outcome.silenced;
    addRuleFindings(results, outcome.findings);
    for (const { subject, locator } of batch) {
      const result = results[subject.index];
      if (outcome.findings.has(subject.index)) {
        locateFindings([result], locator);
        forgetSegments(result);
      }
      result.object = project!(subject.object);
    }
    batch = [];
  };
  try {
    for (const document of reading.documents) {
      const documentResults = checkReadDocument(validator, input.file, document);
      const locator = session === undefined ? undefined : documentLocator(document);
      for (const result of documentResults) {
        const index = results.push(result) - 1;
        if (keepObjects) result.kept = result.object;
        if (locator !== undefined && result.object !== undefined && (result.status === 'valid' || result.status === 'invalid')) batch.push({ subject: { object: result.object, index }, locator });
        else result.object = undefined;
      }
      if (batch.length >= OBJECT_BATCH) checkBatch();
    }
  } catch (error) {
    // The file is read while it is checked: one that fails part way (removed, unreadable) keeps what was read and
    // gets an `io` finding, as one that cannot be opened does.
    if (!isFileError(error)) throw error;
    results.push(ioError(input.file, `cannot read: ${error.message}`));
  }
  if (batch.length > 0) checkBatch();
  return { results, precise: reading.precise, silenced };
}

const OBJECT_BATCH = 64;
const NO_SEGMENTS: readonly (string | number)[] = [];

/** Placed findings need their path segments no more; a file of many objects has many findings. */
function forgetSegments(result: PendingResult): void {
  const findings = result.findings;
  for (let index = 0; index < findings.length; index++) {
    if (findings[index].line !== undefined && (findings[index].segments?.length ?? 0) > 0) findings[index] = { ...findings[index], segments: NO_SEGMENTS };
  }
}

const SHARED_STRINGS = new Map<string, string>();
const SHARED_STRINGS_LIMIT = 50_000;

/**
 * One copy of a message or path, detached from the strings it was built of: a rule that finds the same on many
 * alike objects (every Deployment of a file without probes) keeps one string, not one per finding.
 */
function shared(value: string): string {
  let kept = SHARED_STRINGS.get(value);
  if (kept === undefined) {
    if (SHARED_STRINGS.size >= SHARED_STRINGS_LIMIT) SHARED_STRINGS.clear();
    kept = detached(value);
    SHARED_STRINGS.set(kept, kept);
  }
  return kept;
}

/** Adds rule findings to their results; true when there were any. */
function addRuleFindings(results: readonly PendingResult[], findings: ReadonlyMap<number, readonly Finding[]>): boolean {
  for (const [index, list] of findings) {
    const result = results[index];
    if (result === undefined) continue;
    // Every field written out, positions included: V8 gives each object that gains a property after an object
    // spread a hidden class of its own, about 200 bytes per finding.
    for (const finding of list) result.findings.push({ rule: finding.rule, severity: finding.severity, message: shared(finding.message), path: shared(finding.path), hint: finding.hint, line: finding.line, column: finding.column });
    if (list.some((finding) => finding.severity === 'error')) result.status = 'invalid';
  }
  return findings.size > 0;
}

/**
 * Worker threads only when asked for (`--workers N`): on the 2-core benchmark machine V8's own background
 * threads (compiler, garbage collector) already keep the second core busy, and a worker made runs slower.
 */
function workerCount(options: RunOptions, files: readonly string[]): number {
  if (options.workers === undefined || files.length < 2) return 0;
  return Math.max(0, Math.min(options.workers, files.length - 1));
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Splits files into `count` shards of similar size, each a set of whole files (indexes into `files`). */
function shard(files: readonly string[], count: number): number[][] {
  const shards = Array.from({ length: count }, () => ({ bytes: 0, indexes: [] as number[] }));
  const bySize = files.map((file, index) => ({ index, bytes: sizeOf(file) })).sort((a, b) => b.bytes - a.bytes || a.index - b.index);
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

/** An input file of validate (or standard input), read when its documents are. */
export interface Input {
  readonly file: string;
  readonly source: TextSource;
}

/** One input file, read in chunks when it is checked; one that cannot be read becomes an `io` result then. */
export function openInput(file: string): Input {
  return { file, source: fileChunks(file) };
}

/** The objects of a unit as subjects of the cross-resource rules: projections, in the unit's namespace when it sets one, plus what kustomize generates. */
function unitSubjects(unit: Unit, results: readonly PendingResult[]): RuleSubject[] {
  const subjects: RuleSubject[] = [];
  results.forEach((result, index) => {
    const object = result.object;
    if (object === undefined) return;
    if (unit.namespace !== undefined) object.metadata = { ...(object.metadata as object), namespace: unit.namespace };
    subjects.push({ object, index });
  });
  unit.generated.forEach((generated, offset) => {
    const namespace = generated.namespace ?? unit.namespace;
    subjects.push({ object: { apiVersion: 'v1', kind: generated.kind, metadata: namespace === undefined ? { name: generated.name } : { name: generated.name, namespace } }, index: -1 - offset });
  });
  return subjects;
}

/**
 * Where one object may be defined once: a unit, or, in input that may be partial, each folder of it (kubectl
 * apply -f applies a folder, not its subfolders; sibling folders are often separate apps or alternatives).
 */
function duplicateScopes(unit: Unit, results: readonly PendingResult[]): PendingResult[][] {
  if (unit.folder !== undefined || unit.whole) return [results as PendingResult[]];
  const byFolder = new Map<string, PendingResult[]>();
  for (const result of results) {
    const folder = dirname(result.file);
    const list = byFolder.get(folder);
    if (list === undefined) byFolder.set(folder, [result]);
    else list.push(result);
  }
  return [...byFolder.values()];
}

export async function validatePaths(options: RunOptions): Promise<Report> {
  return (await validatePathsWithObjects(options, false)).report;
}

/**
 * validatePaths, also giving the object read for each result (same order; undefined where none was kept). The
 * whole objects are kept only for this caller (kubeforge graph): validate itself keeps projections.
 */
export async function validatePathsWithObjects(options: RunOptions, keepObjects = true): Promise<{ report: Report; objects: (Record<string, unknown> | undefined)[] }> {
  const cwd = options.cwd ?? process.cwd();
  // The delivery objects synth writes (Argo CD, Flux) are validated against the schemas synth uses; CRDs of the
  // input or --crd, registered later, replace them.
  const validator = new Validator({ ...options, crds: [...DELIVERY_CRDS, ...(options.crds ?? [])] });
  const found = findManifestFiles(options.paths.filter((path) => path !== '-'));
  const ignored = fileIgnorer(options.ignoreFilenamePatterns ?? [], cwd);
  const units = planUnits(options.paths, found.files, { whole: options.whole });
  const files = found.files.filter((file) => !ignored(file) && !units.isKustomizeFile(file));
  const readsStdin = options.paths.includes('-') || options.paths.length === 0;
  const errors: PendingResult[] = [...found.errors];

  const crdFiles = findManifestFiles(options.crdPaths ?? []);
  errors.push(...crdFiles.errors);
  for (const file of crdFiles.files) {
    const read = readInputs([file]);
    for (const input of read.inputs) validator.registerCrds(documentsOf(input.text), file);
    errors.push(...read.errors);
  }
  // CRDs among the inputs define kinds for every file, earlier ones included: found before anything is validated,
  // by a byte search that decodes only the files that hold one.
  for (const file of files) registerCrdsOf(validator, file);
  if (readsStdin && options.stdin?.includes('CustomResourceDefinition')) validator.registerCrds(documentsOf(options.stdin), '-');

  // Loaded here, not at the top: a schema-only run (--no-rules) starts without the rule modules.
  const rules = options.checkRules === false ? undefined : await import('./rules');
  const session = rules === undefined ? undefined : new rules.RuleSession(options.rules ?? {}, { kubernetesVersion: validator.version });
  const project = rules?.projectForRules;

  const inputFiles = readsStdin ? ['-', ...files] : files;
  const perFile: PendingResult[][] = new Array(inputFiles.length);
  const preciseReads: (PreciseReads | undefined)[] = new Array(inputFiles.length).fill(undefined);
  let silenced = 0;
  const checkHere = (index: number): void => {
    const file = inputFiles[index];
    const read = file === '-' ? { file, source: options.stdin ?? '' } : openInput(file);
    const checked = checkInput(validator, read, session, project, keepObjects);
    perFile[index] = checked.results;
    preciseReads[index] = checked.precise;
    silenced += checked.silenced;
  };
  const workerTotal = workerCount(options, files);
  if (workerTotal === 0) {
    for (let index = 0; index < inputFiles.length; index++) checkHere(index);
  } else {
    // Workers read their own files; standard input, if any, is checked here.
    const offset = readsStdin ? 1 : 0;
    const shards = shard(files, workerTotal + 1).map((indexes) => indexes.map((index) => index + offset));
    if (readsStdin) shards[0].unshift(0);
    const crdSchemas = validator.crds.toJSON().crd;
    const started = shards.slice(1).map((indexes) =>
      runWorker({ options: stripForWorker(options), crdSchemas, files: indexes.map((index) => inputFiles[index]), keepObjects, rules: session === undefined ? undefined : options.rules ?? {} }).then((reply) => {
        indexes.forEach((inputIndex, position) => {
          perFile[inputIndex] = reply.results[position];
          preciseReads[inputIndex] = reply.precise[position];
        });
        silenced += reply.silenced;
      }),
    );
    for (const index of shards[0]) checkHere(index);
    await Promise.all(started);
  }

  // Positions for findings added from here on: each file is read again when one of its results needs one.
  const indexOfFile = new Map(inputFiles.map((file, index) => [file, index]));
  const locators = new Map<string, Locator | undefined>();
  const crdFileSet = new Set(crdFiles.files);
  const locatorOf = (file: string): Locator | undefined => {
    if (locators.has(file)) return locators.get(file);
    const index = indexOfFile.get(file);
    const known = index !== undefined || crdFileSet.has(file);
    const read = !known ? undefined : file === '-' ? { file, source: options.stdin ?? '' } : openInput(file);
    const locator = read === undefined ? undefined : locatorFor(read.source, index === undefined ? undefined : preciseReads[index]);
    locators.set(file, locator);
    return locator;
  };

  const namespaces = new Set<string>();
  for (const results of perFile) for (const result of results) if (result.kind === 'Namespace' && result.group === '' && result.name !== undefined) namespaces.add(result.name);
  const byUnit = new Map<Unit, PendingResult[]>();
  for (let index = 0; index < inputFiles.length; index++) {
    const unit = units.unitOf(inputFiles[index]);
    const list = byUnit.get(unit);
    if (list === undefined) byUnit.set(unit, [...perFile[index]]);
    else for (const result of perFile[index]) list.push(result);
  }
  const placeOriginal = (original: PendingResult): void => {
    const locator = locatorOf(original.file);
    if (original.line === undefined && locator) locateObjectStart(original, locator);
  };
  for (const [unit, results] of byUnit) {
    for (const scope of duplicateScopes(unit, results)) markDuplicateObjects(scope, placeOriginal);
    if (session === undefined) continue;
    const outcome = session.checkAcross(unitSubjects(unit, results), { whole: unit.whole, knownNamespaces: namespaces });
    addRuleFindings(results, outcome.findings);
    silenced += outcome.silenced;
    // The projections served this unit's rules and nothing after them: freed before the next unit and the report.
    for (const result of results) result.object = undefined;
  }
  locators.clear();

  byUnit.clear();
  const checked = perFile.flat();
  perFile.length = 0;
  // CRDs of --crd files that are not inputs, used by the inputs, get their findings here (a pattern Go cannot
  // compile), placed in their files.
  const pending = [...errors, ...validator.crdProblemResults(new Set(inputFiles), checked), ...checked];
  checked.length = 0;
  silenced += gradeValidatorFindings(pending, options.rules);
  placeFindings(pending, locatorOf, locators);
  const objects = keepObjects ? pending.map((result) => result.kept) : [];
  // Finished one by one, so that each pending result can be collected as soon as its finished form exists.
  const results = new Array<ReturnType<typeof finish>>(pending.length);
  for (let index = 0; index < pending.length; index++) {
    results[index] = finish(pending[index]);
    pending[index] = undefined as unknown as PendingResult;
  }
  const report = { kubernetesVersion: validator.version, strict: validator.strict, files: inputFiles.length, results, summary: summarize(results, silenced) };
  return { report, objects };
}

/**
 * Registers the CRDs of one input file, decoding it only when its bytes hold one. Its own function, so that no
 * file's bytes stay referenced from the run's frame while the files are checked.
 */
function registerCrdsOf(validator: Validator, file: string): void {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return;
  }
  if (bytes.includes('CustomResourceDefinition')) validator.registerCrds(documentsOf(decodeManifest(bytes)), file);
}

/** Places findings that have no position yet, one file at a time, so that only one file's text is held at once. */
function placeFindings(pending: readonly PendingResult[], locatorOf: (file: string) => Locator | undefined, cache: Map<string, Locator | undefined>): void {
  const unplacedByFile = new Map<string, PendingResult[]>();
  for (const result of pending) {
    result.object = undefined;
    if (!result.findings.some((finding) => finding.line === undefined)) continue;
    const list = unplacedByFile.get(result.file);
    if (list) list.push(result);
    else unplacedByFile.set(result.file, [result]);
  }
  for (const [file, results] of unplacedByFile) {
    const locator = locatorOf(file);
    if (locator) locateFindings(results, locator);
    cache.delete(file);
  }
}

function stripForWorker(options: RunOptions): ValidateOptions {
  const { kubernetesVersion, strict, ignoreMissingSchemas, skipKinds, rejectKinds } = options;
  return { kubernetesVersion, strict, ignoreMissingSchemas, skipKinds, rejectKinds };
}
