// Files to results: find manifests under paths, read them (fast reader first, precise reader where a
// file has a problem or a finding needs a position), validate every document, locate findings.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PendingFinding, PendingResult, Validator } from './engine';
import { locateInLines, readSimpleYaml, readSimpleYamlWithLines, splitDocuments, type DocumentLines } from './simple-yaml';
import { readPrecisely, resolveToValue, type Position, type PreciseFile, type YamlProblem } from './yaml';
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
  return readText(text).documents.filter((document) => document.fatal.length === 0).map((document) => document.value);
}

/** Whatever identity a document that could not be read completely still shows. */
function identityOf(partial: unknown): { apiVersion?: string; kind?: string; name?: string; namespace?: string } {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) return {};
  const object = partial as Record<string, unknown>;
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { apiVersion: text(object.apiVersion), kind: text(object.kind), name: text(metadata.name), namespace: text(metadata.namespace) };
}

/** Finds where a node of a file was written: from the simple reader's position table, or the precise reader. */
export interface Locator {
  /** Position of the node at `segments` of document `document` (its key where there is one). */
  at(document: number, segments: readonly (string | number)[]): Position | undefined;
}

/** For text the simple reader has read (so it is known to be printable): walks the lines of a path when asked. */
function linesLocator(text: string, known?: DocumentLines): Locator | undefined {
  const split = known ?? splitDocuments(text, false);
  return split && { at: (document, segments) => locateInLines(split, document, segments) };
}

function preciseLocator(precise: PreciseFile): Locator {
  return {
    at: (index, segments) => precise.documents[index]?.at(segments),
  };
}

/** The cheapest locator for a text: walking its lines where the simple reader reads it, else the precise reader. */
export function locatorFor(text: string, readBySimpleReader = readSimpleYaml(text, resolveToValue) !== undefined): Locator {
  return (readBySimpleReader ? linesLocator(text) : undefined) ?? preciseLocator(readPrecisely(text));
}

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
}

export interface ReadText {
  readonly documents: ReadDocument[];
  /** Whether the simple reader read the text (then findings added later are placed by walking its lines). */
  readonly simple: boolean;
  /** Where the readers found positions already; otherwise one is made when a finding needs it. */
  readonly locator?: Locator;
}

/**
 * The reading path of validate: the documents of a text as kubectl reads them (its splitter, then go-yaml v2 through
 * sigs.k8s.io/yaml), empty ones left out. The simple reader reads the common subset; the precise reader the rest.
 */
export function readText(text: string): ReadText {
  const read = readSimpleYamlWithLines(text, resolveToValue);
  if (read) {
    const documents: ReadDocument[] = [];
    read.documents.forEach((value, index) => {
      if (value !== null && value !== undefined) documents.push({ index, value, fatal: [], problems: [] });
    });
    return { documents, simple: true, locator: linesLocator(text, read.split) };
  }
  const precise = readPrecisely(text);
  const documents: ReadDocument[] = [];
  precise.documents.forEach((document, index) => {
    if (!document.empty) documents.push({ index, value: document.value, fatal: document.fatal, problems: document.problems, partial: document.partial });
  });
  return { documents, simple: false, locator: preciseLocator(precise) };
}

export interface CheckedText {
  readonly results: PendingResult[];
  /** Whether the simple reader read the text (then findings added later are placed by walking its lines). */
  readonly simple: boolean;
  /** With `keepObjects`: a locator for the findings the rules add later. */
  readonly locator?: Locator;
}

/**
 * Validates every document of one file; findings get line and column. With `keepObjects` (the rules need
 * them) objects stay on their results.
 */
export function checkText(validator: Validator, input: InputText, keepObjects = false): CheckedText {
  const { file, text } = input;
  const read = readText(text);
  let locator = read.locator;
  const results: PendingResult[] = [];
  for (const document of read.documents) {
    if (document.fatal.length > 0) {
      results.push({
        ...identityOf(document.partial),
        file, document: document.index, prefix: [], status: 'error', line: document.fatal[0].line, column: document.fatal[0].column,
        findings: document.fatal.map((problem) => ({ ...problem, severity: 'error', path: '', segments: [] })),
      });
      continue;
    }
    const documentResults = validator.checkDocument(document.value, file, document.index);
    if (documentResults.length > 0 && document.problems.length > 0) {
      const first = documentResults[0];
      first.findings.unshift(...document.problems.map((problem): PendingFinding => ({ ...problem, severity: 'error', path: '', segments: [] })));
      if (first.status === 'valid') first.status = 'invalid';
    }
    results.push(...documentResults);
  }
  if (results.some((result) => result.findings.some((finding) => finding.line === undefined))) {
    locator ??= locatorFor(text, read.simple);
    locateFindings(results, locator);
  }
  if (!keepObjects) for (const result of results) result.object = undefined;
  return { results, simple: read.simple, locator: keepObjects ? locator : undefined };
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
