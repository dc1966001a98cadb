// Reads manifests the way kubectl sends them to the API server: its document splitter, then go-yaml v2 through
// sigs.k8s.io/yaml (YAML 1.1 scalars, merge keys, tags, go-yaml's bounds on depth and aliases). Two readers, one
// path: the simple reader (simple-yaml.ts) reads the usual manifest and declines whatever it is not sure of; the
// precise reader parses with the yaml package (positions, syntax errors) and turns its nodes into values as go-yaml
// decodes them (the yaml package's own toJS follows YAML 1.2 and differs on merges, tags and numbers).
// js-yaml is no longer a middle reader: on the benchmark corpus the simple reader reads every file, and on
// the kubernetes/examples manifests it declines 10 of 248 files (7 of 194 KB), where js-yaml would save about 0.25 s on a loaded
// machine but reads merges, tags, alias bombs and duplicate keys differently from go-yaml.
import { pieceText, splitPieces, startsAsJson, type Piece } from './documents';
import { READ_DEPTH, readSimpleYaml } from './simple-yaml';
import type { Document, LineCounter, Node, Pair } from 'yaml';

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
/** Go's ParseFloat syntax for decimals (`_` only between digits), tried for plain scalars that start with `.`. */
const GO_DECIMAL_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

const NOT_RESOLVED = Symbol('string');

/** First characters that can start a non-string plain scalar: digits, + - . ~ and the letters of y/n/true/false/on/off/null. */
const MAYBE_SPECIAL = new Uint8Array(128);
for (const character of '0123456789+-.~nNyYtTfFoO') MAYBE_SPECIAL[character.charCodeAt(0)] = 1;

/**
 * An integer that go-yaml reads exactly (int64 or uint64) but a JavaScript number cannot hold: kubeforge does not
 * round it silently; the readers report it (a `yaml` finding) instead of validating another value.
 */
export class InexactInteger {
  constructor(readonly text: string) {}
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** The integer of a plain scalar as Go's ParseInt, then ParseUint (base 0, 64 bits) read it; undefined where both fail. */
function goInteger(plain: string): bigint | undefined {
  if (!GO_INTEGER.test(plain)) return undefined;
  const sign = plain[0] === '-' || plain[0] === '+' ? plain[0] : '';
  const digits = sign ? plain.slice(1) : plain;
  const prefix = digits.slice(0, 2).toLowerCase();
  let magnitude: bigint;
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') magnitude = BigInt(`0${prefix[1]}${digits.slice(2)}`);
  else if (digits.length > 1 && digits[0] === '0') magnitude = BigInt(`0o${digits.slice(1)}`);
  else magnitude = BigInt(digits);
  const value = sign === '-' ? -magnitude : magnitude;
  if (value >= INT64_MIN && value <= INT64_MAX) return value;
  return sign === '' && value <= UINT64_MAX ? value : undefined;
}

/** A number for an integer a double holds exactly, else an InexactInteger. */
function integerValue(value: bigint): number | InexactInteger {
  const number = Number(value);
  return BigInt(number) === value ? number : new InexactInteger(value.toString());
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
  if (first >= 48 && first <= 57 || first === 43 || first === 45 || first === 46) {
    if (SPECIAL_FLOATS.has(text)) return SPECIAL_FLOATS.get(text);
    const plain = text.includes('_') ? text.replace(/_/g, '') : text;
    const integer = goInteger(plain);
    if (integer !== undefined) return integerValue(integer);
    // Go's ParseFloat fails beyond the float64 range (1e400): go-yaml then keeps the text.
    const float = first === 46 ? GO_DECIMAL_FLOAT.test(text) : YAML_STYLE_FLOAT.test(plain);
    return float && Number.isFinite(Number(plain)) ? Number(plain) : NOT_RESOLVED;
  }
  if (text.length > 5) return NOT_RESOLVED;
  if (NULLS.has(text)) return null;
  const boolean = BOOLEANS.get(text);
  return boolean === undefined ? NOT_RESOLVED : boolean;
}

export function resolveToValue(text: string): unknown {
  const value = resolvePlainScalar(text);
  return value === NOT_RESOLVED ? text : value;
}

/** Every document of a text by the simple reader, or undefined where it declines (the parse floor of the benchmark). */
export function readFast(text: string): unknown[] | undefined {
  return readSimpleYaml(text, resolveToValue);
}

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
  readonly empty: boolean;
  /** For documents with fatal problems: what could still be read (to name the object in reports). */
  readonly partial?: unknown;
  /** Where the node at a path of this document was written. */
  at(segments: readonly (string | number)[]): Position | undefined;
}

