// Files to results: find manifests under paths, read them (fast reader first, precise reader where a
// file has a problem or a finding needs a position), validate every document, locate findings.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PendingFinding, PendingResult, Validator } from './engine';
import { locateInLines, readSimpleYaml, readSimpleYamlWithLines, splitDocuments, type DocumentLines } from './simple-yaml';
import { locate, readFast, readPrecisely, readWithJsYaml, resolveToValue, type Position, type PreciseFile } from './yaml';

export const MANIFEST_EXTENSIONS = /\.(?:ya?ml|json)$/i;
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

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
    } else if (MANIFEST_EXTENSIONS.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
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
      inputs.push({ file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      errors.push(ioError(file, `cannot read: ${(error as Error).message}`));
    }
  }
  return { inputs, errors };
}

/** The documents of a text, as values; CRDs are looked for before anything is validated. */
export function documentsOf(text: string): unknown[] {
  return readFast(text) ?? readPrecisely(text).documents.filter((document) => document.fatal.length === 0).map((document) => document.value);
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
    at: (index, segments) => {
      const document = precise.documents[index]?.document;
      return document ? locate(document, segments, precise.lineCounter) : undefined;
    },
  };
}

/** The cheapest locator for a text: walking its lines where the simple reader reads it, else the precise reader. */
export function locatorFor(text: string, readBySimpleReader = readSimpleYaml(text, resolveToValue) !== undefined): Locator {
  return (readBySimpleReader ? linesLocator(text) : undefined) ?? preciseLocator(readPrecisely(text));
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
  const read = readSimpleYamlWithLines(text, resolveToValue);
  const simple = read?.documents;
  const fast = simple ?? readWithJsYaml(text);
  let locator: Locator | undefined = read ? linesLocator(text, read.split) : undefined;
  const results: PendingResult[] = [];
  if (fast) {
    fast.forEach((value, index) => results.push(...validator.checkDocument(value, file, index)));
  } else {
    const precise = readPrecisely(text);
    locator = preciseLocator(precise);
    precise.documents.forEach((document, index) => {
      if (document.fatal.length > 0) {
        results.push({
          ...identityOf(document.partial),
          file, document: index, prefix: [], status: 'error', line: document.fatal[0].line, column: document.fatal[0].column,
          findings: document.fatal.map((problem) => ({ ...problem, severity: 'error', path: '', segments: [] })),
        });
        return;
      }
      if (document.empty) return;
      const documentResults = validator.checkDocument(document.value, file, index);
      if (documentResults.length > 0 && document.problems.length > 0) {
        const first = documentResults[0];
        first.findings.unshift(...document.problems.map((problem): PendingFinding => ({ ...problem, severity: 'error', path: '', segments: [] })));
        if (first.status === 'valid') first.status = 'invalid';
      }
      results.push(...documentResults);
    });
  }
  if (results.some((result) => result.findings.some((finding) => finding.line === undefined))) {
    locator ??= locatorFor(text, simple !== undefined);
    locateFindings(results, locator);
  }
  if (!keepObjects) for (const result of results) result.object = undefined;
  return { results, simple: simple !== undefined, locator: keepObjects ? locator : undefined };
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
      const position = locator.at(result.document, [...result.prefix, ...finding.segments]);
      finding.line = position?.line;
      finding.column = position?.column;
    }
  }
}
