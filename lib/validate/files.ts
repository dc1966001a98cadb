// Files to results: find manifests under paths, read them (fast reader first, precise reader where a
// file has a problem or a finding needs a position), validate every document, locate findings.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import type { PendingFinding, PendingResult, Validator } from './engine';
import { splitPieces, startsAsJson, type Piece } from './documents';
import { documentLines, locateInLines, NOT_READ, readSimpleDocument } from './simple-yaml';
import { readJsonStream, readPiecePrecisely, resolveToValue, type Position, type PreciseDocument, type PreciseFile, type YamlProblem } from './yaml';
import { parsePath } from './result';

export const MANIFEST_EXTENSIONS = /\.(?:ya?ml|json)$/i;
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);
/** kustomize's own configuration in a folder of manifests (what synth writes beside them), not a Kubernetes object. */
const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export interface InputText {
  readonly file: string;
  readonly text: string;
}

/** An error of the file system (it has an errno code), as opposed to a fault of kubeforge. */
export function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

export function ioError(file: string, message: string): PendingResult {
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

/** Where a file's text comes from: the text itself, or the file, read in chunks of whole lines. */
export type TextSource = string | FileChunks;

export interface FileChunks {
  readonly file: string;
  /** The file's text from its start, in chunks that end at a line end (but the last). */
  chunks(): Iterable<string>;
}

const CHUNK_BYTES = 1 << 20;

/**
 * A file read in chunks of about `chunkBytes`, each cut after its last newline and decoded as decodeManifest decodes
 * a file (a newline byte is never part of a UTF-8 sequence, so every sequence stays whole). A UTF-16 file, rare and
 * not splittable by bytes, is read whole.
 */
export function fileChunks(file: string, chunkBytes = CHUNK_BYTES): FileChunks {
  return {
    file,
    *chunks() {
      const descriptor = openSync(file, 'r');
      try {
        // Bytes after the last newline so far; kept as a list, so that a line longer than many chunks costs no more than its length.
        let carried: Buffer[] = [];
        let first = true;
        const buffer = chunkBuffer(chunkBytes);
        for (;;) {
          const read = readSync(descriptor, buffer, 0, buffer.length, null);
          if (read === 0) break;
          const bytes = buffer.subarray(0, read);
          if (first && bytes[0] === 0xfe && bytes[1] === 0xff) {
            yield decodeManifest(readAll(descriptor, bytes));
            return;
          }
          first = false;
          const newline = bytes.lastIndexOf(10);
          if (newline === -1) {
            carried.push(Buffer.from(bytes));
            continue;
          }
          const whole = carried.length === 0 ? bytes.subarray(0, newline + 1) : Buffer.concat([...carried, bytes.subarray(0, newline + 1)]);
          yield decodeUtf8(whole);
          carried = newline + 1 < read ? [Buffer.from(bytes.subarray(newline + 1))] : [];
        }
        if (carried.length > 0) yield decodeUtf8(Buffer.concat(carried));
      } finally {
        closeSync(descriptor);
      }
    },
  };
}

let sharedBuffer: Buffer | undefined;

/**
 * The buffer chunks are read into: one for the thread, reused by every file (each chunk is decoded into a string of
 * its own before the next read, and bytes carried over are copied), so reading allocates nothing per file.
 */
function chunkBuffer(chunkBytes: number): Buffer {
  if (chunkBytes !== CHUNK_BYTES) return Buffer.allocUnsafe(chunkBytes);
  sharedBuffer ??= Buffer.allocUnsafe(CHUNK_BYTES);
  return sharedBuffer;
}

function readAll(descriptor: number, start: Buffer): Buffer {
  const parts = [Buffer.from(start)];
  for (;;) {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const read = readSync(descriptor, buffer, 0, CHUNK_BYTES, null);
    if (read === 0) return Buffer.concat(parts);
    parts.push(buffer.subarray(0, read));
  }
}

/**
 * The reading path of validate: the documents of a text as kubectl reads them (its splitter, then go-yaml v2 through
 * sigs.k8s.io/yaml), empty ones left out, one at a time. The simple reader reads the common subset; the precise
 * reader each document the simple one declines. A stream of JSON values is read whole, as kubectl reads it.
 */
export function readDocuments(source: TextSource): DocumentReading {
  const chunks = typeof source === 'string' ? [source] : source.chunks();
  const iterator = chunks[Symbol.iterator]();
  const first = iterator.next();
  const start = first.done === true ? '' : first.value;
  if (startsAsJson(start)) {
    let text = start;
    for (let next = iterator.next(); next.done !== true; next = iterator.next()) text += next.value;
    const json = readJsonStream(text);
    if (json !== undefined) return { precise: 'all', documents: jsonDocuments(json) };
    return readPieces([text]);
  }
  return readPieces(continued(start, iterator));
}

function* continued(first: string, rest: Iterator<string>): Generator<string> {
  yield first;
  for (let next = rest.next(); next.done !== true; next = rest.next()) yield next.value;
}

function* jsonDocuments(file: PreciseFile): Generator<ReadDocument> {
  for (let index = 0; index < file.documents.length; index++) {
    const document = file.documents[index];
    if (!document.empty) yield fromPrecise(index, document);
  }
}

function readPieces(chunks: Iterable<string>): DocumentReading {
  const precise = new Set<number>();
  return { precise, documents: pieceDocuments(chunks, precise) };
}

function* pieceDocuments(chunks: Iterable<string>, precise: Set<number>): Generator<ReadDocument> {
  let index = 0;
  for (const piece of splitPieces(chunks)) {
    const lines = piece.separator === undefined ? documentLines(piece) : undefined;
    const value = lines === undefined ? NOT_READ : readSimpleDocument(lines, resolveToValue);
    if (value === NOT_READ) {
      precise.add(index);
      const document = readPiecePrecisely(piece);
      if (!document.empty) yield fromPrecise(index, document);
    } else if (value !== null && value !== undefined) {
      yield { index, value, fatal: [], problems: [], at: (segments) => locateInLines(lines!, segments) };
    }
    index++;
  }
}

function fromPrecise(index: number, document: PreciseDocument): ReadDocument {
  return { index, value: document.value, fatal: document.fatal, problems: document.problems, partial: document.partial, at: (segments) => document.at(segments) };
}

/** Every document of a text at once (tests, and callers that hold small texts). */
export function readText(text: string): { documents: ReadDocument[]; precise: PreciseReads } {
  const reading = readDocuments(text);
  return { documents: [...reading.documents], precise: reading.precise };
}

type Finder = (segments: readonly (string | number)[]) => Position | undefined;

/**
 * Finds nodes of a text read before. Findings come in document order, so its documents are split again going forward,
 * one held at a time (a document before the last one asked for starts the split over). `precise` says which
 * documents the precise reader read; when not known, each document is read again to find out.
 */
export function locatorFor(source: TextSource, precise?: PreciseReads): Locator {
  let json: PreciseFile | undefined;
  let pieces: Iterator<Piece> | undefined;
  let pieceIndex = -1;
  let cachedIndex = -1;
  let cached: Finder | undefined;
  const pieceAt = (index: number): Piece | undefined => {
    if (pieces === undefined || index < pieceIndex) {
      pieces = splitPieces(typeof source === 'string' ? [source] : source.chunks());
      pieceIndex = -1;
    }
    let piece: Piece | undefined;
    while (pieceIndex < index) {
      const next = pieces.next();
      if (next.done === true) return undefined;
      piece = next.value;
      pieceIndex++;
    }
    return piece;
  };
  const finder = (index: number): Finder | undefined => {
    if (precise === 'all') {
      json ??= readJsonStream(typeof source === 'string' ? source : [...source.chunks()].join('')) ?? { documents: [] };
      const document = json.documents[index];
      return document && ((segments) => document.at(segments));
    }
    const piece = pieceAt(index);
    if (piece === undefined) return undefined;
    const lines = piece.separator !== undefined || precise?.has(index) === true ? undefined : documentLines(piece);
    if (lines !== undefined && (precise !== undefined || readSimpleDocument(lines, resolveToValue) !== NOT_READ)) return (segments) => locateInLines(lines, segments);
    const document = readPiecePrecisely(piece);
    return (segments) => document.at(segments);
  };
  return {
    at: (document, segments) => {
      if (document !== cachedIndex) {
        cachedIndex = document;
        try {
          cached = finder(document);
        } catch (error) {
          // A file that cannot be read again leaves its later findings without a position (the document number says where).
          if (!isFileError(error)) throw error;
          cached = undefined;
        }
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
      const segments = finding.segments ?? parsePath(finding.path);
      const position = locator.at(result.document, result.prefix.length === 0 ? segments : [...result.prefix, ...segments]);
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
  return decodeUtf8(bytes);
}

/** UTF-8 bytes as text (a byte order mark is kept), each byte of an invalid sequence marked as in decodeManifest. */
function decodeUtf8(bytes: Uint8Array): string {
  // Buffer's decoder makes a string the young generation can collect; TextDecoder's goes straight to the old one,
  // where every file's text would wait for a full collection (60 MB for 100,000 resources).
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return decodeMarkingInvalidBytes(bytes);
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