export interface PreciseFile {
  readonly documents: PreciseDocument[];
}

/** go-yaml's limit on nesting (flow and block levels together). */
export const MAX_DEPTH = 10_000;

/** A problem that ends the reading of one document, at an offset of its piece. */
class DocumentError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Where a piece's one YAML document ends: go-yaml reads the first document of its input, up to `...` or a directive after content. */
function firstDocumentEnd(text: string): number {
  let content = false;
  for (let lineStart = 0; lineStart < text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const first = text[lineStart];
    if (content && (first === '%' || (text.startsWith('...', lineStart) && /^\.\.\.(?:[ \t\r\n]|$)/.test(text.slice(lineStart, lineStart + 4))))) return lineStart;
    if (!content && !/^[ \t\r]*(?:#.*)?$/.test(text.slice(lineStart, lineEnd))) content = true;
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return text.length;
}

/**
 * The deepest nesting of collections in a YAML text, counted from its lines without parsing it (so that deep input
 * never reaches the yaml package, whose parser slows down and recurses with depth): indentation levels of block collections, `- `
 * items opened on one line, and open flow brackets outside quotes and comments.
 */
export function nestingDepth(text: string): { depth: number; offset: number } {
  const indents: number[] = [];
  let deepest = { depth: 0, offset: 0 };
  let flow = 0;
  let quote = '';
  for (let lineStart = 0; lineStart < text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    let index = lineStart;
    if (flow === 0 && quote === '') {
      while (text[index] === ' ') index++;
      const indent = index - lineStart;
      if (index < lineEnd && text[index] !== '#' && text[index] !== '\r') {
        while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
        // A line opens a block level per `- ` item it starts (`- - x`) and for a `key:` entry; a scalar or a flow
        // collection alone opens none.
        while (text[index] === '-' && (text[index + 1] === ' ' || index + 1 === lineEnd)) {
          indents.push(index - lineStart);
          index += 2;
          while (text[index] === ' ') index++;
        }
        if (/^[^[{"'\n]*?:(?: |$)/.test(text.slice(index, Math.min(lineEnd, index + 2048)))) indents.push(index - lineStart);
      }
    }
    for (; index < lineEnd; index++) {
      const character = text[index];
      if (quote !== '') {
        if (character === quote) {
          if (quote === "'" && text[index + 1] === "'") index++;
          else quote = '';
        } else if (quote === '"' && character === '\\') index++;
      } else if (character === '"' || character === "'") {
        quote = character;
      } else if (character === '#' && (index === lineStart || text[index - 1] === ' ' || text[index - 1] === '\t')) {
        break;
      } else if (character === '[' || character === '{') {
        flow++;
        if (indents.length + flow > deepest.depth) deepest = { depth: indents.length + flow, offset: index };
      } else if (character === ']' || character === '}') {
        flow = Math.max(0, flow - 1);
      }
    }
    if (indents.length + flow > deepest.depth) deepest = { depth: indents.length + flow, offset: lineStart };
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return deepest;
}

// go-yaml's rule against alias expansion (billion laughs): past 400,000 decoded nodes the share of nodes
// reached through aliases may fall from 99% to 10% at 4,000,000.
function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000);
}

const MERGE_TAG = 'tag:yaml.org,2002:merge';
/** The timestamp forms go-yaml v2 parses for `!!timestamp` (the value then reaches JSON as written). */
const GO_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})?)?$/;
const TAG = 'tag:yaml.org,2002:';

/** go-yaml's formatting of a float key as sigs.k8s.io/yaml writes it: Go's %g at float32 precision. */
function floatKey(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  const single = Math.fround(value);
  if (!Number.isFinite(single)) return single > 0 ? '.inf' : '-.inf';
  if (single === 0) return Object.is(single, -0) ? '-0' : '0';
  let digits = '';
  for (let precision = 1; precision <= 9; precision++) {
    digits = single.toExponential(precision - 1);
    if (Math.fround(Number(digits)) === single) break;
  }
  const [mantissa, exponentText] = digits.split('e');
  const exponent = Number(exponentText);
  const significant = mantissa.replace('.', '').replace('-', '');
  const sign = single < 0 ? '-' : '';
  // Go's %g with the shortest precision switches to an exponent from 1e+06 on and below 1e-04.
  if (exponent < -4 || exponent >= 6) {
    return `${sign}${significant[0]}${significant.length > 1 ? `.${significant.slice(1)}` : ''}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return `${sign}${Number(`${significant[0]}.${significant.slice(1)}e${exponent}`).toString()}`;
}

/** Turns the yaml package's nodes of one document into the value go-yaml v2 decodes, as sigs.k8s.io/yaml converts it to JSON. */
class GoDecoder {
  private decoded = 0;
  private aliased = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<Node>();
  readonly duplicates: { key: string; offset: number }[] = [];

  constructor(private readonly document: Document, private readonly library: YamlModule) {}

  private offsetOf(node: unknown): number {
    return (node as { range?: [number, number, number] | null })?.range?.[0] ?? 0;
  }

  value(node: unknown): unknown {
    const { isAlias, isMap, isScalar, isSeq } = this.library;
    this.decoded++;
    if (this.aliasDepth > 0) this.aliased++;
    if (this.aliased > 100 && this.decoded > 1000 && this.aliased / this.decoded > allowedAliasRatio(this.decoded)) {
      throw new DocumentError('the document expands aliases excessively (as in "billion laughs"); go-yaml refuses it: write the values out', this.offsetOf(node));
    }
    if (node === null || node === undefined) return null;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor !== undefined && !/^[A-Za-z0-9_-]+$/.test(anchor)) throw new DocumentError(`the anchor name "${anchor}" has characters go-yaml does not accept (letters, digits, - and _ only); rename it`, this.offsetOf(node));
    if (isAlias(node)) return this.alias(node as Node & { source: string }, (target) => this.value(target));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      this.mapping(node as unknown as { items: Pair[] }, out);
      return out;
    }
    if (isSeq(node)) return (node as unknown as { items: unknown[] }).items.map((item) => this.value(item));
    if (isScalar(node)) return this.scalar(node as unknown as ScalarNode);
    throw new DocumentError('unsupported YAML node', this.offsetOf(node));
  }

  private alias<T>(alias: Node & { source: string }, decode: (target: Node) => T): T {
    const target = (alias as unknown as { resolve(document: Document): Node | undefined }).resolve(this.document);
    if (target === undefined) throw new DocumentError(`unknown anchor "${alias.source}" referenced`, this.offsetOf(alias));
    if (this.expanding.has(target)) throw new DocumentError(`anchor "${alias.source}" contains itself; go-yaml cannot read a recursive alias`, this.offsetOf(alias));
    this.expanding.add(target);
    this.aliasDepth++;
    try {
      return decode(target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(target);
    }
  }

  /** The mapping being filled, which merge keys merge into. */
  private current: Record<string, unknown> = {};

  private mapping(node: { items: Pair[] }, out: Record<string, unknown>): void {
    const { isScalar } = this.library;
    const previous = this.current;
    this.current = out;
    try {
      this.entries(node, out, isScalar);
    } finally {
      this.current = previous;
    }
  }

  private entries(node: { items: Pair[] }, out: Record<string, unknown>, isScalar: YamlModule['isScalar']): void {
    for (const pair of node.items) {
      const key = pair.key as unknown;
      if (isScalar(key) && (key as unknown as ScalarNode).source === '<<' && ((key as unknown as ScalarNode).type === 'PLAIN' || (key as unknown as ScalarNode).tag === MERGE_TAG)) {
        this.decoded++;
        this.merge(pair.value);
        continue;
      }
      const name = this.key(key);
      const value = this.value(pair.value);
      this.set(out, name, value, this.offsetOf(key));
    }
  }

  private set(out: Record<string, unknown>, key: string, value: unknown, offset: number): void {
    if (Object.hasOwn(out, key)) this.duplicates.push({ key, offset });
    // `__proto__` becomes an own key, as in JSON, never the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }

  /** `<<: *base` or `<<: [*a, *b]`: keys merged into the mapping being decoded; earlier sources win, and later keys. */
  private merge(node: unknown): void {
    const { isAlias, isMap, isSeq } = this.library;
    const into = this.current;
    const mergeMapping = (source: unknown): void => {
      const resolved = isAlias(source) ? (source as unknown as { resolve(document: Document): Node | undefined }).resolve(this.document) : source;
      if (!isMap(resolved)) throw new DocumentError('a merge key (<<) takes a mapping or a list of mappings', this.offsetOf(source));
      const apply = (target: Node) => this.mapping(target as unknown as { items: Pair[] }, into);
      if (isAlias(source)) {
        this.decoded++;
        this.alias(source as Node & { source: string }, apply);
      } else {
        apply(resolved as Node);
      }
    };
    if (isSeq(node)) {
      const items = (node as unknown as { items: unknown[] }).items;
      for (let index = items.length - 1; index >= 0; index--) mergeMapping(items[index]);
    } else {
      mergeMapping(node);
    }
  }

  /** A mapping key as sigs.k8s.io/yaml writes it into JSON: scalars only, integers in decimal, floats at float32 precision. */
  private key(node: unknown): string {
    const { isAlias, isScalar } = this.library;
    this.decoded++;
    if (isAlias(node)) return this.alias(node as Node & { source: string }, (target) => this.key(target));
    if (!isScalar(node)) throw new DocumentError('a mapping key is a mapping or list (an unrendered template such as {{ value }}?); keys must be scalars: render the template or quote the value', this.offsetOf(node));
    const scalar = node as unknown as ScalarNode;
    const value = this.scalar(scalar);
    if (typeof value === 'string') return value;
    if (value === null) throw new DocumentError('a mapping key is null (empty or ~); JSON has no null keys: give the key a name', this.offsetOf(node));
    if (typeof value === 'boolean') return String(value);
    if (value instanceof InexactInteger) {
      if (BigInt(value.text) > INT64_MAX) throw new DocumentError(`the mapping key ${value.text} is beyond int64; kubectl cannot convert it: quote the key`, this.offsetOf(node));
      return value.text;
    }
    if (typeof value === 'number') {
      const plain = scalar.source.replace(/_/g, '');
      const integer = goInteger(plain);
      if (integer !== undefined) {
        if (integer > INT64_MAX) throw new DocumentError(`the mapping key ${scalar.source} is beyond int64; kubectl cannot convert it: quote the key`, this.offsetOf(node));
        return integer.toString();
      }
      return floatKey(value);
    }
    return String(value);
  }

  private scalar(node: ScalarNode): unknown {
    const tag = node.tag;
    const text = node.source;
    if (node.type === 'QUOTE_DOUBLE') {
      const raw = node.srcToken?.source ?? '';
      const escape = /\\(?:x[0-9a-fA-F]{2}|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|[0abt\tnvfre "\\N_LP\n\r ]|(.))/g;
      for (let match = escape.exec(raw); match !== null; match = escape.exec(raw)) {
        const code = match[1] ?? match[2];
        const value = code === undefined ? 0 : parseInt(code, 16);
        if (match[3] !== undefined || (value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) {
          throw new DocumentError(`the escape ${match[0]} in a double-quoted string is not one go-yaml reads; write the character itself or a valid escape`, this.offsetOf(node) + match.index);
        }
      }
    }
    if (tag === undefined || tag === '') {
      if (node.type !== 'PLAIN') return text;
      const value = resolvePlainScalar(text);
      return value === NOT_RESOLVED ? text : value;
    }
    if (!tag.startsWith(TAG)) return text; // a local tag (`!foo`, or `!` alone): go-yaml keeps the text
    const name = tag.slice(TAG.length);
    if (name === 'str') return text;
    if (name === 'binary') {
      const compact = text.replace(/\s+/g, '');
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) throw new DocumentError('the !!binary value is not valid base64: fix the data', this.offsetOf(node));
      return new TextDecoder().decode(Buffer.from(compact, 'base64'));
    }
    if (name === 'timestamp') {
      if (GO_TIMESTAMP.test(text)) return text;
      throw new DocumentError(`the value ${JSON.stringify(text)} cannot be read as !!timestamp; fix the value or the tag`, this.offsetOf(node));
    }
    if (!['int', 'float', 'bool', 'null'].includes(name)) return text;
    const resolved = resolvePlainScalar(text);
    const value = resolved === NOT_RESOLVED ? text : resolved;
    const kind = value === null ? 'null' : typeof value === 'boolean' ? 'bool' : value instanceof InexactInteger ? 'int'
      : typeof value === 'number' ? (goInteger(text.replace(/_/g, '')) !== undefined ? 'int' : 'float') : 'str';
    if (kind === name || (name === 'float' && kind === 'int')) return value;
    throw new DocumentError(`the value ${JSON.stringify(text)} cannot be read as !!${name} (it reads as !!${kind}); fix the value or the tag`, this.offsetOf(node));
  }

}

interface ScalarNode {
  readonly source: string;
  readonly srcToken?: { readonly source?: string };
  readonly type?: string;
  readonly tag?: string;
  readonly range?: [number, number, number] | null;
}

/** JSON values and numbers a double cannot carry: sigs.k8s.io/yaml fails on NaN and infinities; kubeforge reports inexact integers. */
function checkJsonable(value: unknown, at: () => number): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) throw new DocumentError(`the value ${Number.isNaN(item) ? '.nan' : item > 0 ? '.inf' : '-.inf'} is a float that JSON cannot carry, so kubectl cannot send this document: quote it or remove it`, at());
    } else if (item instanceof InexactInteger) {
      throw new DocumentError(`the integer ${item.text} is beyond what kubeforge reads exactly (2^53); it would be checked as another number, so it is not checked: quote it if the field takes a string`, at());
    } else if (Array.isArray(item)) {
      stack.push(...item);
    } else if (item !== null && typeof item === 'object') {
      stack.push(...Object.values(item));
    }
  }
}

function describeYamlError(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

// Characters go-yaml refuses anywhere in its input (C0 and C1 controls but tab, LF, CR and NEL; surrogates; U+FFFE, U+FFFF).
const NOT_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Precise path: every document as kubectl reads it, with positions for every node and every problem per document. */
export function readPrecisely(text: string): PreciseFile {
  return readJsonStream(text) ?? { documents: [...splitPieces([text])].map(readPiecePrecisely) };
}

/** One piece of kubectl's splitter as a document, or the error of a separator with content after it. */
export function readPiecePrecisely(piece: Piece): PreciseDocument {
  if (piece.separator === undefined) return readPiece({ text: pieceText(piece), line: piece.line }, yamlLibrary());
  const problem: YamlProblem = { rule: 'yaml', message: `"---" followed by ${JSON.stringify(piece.separator.slice(0, 40))}: kubectl stops reading at such a separator; put the content on the next line`, line: piece.line + 1, column: 4 };
  return { value: null, fatal: [problem], problems: [], empty: false, at: () => undefined };
}

/** The offset where the JSON value at `start` ends (strings and nesting followed), or -1 when it is unterminated or deeper than go's limit. */
function jsonValueEnd(text: string, start: number): number {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const character = text[index];
    if (character === '"') {
      for (index++; index < text.length && text[index] !== '"'; index++) if (text[index] === '\\') index++;
      if (index >= text.length) return -1;
      if (depth === 0) return index + 1;
    } else if (character === '{' || character === '[') {
      if (++depth > READ_DEPTH) return -1;
    } else if (character === '}' || character === ']') {
      if (--depth <= 0) return index + 1;
    } else if (depth === 0 && /[ \t\r\n,:]/.test(character)) {
      return index;
    }
  }
  return depth === 0 ? text.length : -1;
}

/**
 * kubectl reads a text whose first character is `{` as a stream of JSON values first, passed on as written; when that
 * fails before two values that are not null, the text is read as YAML (undefined here), else the values read so far
 * are kept and an error follows.
 */
export function readJsonStream(text: string): PreciseFile | undefined {
  if (!startsAsJson(text)) return undefined;
  const documents: PreciseDocument[] = [];
  let nonNull = 0;
  let index = 0;
  for (;;) {
    while (index < text.length && /[ \t\r\n]/.test(text[index])) index++;
    if (index >= text.length) return { documents };
    const end = jsonValueEnd(text, index);
    let value: unknown;
    try {
      if (end === -1) throw new SyntaxError('unterminated JSON value');
      value = JSON.parse(text.slice(index, end));
    } catch {
      if (nonNull < 2) return undefined;
      const { line, col } = lineCounterPosition(text, index);
      documents.push({ value: null, fatal: [{ rule: 'yaml', message: 'invalid JSON after the documents before it: kubectl stops reading here; fix the JSON', line, column: col }], problems: [], empty: false, at: () => undefined });
      return { documents };
    }
    const inexact = /(?<![\w.])-?[0-9]{16,}(?![\w.])/.exec(text.slice(index, end).replace(/"(?:[^"\\]|\\.)*"/g, (string) => ' '.repeat(string.length)));
    const fatal: YamlProblem[] = [];
    if (inexact && BigInt(Number(inexact[0])) !== BigInt(inexact[0])) {
      const { line, col } = lineCounterPosition(text, index + inexact.index);
      fatal.push({ rule: 'yaml', message: `the integer ${inexact[0]} is beyond what kubeforge reads exactly (2^53); it would be checked as another number, so it is not checked: quote it if the field takes a string`, line, column: col });
    }
    if (value !== null) nonNull++;
    const start = index;
    documents.push({ value: fatal.length > 0 ? null : value, fatal, problems: [], empty: value === null, at: () => {
      const { line, col } = lineCounterPosition(text, start);
      return { line, column: col };
    } });
    index = end;
  }
}

/** Line and column (1-based) of an offset in a text. */
function lineCounterPosition(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

function readPiece(piece: { readonly text: string; readonly line: number }, library: YamlModule): PreciseDocument {
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounterPosition(piece.text, offset);
    return { line: line + piece.line, column: col };
  };
  const fatalAt = (message: string, offset: number): PreciseDocument => {
    const { line, column } = position(offset);
    return { value: null, fatal: [{ rule: 'yaml', message, line, column }], problems: [], empty: false, at: () => undefined };
  };
  // go-yaml drops a byte order mark at the start of its input; each piece is its own input.
  const bom = piece.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const source = piece.text.slice(bom, bom + firstDocumentEnd(piece.text.slice(bom)));
  const control = NOT_PRINTABLE.exec(source);
  if (control) {
    const code = source.charCodeAt(control.index);
    // decodeManifest marks each byte of invalid UTF-8 as U+DC00 + byte.
    if (code >= 0xdc80 && code <= 0xdcff) return fatalAt(`invalid UTF-8 (byte 0x${(code - 0xdc00).toString(16).toUpperCase()}): kubectl rejects the document; save the file as UTF-8`, control.index + bom);
    return fatalAt(`character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in YAML (go-yaml: "control characters are not allowed"); remove it or write it as an escape in a double-quoted string`, control.index + bom);
  }
  const directive = /^(?:[ \t\r]*(?:#.*)?\n)*%/.exec(source);
  if (directive) return fatalAt('a %YAML or %TAG directive: kubectl splits documents at "---", so the directive is cut off from its document and go-yaml rejects it; remove the directive', directive[0].length - 1 + bom);
  const { depth, offset } = nestingDepth(source);
  if (depth > MAX_DEPTH) return fatalAt(`nesting deeper than ${MAX_DEPTH} levels: go-yaml refuses it ("exceeded max depth of ${MAX_DEPTH}"); flatten the document`, offset + bom);
  if (depth > READ_DEPTH) return fatalAt(`nesting deeper than ${READ_DEPTH} levels: kubeforge does not read it (go-yaml reads up to ${MAX_DEPTH}); flatten the document`, offset + bom);
  const early = /^(?:[ \t\r]*(?:#.*)?\n)*\.\.\.(?:[ \t\r\n]|$)/.exec(source);
  if (early) return fatalAt('a document end marker (...) before any content: go-yaml finds no document there; remove the marker', early[0].length - 4 + bom);
  const { document, lineCounter, source: parsed } = parseForGo(source, library);
  const at = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + piece.line, column: col };
  };
  const locateIn = (segments: readonly (string | number)[]): Position | undefined => {
    const found = locateOffset(document, segments, library);
    return found === undefined ? undefined : at(found);
  };
  const problem = (message: string, offset: number): YamlProblem => ({ rule: 'yaml', message, ...at(offset) });
  if (document.errors.length > 0) {
    const fatal = document.errors.map((error) => problem(describeYamlError(error.message), error.pos[0]));
    return { value: null, fatal, problems: [], empty: false, partial: partialOf(document), at: locateIn };
  }
  const tab = parsed.includes('\t') ? misplacedTab(document, parsed, library) : undefined;
  if (tab !== undefined) return { value: null, fatal: [problem('a tab where go-yaml takes indentation (or right after "-" or "?"); kubectl rejects it: use spaces', tab)], problems: [], empty: false, partial: partialOf(document), at: locateIn };
  const decoder = new GoDecoder(document, library);
  try {
    const value = decoder.value(document.contents);
    checkJsonable(value, () => 0);
    const problems = decoder.duplicates.map(({ key, offset }): YamlProblem => ({ rule: 'duplicate-key', message: `duplicate key ${JSON.stringify(key)}: a key may appear once per mapping (kubectl's strict reading rejects it); remove or rename one`, ...at(offset) }));
    return { value, fatal: [], problems, empty: problems.length === 0 && (value === null || value === undefined), at: locateIn };
  } catch (error) {
    if (!(error instanceof DocumentError)) {
      if (error instanceof RangeError) return { ...fatalAt('the document is nested too deeply to read; flatten it', 0), partial: undefined };
      throw error;
    }
    return { value: null, fatal: [problem(error.message, error.offset)], problems: [], empty: false, partial: partialOf(document), at: locateIn };
  }
}

const PARSE_OPTIONS = { version: '1.1', schema: 'failsafe', merge: false, uniqueKeys: false, prettyErrors: false, logLevel: 'silent', keepSourceTokens: true } as const;

/**
 * Parses one document with the yaml package, after rewriting, line for line, what go-yaml accepts and the yaml package
 * does not: line breaks other than LF (go-yaml breaks lines at a lone CR, NEL, LS and PS; each is one code unit, like
 * LF); a comment right after a quote or a block scalar header (`'a'#c`, `|#c`), blanked out; continuation lines of a
 * quoted scalar not indented past their key (go-yaml drops their leading spaces anyway), indented.
 */
function parseForGo(text: string, library: YamlModule): { document: Document; lineCounter: LineCounter; source: string } {
  let source = text.replace(/\r(?!\n)|[\x85\u2028\u2029]/g, '\n');
  for (let attempt = 0; ; attempt++) {
    const lineCounter = new library.LineCounter();
    const document = library.parseDocument(source, { ...PARSE_OPTIONS, lineCounter }) as Document;
    const root = document.contents as { flow?: boolean; range?: [number, number, number] } | null;
    const flowRootEnd = root?.flow === true && root.range ? root.range[1] : Infinity;
    // Each round of rewrites costs a parse: two suffice for what people write, and hostile input cannot make it many.
    const patched = attempt < 2 ? patchErrors(source, document.errors, flowRootEnd) : undefined;
    if (patched === undefined) return { document, lineCounter, source };
    source = patched;
  }
}

/** The rewrites that make the yaml package read the errors it reported as go-yaml reads them, all in one pass; undefined when there are none. */
function patchErrors(source: string, errors: readonly { message: string; pos: [number, number] }[], flowRootEnd: number): string | undefined {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const error of errors) {
    const at = error.pos[0];
    // After a flow collection at the root (a JSON object), go-yaml has read its document and never looks further.
    if (error.message.includes('at node end') && at >= flowRootEnd && /\S/.test(source.slice(at))) {
      edits.push({ start: at, end: source.length, text: '' });
    } else if (error.message.startsWith('Comments must be separated') && source[at] === '#') {
      const lineEnd = source.indexOf('\n', at) === -1 ? source.length : source.indexOf('\n', at);
      edits.push({ start: at, end: lineEnd, text: ' '.repeat(lineEnd - at) });
    } else if (error.message.startsWith('Missing closing') || /^Flow (?:sequence|mapping) in block collection must be sufficiently indented/.test(error.message)) {
      const quoted = error.message.startsWith('Missing closing');
      const opener = quoted ? (error.message.includes('"quote') ? '"' : "'") : error.message.startsWith('Flow sequence') ? '[' : '{';
      const open = source.lastIndexOf(opener, at);
      const close = open === -1 ? -1 : quoted ? quotedEnd(source, open) : flowEnd(source, open);
      if (close === -1) continue;
      const openLine = source.lastIndexOf('\n', open - 1) + 1;
      const indent = /^ */.exec(source.slice(openLine, open))![0].length;
      // Leading spaces of continuation lines carry no meaning inside quotes and flow collections.
      const body = source.slice(open, close).replace(/\n */g, (lineBreak) => (lineBreak.length - 1 > indent ? lineBreak : `\n${' '.repeat(indent + 1)}`));
      if (body !== source.slice(open, close)) edits.push({ start: open, end: close, text: body });
    }
  }
  if (edits.length === 0) return undefined;
  edits.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let done = 0;
  for (const edit of edits) {
    if (edit.start < done) continue; // overlaps an earlier rewrite: the next parse decides
    parts.push(source.slice(done, edit.start), edit.text);
    done = edit.end;
  }
  parts.push(source.slice(done));
  return parts.join('');
}

/**
 * The first tab go-yaml refuses and the yaml package accepts: at the start of a line's content in block context (a
 * tab-only line included), right after a block `-` or `?`, or in a block scalar's indentation. Tabs inside flow
 * collections, quoted scalars and block scalars' content are fine.
 */
function misplacedTab(document: Document, source: string, library: YamlModule): number | undefined {
  const spans: { start: number; end: number; block: boolean }[] = [];
  const note = (node: { range?: [number, number, number] | null; type?: string; flow?: boolean }) => {
    if (!node.range) return;
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    if (block || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' || node.flow === true) spans.push({ start: node.range[0], end: node.range[1], block });
  };
  library.visit(document, { Scalar: (_key, node) => note(node as never), Map: (_key, node) => note(node as never), Seq: (_key, node) => note(node as never) });
  const lines = /^( *)(\t|(?:- +)*[-?]\t)/gm;
  for (let match = lines.exec(source); match !== null; match = lines.exec(source)) {
    const tab = match.index + match[0].length - 1;
    const span = spans.find(({ start, end }) => tab > start && tab < end);
    if (span === undefined) return tab;
    if (!span.block) continue;
    // In a block scalar: a tab before the content's indentation is reached (go-yaml counts indentation in spaces only).
    const bodyStart = source.indexOf('\n', span.start) + 1;
    const firstLine = /^(?: *\n)*( *)(\t?)/.exec(source.slice(bodyStart, span.end));
    const indent = firstLine ? firstLine[1].length : 0;
    if ((firstLine && firstLine[2] === '\t') || match[1].length < indent) return tab;
  }
  return undefined;
}

/** The offset of the quote that closes the quoted scalar opened at `open`, or -1. */
function quotedEnd(source: string, open: number): number {
  const quote = source[open];
  for (let index = open + 1; index < source.length; index++) {
    if (quote === '"' && source[index] === '\\') index++;
    else if (source[index] === quote && quote === "'" && source[index + 1] === "'") index++;
    else if (source[index] === quote) return index;
  }
  return -1;
}

/** The offset just after the bracket that closes the flow collection opened at `open`, or -1. */
function flowEnd(source: string, open: number): number {
  let depth = 0;
  for (let index = open; index < source.length; index++) {
    const character = source[index];
    if (character === '"' || character === "'") {
      index = quotedEnd(source, index);
      if (index === -1) return -1;
    } else if (character === '[' || character === '{') {
      depth++;
    } else if ((character === ']' || character === '}') && --depth === 0) {
      return index + 1;
    }
  }
  return -1;
}

/** What a broken document still shows at its top level (apiVersion, kind, metadata), to name it in reports. */
function partialOf(document: Document): unknown {
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

function findPair(map: unknown, key: string, library: YamlModule): Pair | undefined {
  const { isMap, isScalar } = library;
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    const keyNode = pair.key;
    const keyValue = isScalar(keyNode) ? keyNode.value : keyNode;
    if (String(keyValue) === key) return pair;
  }
  return undefined;
}

/**
 * Offset of the node at `segments` in a document: the key of the last mapping entry where there is one, else the
 * value; when the path leaves the written document (merged or defaulted), the deepest node found.
 */
function locateOffset(document: Document, segments: readonly (string | number)[], library: YamlModule): number | undefined {
  const { isPair, isSeq } = library;
  const offsetOf = (node: unknown): number | undefined => (node as { range?: [number, number, number] | null } | null)?.range?.[0];
  let node: unknown = document.contents;
  let best = offsetOf(node);
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!isSeq(node) || segment >= node.items.length) break;
      node = node.items[segment];
      best = offsetOf(node) ?? best;
    } else {
      const pair = findPair(node, segment, library);
      if (!pair || !isPair(pair)) break;
      best = offsetOf(pair.key) ?? best;
      node = pair.value;
    }
  }
  return best;
}
