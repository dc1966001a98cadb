// Files to results: find manifests under paths, read them (fast reader first, precise reader where a
// file has a problem or a finding needs a position), validate every document, locate findings.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PendingFinding, PendingResult, Validator } from './engine';
import { documentLines, documentTable, locateInLines, NOT_READ, readSimpleDocument, type DocumentLines, type DocumentTable } from './simple-yaml';
import { readPreciseDocument, readPreciselyLazily, resolveToValue, type LazyPreciseFile, type Position, type PreciseDocument, type YamlProblem } from './yaml';
import { parsePath } from './result';

export const MANIFEST_EXTENSIONS = /\.(?:ya?ml|json)$/i;
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
/** kustomize's own configuration in a folder of manifests (what synth writes beside them), not a Kubernetes object. */
const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export interface InputText {
  readonly file: string;
  readonly text: string;
}

function ioError(file: string, message: string): PendingResult {
  return { file, document: 0, prefix: [], status: 'error', findings: [{ rule: 'io', severity: 'error', message, path: '', segments: [] }] };
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function walk(folder: string, out: string[]): void {
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => compareCodeUnits(a.name, b.name));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(path, out);
    } else if (MANIFEST_EXTENSIONS.test(entry.name) && !KUSTOMIZATION_FILES.has(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
      out.push(path);
    }
  }
}

