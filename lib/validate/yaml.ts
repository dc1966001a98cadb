// Reads manifests the way the API server does (go-yaml v2 via sigs.k8s.io/yaml): YAML 1.1 plain scalars.
// Fast readers for clean files (the simple reader for the usual subset, js-yaml for the rest of
// YAML), and a precise one (yaml) that keeps positions and reports every problem per document; the precise
// reader runs only for files that need it.
import type jsYamlModule from 'js-yaml';
import { readSimpleYaml } from './simple-yaml';
import type { Document, LineCounter, Node, Pair, ScalarTag } from 'yaml';

// The precise reader (the yaml package) loads on first use: clean files never need it.
type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
function yamlLibrary(): YamlModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlModule ??= require('yaml') as YamlModule;
  return yamlModule;
}

const BOOLEANS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((text): [string, boolean] => [text, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((text): [string, boolean] => [text, false]),
]);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map((text): [string, number] => [text, NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((text): [string, number] => [text, Infinity]),
  ...['-.inf', '-.Inf', '-.INF'].map((text): [string, number] => [text, -Infinity]),
]);
const GO_INTEGER = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const GO_DECIMAL_FLOAT = /^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;

const NOT_RESOLVED = Symbol('string');

/** First characters that can start a non-string plain scalar: digits, + - . ~ and the letters of y/n/true/false/on/off/null. */
const MAYBE_SPECIAL = new Uint8Array(128);
for (const character of '0123456789+-.~nNyYtTfFoO') MAYBE_SPECIAL[character.charCodeAt(0)] = 1;

function parseGoInteger(text: string): number {
  const negative = text.startsWith('-');
  const unsigned = text.replace(/^[-+]/, '');
  let value: number;
  if (/^0[xX]/.test(unsigned)) value = parseInt(unsigned.slice(2), 16);
  else if (/^0[oO]/.test(unsigned)) value = parseInt(unsigned.slice(2), 8);
  else if (/^0[bB]/.test(unsigned)) value = parseInt(unsigned.slice(2), 2);
  else if (unsigned.length > 1 && unsigned.startsWith('0')) value = parseInt(unsigned.slice(1), 8);
  else value = parseInt(unsigned, 10);
  return negative ? -value : value;
}

/**
 * The value go-yaml v2 gives an untagged plain scalar: null, a boolean, a number, or NOT_RESOLVED for a string.
 * Timestamps stay strings (sigs.k8s.io/yaml decodes into interface{}), and `12:30` is a string there too.
 */
export function resolvePlainScalar(text: string): unknown {
  if (text === '') return null;
  const first = text.charCodeAt(0);
  if (first >= 128 || MAYBE_SPECIAL[first] === 0) return NOT_RESOLVED;
  if (first >= 49 && first <= 57 && text.length <= 15) {
    // The common case, a plain decimal number such as a port or a count: no sign, no leading zero, no `_`.
    let digits = 1;
    while (digits < text.length && text.charCodeAt(digits) >= 48 && text.charCodeAt(digits) <= 57) digits++;
    if (digits === text.length) return Number(text);
  }
  if (first >= 48 && first <= 57 || first === 43 || first === 45) {
    const plain = text.includes('_') ? text.replace(/_/g, '') : text;
    if (GO_INTEGER.test(plain)) return parseGoInteger(plain);
    if (YAML_STYLE_FLOAT.test(plain)) return Number(plain);
    return SPECIAL_FLOATS.has(text) ? SPECIAL_FLOATS.get(text) : NOT_RESOLVED;
  }
  if (first === 46 /* . */) {
    if (SPECIAL_FLOATS.has(text)) return SPECIAL_FLOATS.get(text);
    return GO_DECIMAL_FLOAT.test(text) ? Number(text) : NOT_RESOLVED;
  }
  if (text.length > 5) return NOT_RESOLVED;
  if (NULLS.has(text)) return null;
  const boolean = BOOLEANS.get(text);
  return boolean === undefined ? NOT_RESOLVED : boolean;
}