/** Manifest files under the paths, in a stable order (folders recursively, sorted by name); unreadable paths as errors. */
export function findManifestFiles(paths: readonly string[]): { files: string[]; errors: PendingResult[] } {
  const files: string[] = [];
  const errors: PendingResult[] = [];
  for (const path of paths) {
    try {
      if (statSync(path).isDirectory()) walk(path, files);
      else files.push(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push(ioError(path, code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${(error as Error).message}`));
    }
  }
  return { files: [...new Set(files)], errors };
}

export function readInputs(files: readonly string[]): { inputs: InputText[]; errors: PendingResult[] } {
  const inputs: InputText[] = [];
  const errors: PendingResult[] = [];
  for (const file of files) {
    try {
      inputs.push({ file, text: decodeManifest(readFileSync(file)) });
    } catch (error) {
      errors.push(ioError(file, `cannot read: ${(error as Error).message}`));
    }
  }
  return { inputs, errors };
}

/** The documents of a text, as values; CRDs are looked for before anything is validated. */
export function documentsOf(text: string): unknown[] {
  const values: unknown[] = [];
  for (const document of readDocuments(text).documents) if (document.fatal.length === 0) values.push(document.value);
  return values;
}

/** Finds where a node of a file was written. */
export interface Locator {
  /** Position of the node at `segments` of document `document` (its key where there is one). */
  at(document: number, segments: readonly (string | number)[]): Position | undefined;
}

/** Which documents of a text the precise reader read: all of them (numbered as kubectl's pieces), or those of a set. */
export type PreciseReads = 'all' | ReadonlySet<number>;

/** One document of a text that is not empty, as kubectl would send it (or why it cannot be read). */
export interface ReadDocument {
  /** Its index among the documents of the text, as locators count them. */
  readonly index: number;
  readonly value: unknown;
  /** Problems that make the document unreadable (it is not validated further). */
  readonly fatal: readonly YamlProblem[];
  /** Problems that leave it readable (duplicate keys: the last value wins, as in go-yaml). */
  readonly problems: readonly YamlProblem[];
  /** For documents with fatal problems: what could still be read (to name the object in reports). */
  readonly partial?: unknown;
  /** Where the node at a path of this document was written. */
  at(segments: readonly (string | number)[]): Position | undefined;
}

export interface DocumentReading {
  /** The documents that are not empty, each read when the iteration reaches it and dropped after. */
  readonly documents: Iterable<ReadDocument>;
  /** Which documents the precise reader read; the set fills as the documents are read. */
  readonly precise: PreciseReads;
}

/**
 * The reading path of validate: the documents of a text as kubectl reads them (its splitter, then go-yaml v2 through
 * sigs.k8s.io/yaml), empty ones left out, one at a time. The simple reader reads the common subset; the precise
 * reader each document the simple one declines, or the whole text where kubectl's splitter stops early or reads JSON.
 */
export function readDocuments(text: string): DocumentReading {
  const table = documentTable(text);
  if (!table) {
    const file = readPreciselyLazily(text);
    return { precise: 'all', documents: preciseDocuments(file) };
  }
  const precise = new Set<number>();
  return { precise, documents: tableDocuments(text, table, precise) };
}

function* preciseDocuments(file: LazyPreciseFile): Generator<ReadDocument> {
  for (let index = 0; index < file.count; index++) {
    const document = file.document(index);
    if (!document.empty) yield fromPrecise(index, document);
  }
}

function* tableDocuments(text: string, table: DocumentTable, precise: Set<number>): Generator<ReadDocument> {
  for (let index = 0; index < table.starts.length; index++) {
    const lines = documentLines(text, table, index);
    const value = lines === undefined ? NOT_READ : readSimpleDocument(lines, resolveToValue);
    if (value === NOT_READ) {
      precise.add(index);
      const document = readTableDocumentPrecisely(text, table, index);
      if (!document.empty) yield fromPrecise(index, document);
    } else if (value !== null && value !== undefined) {
      yield { index, value, fatal: [], problems: [], at: (segments) => locateInLines(lines!, segments) };
    }
  }
}

/** A document of a table as the precise reader reads it: the same text as kubectl's piece. */
function readTableDocumentPrecisely(text: string, table: DocumentTable, index: number): PreciseDocument {
  return readPreciseDocument(text.slice(table.starts[index], table.ends[index]), table.lines[index]);
}

function fromPrecise(index: number, document: PreciseDocument): ReadDocument {
  return { index, value: document.value, fatal: document.fatal, problems: document.problems, partial: document.partial, at: (segments) => document.at(segments) };
}

/** Every document of a text at once (tests, and callers that hold small texts). */
export function readText(text: string): { documents: ReadDocument[]; precise: PreciseReads } {
  const reading = readDocuments(text);
  return { documents: [...reading.documents], precise: reading.precise };
}

/**
 * Finds nodes of a text read before, one document at a time (the last one is kept, as findings come in document
 * order). `precise` says which documents the precise reader read; when not known, each document is read again to
 * find out.
 */
export function locatorFor(text: string, precise?: PreciseReads): Locator {
  let cachedIndex = -1;
  let cached: ((segments: readonly (string | number)[]) => Position | undefined) | undefined;
  const table = precise === 'all' ? undefined : documentTable(text);
  const lazily = table === undefined ? readPreciselyLazily(text) : undefined;
  const finder = (index: number): ((segments: readonly (string | number)[]) => Position | undefined) | undefined => {
    if (lazily !== undefined) {
      if (index >= lazily.count) return undefined;
      const document = lazily.document(index);
      return (segments) => document.at(segments);
    }
    if (index >= table!.starts.length) return undefined;
    const lines: DocumentLines | undefined = precise !== undefined && precise !== 'all' && precise.has(index) ? undefined : documentLines(text, table!, index);
    if (lines !== undefined && (precise !== undefined || readSimpleDocument(lines, resolveToValue) !== NOT_READ)) return (segments) => locateInLines(lines, segments);
    const document = readTableDocumentPrecisely(text, table!, index);
    return (segments) => document.at(segments);
  };
  return {
    at: (document, segments) => {
      if (document !== cachedIndex) {
        cachedIndex = document;
        cached = finder(document);
      }
      return cached?.(segments);
    },
  };
}

/** Whatever identity a document that could not be read completely still shows. */
function identityOf(partial: unknown): { apiVersion?: string; kind?: string; name?: string; namespace?: string } {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) return {};
  const object = partial as Record<string, unknown>;
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { apiVersion: text(object.apiVersion), kind: text(object.kind), name: text(metadata.name), namespace: text(metadata.namespace) };
}

/** A locator for one document's results, from the document itself. */
export function documentLocator(document: ReadDocument): Locator {
  return { at: (_index, segments) => document.at(segments) };
}

/**
 * Validates one document of a file; findings get line and column. Objects stay on their results (the rules need
 * them; the caller drops them).
 */
export function checkReadDocument(validator: Validator, file: string, document: ReadDocument): PendingResult[] {
  if (document.fatal.length > 0) {
    return [{
      ...identityOf(document.partial),
      file, document: document.index, prefix: [], status: 'error', line: document.fatal[0].line, column: document.fatal[0].column,
      findings: document.fatal.map((problem) => ({ ...problem, severity: 'error', path: '', segments: [] })),
    }];
  }
  const results = validator.checkDocument(document.value, file, document.index);
  if (results.length > 0 && document.problems.length > 0) {
    const first = results[0];
    first.findings.unshift(...document.problems.map((problem): PendingFinding => ({ ...problem, severity: 'error', path: '', segments: [] })));
    if (first.status === 'valid') first.status = 'invalid';
  }
  if (results.some((result) => result.findings.some((finding) => finding.line === undefined))) locateFindings(results, documentLocator(document));
  return results;
}

/** Sets line and column where an object starts. */
export function locateObjectStart(result: PendingResult, locator: Locator): void {
  const start = locator.at(result.document, result.prefix);
  result.line = start?.line;
  result.column = start?.column;
}

/** Sets line and column of every finding (and of its object) that has none yet. */
export function locateFindings(results: readonly PendingResult[], locator: Locator): void {
  for (const result of results) {
    if (result.findings.length === 0) continue;
    if (result.line === undefined) locateObjectStart(result, locator);
    for (const finding of result.findings) {
      if (finding.line !== undefined) continue;
      const position = locator.at(result.document, [...result.prefix, ...(finding.segments ?? parsePath(finding.path))]);
      finding.line = position?.line;
      finding.column = position?.column;
    }
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text of a manifest file. UTF-8 (a byte order mark is kept: the readers drop it per document, as go-yaml does);
 * UTF-16BE with its byte order mark, which go-yaml also reads. Each byte of an invalid UTF-8 sequence becomes
 * U+DC00 + byte, a lone surrogate that valid UTF-8 never gives, so the reader rejects just that document, as go-yaml.
 */
export function decodeManifest(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    // kubectl's splitter finds no `---` among UTF-16 bytes, so go-yaml reads the first document of the whole text.
    const text = new TextDecoder('utf-16be').decode(bytes);
    const second = /\n---/.exec(text.replace(/^---[^\n]*\n/, (start) => ' '.repeat(start.length)));
    return second ? text.slice(0, second.index + 1) : text;
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    return decodeMarkingInvalidBytes(bytes);
  }
}

/** Length of the valid UTF-8 sequence at `index`, or 0. */
function sequenceLength(bytes: Uint8Array, index: number): number {
  const lead = bytes[index];
  const continuation = (at: number, low = 0x80, high = 0xbf) => at < bytes.length && bytes[at] >= low && bytes[at] <= high;
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return continuation(index + 1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return continuation(index + 1, low, high) && continuation(index + 2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return continuation(index + 1, low, high) && continuation(index + 2) && continuation(index + 3) ? 4 : 0;
  }
  return 0;
}

function decodeMarkingInvalidBytes(bytes: Uint8Array): string {
  const parts: string[] = [];
  let validStart = 0;
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes, index);
    if (length > 0) {
      index += length;
      continue;
    }
    parts.push(UTF8.decode(bytes.subarray(validStart, index)), String.fromCharCode(0xdc00 + bytes[index]));
    index++;
    validStart = index;
  }
  parts.push(UTF8.decode(bytes.subarray(validStart)));
  return parts.join('');
}