type JsYaml = typeof jsYamlModule;
let jsYamlReader: { library: JsYaml; schema: jsYamlModule.Schema } | undefined;

/** js-yaml with go-yaml v2's implicit scalars (and merge keys), loaded when a file needs it. */
function loadJsYaml(): { library: JsYaml; schema: jsYamlModule.Schema } {
  if (jsYamlReader) return jsYamlReader;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const library = require('js-yaml') as JsYaml;
  const goScalar = new library.Type('tag:yaml.org,2002:go-scalar', {
    kind: 'scalar',
    resolve: (data: string) => resolvePlainScalar(data) !== NOT_RESOLVED,
    construct: (data: string) => resolvePlainScalar(data),
  });
  const mergeType = (library as unknown as { types: { merge: jsYamlModule.Type } }).types.merge;
  jsYamlReader = { library, schema: library.FAILSAFE_SCHEMA.extend({ implicit: [goScalar, mergeType] }) };
  return jsYamlReader;
}

export function resolveToValue(text: string): unknown {
  const value = resolvePlainScalar(text);
  return value === NOT_RESOLVED ? text : value;
}

/**
 * Fast path: every document of a file, or undefined when the file has any problem (then use readPrecisely).
 * The simple reader covers the usual manifest; js-yaml covers the rest of YAML (anchors, tags, multi-line scalars).
 */
export function readFast(text: string): unknown[] | undefined {
  return readSimpleYaml(text, resolveToValue) ?? readWithJsYaml(text);
}

/** Every document through js-yaml with go-yaml's scalars, or undefined when the text has any problem. */
export function readWithJsYaml(text: string): unknown[] | undefined {
  try {
    const { library, schema } = loadJsYaml();
    const documents = library.loadAll(text, undefined, { schema, json: false }) as unknown[];
    // js-yaml turns collection keys into "[object Object]"; go-yaml rejects them, so the precise reader reports them.
    if (text.includes('{') || text.includes('[') || text.includes('?')) {
      if (documents.some(hasStringifiedCollectionKey)) return undefined;
    }
    return documents;
  } catch {
    return undefined;
  }
}

function hasStringifiedCollectionKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasStringifiedCollectionKey);
  if (value === null || typeof value !== 'object') return false;
  for (const [key, entry] of Object.entries(value)) {
    if (key.startsWith('[object ') || hasStringifiedCollectionKey(entry)) return true;
  }
  return false;
}

const goScalarTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:go-scalar',
  default: true,
  test: /^(?:[-+.0-9~nNyYtTfFoO]|$)/,
  resolve: (text: string) => {
    const value = resolvePlainScalar(text);
    return value === NOT_RESOLVED ? text : value;
  },
};

export interface YamlProblem {
  readonly rule: 'yaml' | 'duplicate-key';
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface PreciseDocument {
  readonly value: unknown;
  /** Problems that make the document unreadable (it is not validated further). */
  readonly fatal: YamlProblem[];
  /** Problems that leave the document readable (duplicate keys: the last value wins, as in go-yaml). */
  readonly problems: YamlProblem[];
  readonly document: Document;
  readonly empty: boolean;
  /** For documents with fatal problems: what could still be read (to name the object in reports). */
  readonly partial?: unknown;
}

export interface PreciseFile {
  readonly documents: PreciseDocument[];
  readonly lineCounter: LineCounter;
}

function describeYamlError(code: string, message: string, text: string, offset: number): string {
  if (code === 'DUPLICATE_KEY') {
    const key = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:\n]+?)\s*:/.exec(text.slice(offset, offset + 300))?.[1] ?? '';
    return `duplicate key ${key.startsWith('"') || key.startsWith("'") ? key : JSON.stringify(key)}: a key may appear once per mapping; remove or rename one`;
  }
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Precise path: positions for every node, every problem per document, the other documents still read. */
export function readPrecisely(text: string): PreciseFile {
  const { LineCounter, parseAllDocuments } = yamlLibrary();
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, {
    version: '1.1',
    schema: 'failsafe',
    customTags: [goScalarTag],
    merge: true,
    uniqueKeys: true,
    lineCounter,
    prettyErrors: true,
    logLevel: 'error',
  });
  const documents = Array.isArray(parsed) ? parsed : [];
  const result: PreciseDocument[] = [];
  const controlCharacters = [...text.matchAll(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g)].map((match) => match.index ?? 0);
  for (const document of documents) {
    const fatal: YamlProblem[] = [];
    const problems: YamlProblem[] = [];
    for (const offset of controlCharacters.filter((index) => index >= document.range[0] && index < document.range[2])) {
      const { line, col } = lineCounter.linePos(offset);
      const code = text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, '0');
      fatal.push({ rule: 'yaml', message: `control character U+${code} is not allowed in YAML; remove it or write it as an escape in a double-quoted string`, line, column: col });
    }
    for (const error of fatal.length > 0 ? [] : document.errors) {
      const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
      const problem: YamlProblem = {
        rule: error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml',
        message: describeYamlError(error.code, error.message, text, error.pos[0]),
        line: position.line,
        column: position.col,
      };
      (error.code === 'DUPLICATE_KEY' ? problems : fatal).push(problem);
    }
    if (fatal.length === 0) fatal.push(...collectionKeys(document, lineCounter));
    let value: unknown = null;
    if (fatal.length === 0) {
      try {
        value = document.toJS({ maxAliasCount: 10_000 });
      } catch (error) {
        const start = lineCounter.linePos(document.range[0]);
        fatal.push({ rule: 'yaml', message: (error as Error).message, line: start.line, column: start.col });
      }
    }
    let partial: unknown;
    if (fatal.length > 0) {
      try {
        partial = document.toJS({ maxAliasCount: 100 });
      } catch {
        partial = undefined;
      }
    }
    result.push({ value, fatal, problems, document, partial, empty: fatal.length === 0 && problems.length === 0 && (value === null || value === undefined) });
  }
  return { documents: result, lineCounter };
}

/** Mapping keys that are themselves mappings or lists (often a `{{ template }}`): go-yaml rejects them. */
function collectionKeys(document: Document, lineCounter: LineCounter): YamlProblem[] {
  const { isCollection, visit } = yamlLibrary();
  const problems: YamlProblem[] = [];
  visit(document, {
    Pair(_key, pair) {
      if (!isCollection(pair.key)) return;
      const range = (pair.key as Node).range;
      const { line, col } = lineCounter.linePos(range ? range[0] : 0);
      problems.push({ rule: 'yaml', message: 'a mapping key is a mapping or list (an unrendered template such as {{ value }}?); keys must be scalars: render the template or quote the value', line, column: col });
    },
  });
  return problems;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

function positionOf(node: { range?: [number, number, number] | null } | null | undefined, lineCounter: LineCounter): Position | undefined {
  if (!node?.range) return undefined;
  const { line, col } = lineCounter.linePos(node.range[0]);
  return { line, column: col };
}

function findPair(map: Node, key: string): Pair | undefined {
  const { isMap, isScalar } = yamlLibrary();
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    const keyNode = pair.key;
    const keyValue = isScalar(keyNode) ? keyNode.value : keyNode;
    if (String(keyValue) === key) return pair;
  }
  return undefined;
}

/**
 * Position of the node at `segments` in a document: the key of the last mapping entry where there is one,
 * else the value; when the path leaves the written document (merged or defaulted), the deepest node found.
 */
export function locate(document: Document, segments: readonly (string | number)[], lineCounter: LineCounter): Position | undefined {
  const { isPair, isSeq } = yamlLibrary();
  let node: unknown = document.contents;
  let best = positionOf(document.contents as Node, lineCounter);
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!isSeq(node) || segment >= node.items.length) break;
      node = node.items[segment];
      best = positionOf(node as Node, lineCounter) ?? best;
    } else {
      const pair = findPair(node as Node, segment);
      if (!pair || !isPair(pair)) break;
      best = positionOf(pair.key as Node, lineCounter) ?? best;
      node = pair.value;
    }
  }
  return best;
}
