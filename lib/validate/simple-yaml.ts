// A fast reader for the YAML that manifests are almost always written in: block mappings and sequences,
// plain and quoted one-line scalars, one-line flow collections, literal and folded block scalars, comments.
// Anything else (anchors, tags, merge keys, multi-line plain or quoted scalars, tabs, duplicate keys,
// directives) makes it decline by returning undefined, and the complete readers take over. Scalars resolve
// as go-yaml v2 resolves them (resolvePlainScalar).

import { splitPieces, startsAsJson, type DocumentPiece } from './documents';

class Decline extends Error {}

/**
 * The deepest nesting kubeforge reads (go-yaml reads 10,000 levels): deeper documents are reported, not read, so no
 * reader or check after it recurses out of stack. Manifests nest a few dozen levels.
 */
export const READ_DEPTH = 1000;

/** Sets a key of a parsed mapping; `__proto__` becomes an own key, as in JSON, never the prototype. */
function setEntry(mapping: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(mapping, key, { value, enumerable: true, writable: true, configurable: true });
  else mapping[key] = value;
}

const decline = (): never => {
  throw new Decline();
};

type Resolver = (text: string) => unknown;

/**
 * Left to the precise reader: tabs, control characters, line breaks other than LF (NEL, LS, PS), byte order marks
 * after the first character, non-characters and surrogates (which also stand for invalid UTF-8, see decodeManifest).
 */
const NOT_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\t\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;
/** Characters that cannot start a plain scalar (or that this reader leaves to the complete readers). */
const PLAIN_START_DECLINED = new Set(['&', '*', '!', '?', ':', '|', '>', '%', '@', '`', '[', ']', '{', '}', ',', '#', '"', "'"]);
/** PLAIN_START_DECLINED by character code, for the hot path. */
const DECLINED_START = new Uint8Array(128);
for (const character of PLAIN_START_DECLINED) DECLINED_START[character.charCodeAt(0)] = 1;

/** A block sequence item (`-` followed by a space or the end of the line) at `at`. */
function isItemAt(line: string, at: number): boolean {
  return line.charCodeAt(at) === 45 /* - */ && (at + 1 === line.length || line.charCodeAt(at + 1) === 32);
}

/** A plain scalar's value; numbers JSON cannot carry (.inf, .nan) and inexact integers are left to the precise reader. */
function scalarValue(text: string, resolve: Resolver): unknown {
  const value = resolve(text);
  if ((typeof value === 'number' && !Number.isFinite(value)) || (typeof value === 'object' && value !== null)) decline();
  return value;
}

/**
 * A plain mapping key as sigs.k8s.io/yaml writes it: strings and booleans as they read, plain decimal integers as
 * written; other numbers (float formatting), null keys and go-yaml's 1024-character limit on keys go to the precise reader.
 */
function keyText(text: string, resolve: Resolver): string {
  if (text.length > 1024) decline();
  const value = resolve(text);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && /^(?:0|[1-9][0-9]*)$/.test(text)) return text;
  return decline();
}

class Reader {
  private position = 0;
  /** Indentation of each line, -1 for blank and comment-only lines. */
  private readonly indents: Int32Array;

  /** `indents`: the content indentation of each line (see DocumentLines); the reader keeps its own copy. */
  constructor(private readonly lines: string[], indents: Int32Array, private readonly resolve: Resolver) {
    this.indents = indents.slice();
  }

  static indentOf(line: string): number {
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    return indent;
  }

  /** Index of the next line that has content (not blank, not a comment), or lines.length. */
  private nextContent(from: number): number {
    let index = from;
    while (index < this.lines.length && this.indents[index] < 0) index++;
    return index;
  }

  private indentAt(index: number): number {
    return this.indents[index];
  }

  document(): unknown {
    const first = this.nextContent(0);
    if (first === this.lines.length) return null;
    this.position = first;
    const value = this.node(this.indentAt(first), -1);
    if (this.nextContent(this.position) !== this.lines.length) decline();
    return value;
  }

  /** A block node whose first line has its content at `indent` (already known to have content). */
  private depth = 0;

  private node(indent: number, parentIndent: number): unknown {
    const line = this.lines[this.position];
    const item = isItemAt(line, indent);
    if (item || this.keyEnd(line, indent) !== -1) {
      if (++this.depth > READ_DEPTH) decline();
      const value = item ? this.sequence(indent) : this.mapping(indent);
      this.depth--;
      return value;
    }
    this.position++;
    return this.inlineValue(line, indent, parentIndent, indent);
  }

  /** Where the key of a `key: value` entry starting at `start` ends (index of the colon), or -1 when the line is no entry. */
  private keyEnd(line: string, start: number): number {
    const first = line.charCodeAt(start);
    if (first === 34 /* " */ || first === 39 /* ' */) {
      const close = this.quotedEnd(line, start);
      if (close === -1) return -1;
      let after = close + 1;
      while (line.charCodeAt(after) === 32) after++;
      return line.charCodeAt(after) === 58 /* : */ && (after + 1 === line.length || line.charCodeAt(after + 1) === 32) ? after : -1;
    }
    let colon = line.indexOf(':', start);
    while (colon !== -1) {
      if (colon + 1 === line.length || line.charCodeAt(colon + 1) === 32) return colon;
      colon = line.indexOf(':', colon + 1);
    }
    return -1;
  }

  private key(raw: string): string {
    const text = raw.trimEnd();
    if (text.length > 1024) decline(); // go-yaml's limit on implicit keys
    if (text[0] === '"' || text[0] === "'") return this.quoted(text, 0).value;
    if (text === '' || text === '<<' || DECLINED_START[text.charCodeAt(0)] === 1 || text.includes(' #') || (text[0] === '-' && (text.length === 1 || text[1] === ' '))) decline();
    return keyText(text, this.resolve);
  }

  private mapping(indent: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const lines = this.lines;
    while (this.position < lines.length) {
      const line = lines[this.position];
      if (isItemAt(line, indent)) decline();
      const colon = this.keyEnd(line, indent);
      if (colon === -1) decline();
      const key = this.key(line.slice(indent, colon));
      // Most keys are new: the own-property test runs only when something answers to the key.
      if (result[key] !== undefined && Object.prototype.hasOwnProperty.call(result, key)) decline();
      let valueStart = colon + 1;
      while (line.charCodeAt(valueStart) === 32) valueStart++;
      this.position++;
      let value: unknown = null;
      if (valueStart === line.length || line.charCodeAt(valueStart) === 35 /* # */) {
        const next = this.nextContent(this.position);
        if (next < lines.length) {
          const nextIndent = this.indents[next];
          if (nextIndent > indent || (nextIndent === indent && isItemAt(lines[next], nextIndent))) {
            this.position = next;
            value = this.node(nextIndent, indent);
          }
        }
      } else {
        value = this.inlineValue(line, valueStart, indent, indent);
      }
      setEntry(result, key, value);
      const next = this.nextContent(this.position);
      if (next === lines.length) break;
      const nextIndent = this.indents[next];
      if (nextIndent < indent) break;
      if (nextIndent > indent) decline();
      if (isItemAt(lines[next], nextIndent)) break;
      this.position = next;
    }
    return result;
  }

  private sequence(indent: number): unknown[] {
    const result: unknown[] = [];
    const lines = this.lines;
    while (this.position < lines.length) {
      const line = lines[this.position];
      if (!isItemAt(line, indent)) break;
      let column = indent + 1;
      while (line.charCodeAt(column) === 32) column++;
      if (column === line.length || line.charCodeAt(column) === 35 /* # */) {
        this.position++;
        const next = this.nextContent(this.position);
        if (next < lines.length && this.indents[next] > indent) {
          this.position = next;
          result.push(this.node(this.indents[next], indent));
        } else {
          result.push(null);
        }
      } else {
        // `- key: value` and `- - item`: the item is a block node whose content starts after the dash.
        this.indents[this.position] = column;
        result.push(this.node(column, indent));
      }
      const next = this.nextContent(this.position);
      if (next === lines.length) break;
      const nextIndent = this.indents[next];
      if (nextIndent < indent) break;
      if (nextIndent > indent) decline();
      this.position = next;
    }
    return result;
  }

  /**
   * A value written on the line of its key or dash, from `start`: scalar, quoted, flow or the header of a block
   * scalar. The plain scalar, by far the most common, is cut from the line once.
   */
  private inlineValue(line: string, start: number, parentIndent: number, ownIndent: number): unknown {
    const code = line.charCodeAt(start);
    // | > " ' [ {
    if (code === 124 || code === 62 || code === 34 || code === 39 || code === 91 || code === 123) return this.structuredValue(line.slice(start), parentIndent, ownIndent);
    if (DECLINED_START[code] === 1 || (code === 45 /* - */ && (start + 1 === line.length || line.charCodeAt(start + 1) === 32))) decline();
    const comment = line.indexOf(' #', start);
    const plain = line.slice(start, comment === -1 ? line.length : comment).trimEnd();
    if (plain.includes(': ') || plain.endsWith(':')) decline();
    this.expectNoContinuation(ownIndent);
    return scalarValue(plain, this.resolve);
  }

  /** A block scalar header, a quoted scalar or a flow collection (`text` starts with its first character). */
  private structuredValue(text: string, parentIndent: number, ownIndent: number): unknown {
    const first = text[0];
    if (first === '|' || first === '>') return this.blockScalar(text, parentIndent);
    if (first === '"' || first === "'") {
      const { value, end } = this.quoted(text, 0);
      this.expectLineEnd(text, end);
      this.expectNoContinuation(ownIndent);
      return value;
    }
    // `[` or `{`
    const flow = new FlowReader(text, this.resolve, this);
    const value = flow.value();
    this.expectLineEnd(text, flow.position);
    return value;
  }

  /** A plain or quoted scalar continued on the next, more indented line is left to the complete readers. */
  private expectNoContinuation(indent: number): void {
    const next = this.nextContent(this.position);
    if (next < this.lines.length && this.indentAt(next) > indent) decline();
  }

  private expectLineEnd(text: string, from: number): void {
    const rest = text.slice(from);
    const trimmed = rest.trimStart();
    if (trimmed !== '' && !(trimmed[0] === '#' && rest.length > trimmed.length)) decline();
  }

  quotedEnd(text: string, start: number): number {
    const quote = text[start];
    for (let index = start + 1; index < text.length; index++) {
      const character = text[index];
      if (quote === "'" && character === "'") {
        if (text[index + 1] === "'") index++;
        else return index;
      } else if (quote === '"') {
        if (character === '\\') index++;
        else if (character === '"') return index;
      }
    }
    return -1;
  }

  quoted(text: string, start: number): { value: string; end: number } {
    const close = this.quotedEnd(text, start);
    if (close === -1) decline();
    const body = text.slice(start + 1, close);
    if (text[start] === "'") return { value: body.replace(/''/g, "'"), end: close + 1 };
    return { value: body.includes('\\') ? unescapeDouble(body) : body, end: close + 1 };
  }

  private blockScalar(header: string, parentIndent: number): string {
    const match = /^([|>])([-+]?)([1-9]?)([-+]?)\s*(?:#.*)?$/.exec(header);
    if (!match || (match[2] && match[4])) decline();
    const folded = match![1] === '>';
    const chomping = match![2] || match![4];
    const explicit = match![3] ? parentIndent + Number(match![3]) : 0;
    let contentIndent = explicit;
    const collected: string[] = [];
    let index = this.position;
    for (; index < this.lines.length; index++) {
      const line = this.lines[index];
      const indent = Reader.indentOf(line);
      if (indent === line.length) {
        // Spaces beyond the content's indentation are content in go-yaml; the precise reader reads them.
        if (line.length > (contentIndent === 0 ? parentIndent + 1 : contentIndent)) decline();
        collected.push('');
        continue;
      }
      if (contentIndent === 0) {
        if (indent <= parentIndent) break;
        contentIndent = indent;
      }
      if (indent < contentIndent) break;
      collected.push(line.slice(contentIndent));
    }
    if (contentIndent === 0) contentIndent = parentIndent + 1;
    // Trailing blank lines belong to the scalar only through chomping; the reader resumes at the next content.
    let trailing = 0;
    while (trailing < collected.length && collected[collected.length - 1 - trailing] === '') trailing++;
    this.position = index;
    const body = collected.slice(0, collected.length - trailing);
    let text: string;
    if (folded) {
      if (body.some((line) => line.startsWith(' '))) decline();
      text = '';
      for (let i = 0; i < body.length; i++) {
        if (i === 0) text = body[0];
        else if (body[i] === '') text += '\n';
        else text += body[i - 1] === '' ? body[i] : ` ${body[i]}`;
      }
    } else {
      text = body.join('\n');
    }
    if (body.length === 0) return chomping === '+' ? '\n'.repeat(trailing) : '';
    if (chomping === '-') return text;
    if (chomping === '+') return `${text}\n${'\n'.repeat(trailing)}`;
    return `${text}\n`;
  }
}

/** One-line flow collections: `[a, "b", {c: 1}]`. */
class FlowReader {
  position = 0;

  constructor(private readonly text: string, private readonly resolve: Resolver, private readonly reader: Reader) {}

  private skipSpaces(): void {
    while (this.text.charCodeAt(this.position) === 32) this.position++;
  }

  private depth = 0;

  value(): unknown {
    this.skipSpaces();
    const character = this.text[this.position];
    if (character === '[' || character === '{') {
      if (++this.depth > READ_DEPTH) decline();
      const value = character === '[' ? this.sequence() : this.mapping();
      this.depth--;
      return value;
    }
    if (character === '"' || character === "'") {
      const { value, end } = this.reader.quoted(this.text, this.position);
      this.position = end;
      return value;
    }
    return scalarValue(this.plain(), this.resolve);
  }

  private plain(): string {
    const start = this.position;
    while (this.position < this.text.length && !',[]{}'.includes(this.text[this.position])) {
      if (this.text[this.position] === ':' && ' ,]}'.includes(this.text[this.position + 1] ?? ' ')) break;
      if (this.text[this.position] === '#' && this.text[this.position - 1] === ' ') decline();
      this.position++;
    }
    const text = this.text.slice(start, this.position).trim();
    if (text === '' || PLAIN_START_DECLINED.has(text[0]) || text.includes(':') || (text[0] === '-' && text[1] === ' ')) decline();
    return text;
  }

  private sequence(): unknown[] {
    this.position++;
    const result: unknown[] = [];
    this.skipSpaces();
    if (this.text[this.position] === ']') {
      this.position++;
      return result;
    }
    for (;;) {
      result.push(this.value());
      this.skipSpaces();
      const character = this.text[this.position++];
      if (character === ']') return result;
      if (character !== ',') decline();
      this.skipSpaces();
      if (this.text[this.position] === ']') {
        this.position++;
        return result;
      }
    }
  }

  private mapping(): Record<string, unknown> {
    this.position++;
    const result: Record<string, unknown> = {};
    this.skipSpaces();
    if (this.text[this.position] === '}') {
      this.position++;
      return result;
    }
    for (;;) {
      this.skipSpaces();
      const character = this.text[this.position];
      let key: string;
      if (character === '"' || character === "'") {
        const { value, end } = this.reader.quoted(this.text, this.position);
        if (end - this.position > 1024) decline(); // go-yaml's limit on implicit keys
        key = value;
        this.position = end;
      } else {
        key = keyText(this.plain(), this.resolve);
      }
      if (key === '<<' || Object.prototype.hasOwnProperty.call(result, key)) decline();
      this.skipSpaces();
      if (this.text[this.position] !== ':') decline();
      this.position++;
      this.skipSpaces();
      const next = this.text[this.position];
      const value = next === ',' || next === '}' ? null : this.value();
      setEntry(result, key, value);
      this.skipSpaces();
      const separator = this.text[this.position++];
      if (separator === '}') return result;
      if (separator !== ',') decline();
      this.skipSpaces();
      if (this.text[this.position] === '}') {
        this.position++;
        return result;
      }
    }
  }
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

function unescapeDouble(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_match, escape: string) => {
    if (escape.length > 1) {
      const code = parseInt(escape.slice(1), 16);
      // go-yaml refuses escapes of surrogates and beyond U+10FFFF.
      if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) decline();
      return String.fromCodePoint(code);
    }
    const replacement = ESCAPES[escape];
    if (replacement === undefined) decline();
    return replacement;
  });
}

/** The lines of one document (CR of CRLF removed), with the indentation of each. */
export interface DocumentLines {
  readonly lines: string[];
  /** Per line: the column where its content starts, -1 for blank and comment-only lines. */
  readonly indents: Int32Array;
  /** The document's first line in its text, 0-based. */
  readonly firstLine: number;
}

/**
 * The lines of one document (a piece of kubectl's splitter) with their indentation; undefined when the simple reader
 * leaves the document to the precise reader at this level (characters it does not read, a lone CR, a directive or a
 * `...` line).
 */
export function documentLines(piece: DocumentPiece): DocumentLines | undefined {
  let lines = piece.lines;
  // Printable ASCII has no CR and nothing else to look for; other text is checked line by line, on a copy (the
  // piece's lines stay as written, for the precise reader).
  if (!piece.plainAscii) {
    lines = lines.slice();
    for (let line = 0; line < lines.length; line++) {
      const text = lines[line];
      const bare = text.endsWith('\r') ? text.slice(0, -1) : text;
      if (bare.includes('\r') || NOT_PRINTABLE.test(bare)) return undefined;
      lines[line] = bare;
    }
  }
  const indents = new Int32Array(lines.length);
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    const first = text.charCodeAt(0);
    // After `...` go-yaml ignores the rest of kubectl's document; a directive is cut off from its document.
    if (first === 37 /* % */ || (first === 46 /* . */ && text.startsWith('...'))) return undefined;
    let indent: number;
    // In printable ASCII the only white space is the space, and the built-in trim counts it faster than a loop.
    if (piece.plainAscii) indent = text.length - text.trimStart().length;
    else for (indent = 0; text.charCodeAt(indent) === 32; ) indent++;
    indents[line] = indent === text.length || text.charCodeAt(indent) === 35 /* # */ ? -1 : indent;
  }
  return { lines, indents, firstLine: piece.line };
}

/** A document the simple reader leaves to the precise reader. */
export const NOT_READ: unique symbol = Symbol('not read');

/** The value of one document's lines, or NOT_READ when it uses YAML this reader leaves to the precise reader. */
export function readSimpleDocument(document: DocumentLines, resolve: Resolver): unknown {
  try {
    return new Reader(document.lines, document.indents, resolve).document();
  } catch (error) {
    if (error instanceof Decline || error instanceof RangeError) return NOT_READ;
    throw error;
  }
}

/** Every document of `text`, or undefined when the text uses YAML this reader leaves to the precise reader. */
export function readSimpleYaml(text: string, resolve: Resolver): unknown[] | undefined {
  if (startsAsJson(text)) return undefined;
  const documents: unknown[] = [];
  for (const piece of splitPieces([text])) {
    const lines = piece.separator === undefined ? documentLines(piece) : undefined;
    const value = lines === undefined ? NOT_READ : readSimpleDocument(lines, resolve);
    if (value === NOT_READ) return undefined;
    documents.push(value);
  }
  return documents;
}

/**
 * Where the node at `segments` of a document was written (the key of a mapping entry, the dash of a list
 * item), found by walking only the lines on the path, for text the simple reader reads. Where the path goes
 * into a one-line value (a flow collection) or a key the line spells differently, the deepest node found.
 */
export function locateInLines(document: DocumentLines, segments: readonly (string | number)[]): { line: number; column: number } | undefined {
  // Written without closures or objects on the way: a file of many objects places hundreds of thousands of findings.
  const { lines, indents, firstLine } = document;
  // The node being walked: its first line, and the column where its content starts on that line.
  let line = nextContentLine(indents, 0);
  if (line >= lines.length) return undefined;
  let column = indents[line];
  let bestLine = line;
  let bestColumn = column;
  for (let position = 0; position < segments.length; position++) {
    const segment = segments[position];
    const isItem = typeof segment === 'number';
    const found = isItem ? findItem(document, line, column, segment) : findEntry(document, line, column, segment);
    if (found < 0) break;
    const own = found === line ? column : indents[found];
    const text = lines[found];
    let valueStart = isItem ? own + 1 : entryValueStart(text, own);
    while (text.charCodeAt(valueStart) === 32) valueStart++;
    const inline = valueStart < text.length && text.charCodeAt(valueStart) !== 35; /* # */
    // A key is placed at the key; a list item at its content, as the precise reader places them.
    bestLine = found;
    bestColumn = isItem && inline ? valueStart : own;
    if (inline) {
      // An item's content may continue as a block (`- name: x`, `- - a`); a key's inline value never does.
      if (!isItem || '[{"\'|>'.includes(text[valueStart])) break;
      line = found;
      column = valueStart;
      continue;
    }
    const next = nextContentLine(indents, found + 1);
    const nextIndent = next < lines.length ? indents[next] : -1;
    const sameIndentList = !isItem && nextIndent === own && isItemAt(lines[next], own);
    if (nextIndent <= own && !sameIndentList) break;
    if (isItem) {
      bestLine = next;
      bestColumn = nextIndent;
    }
    line = next;
    column = nextIndent;
  }
  return { line: firstLine + bestLine + 1, column: bestColumn + 1 };
}

/** The first line at or after `from` that has content, or the number of lines. */
function nextContentLine(indents: Int32Array, from: number): number {
  let index = from;
  while (index < indents.length && indents[index] < 0) index++;
  return index;
}

/**
 * Among the lines of the node at `line` and `column` (those at its column, until a line less indented), the item
 * number `wanted`; -1 when there is none or the node is no sequence.
 */
function findItem({ lines, indents }: DocumentLines, line: number, column: number, wanted: number): number {
  let seen = 0;
  for (let index = line; index < lines.length; index++) {
    const indent = index === line ? column : indents[index];
    if (indent < 0 || (index !== line && indent > column)) continue;
    if (indent < column || !isItemAt(lines[index], indent)) return -1;
    if (seen++ === wanted) return index;
  }
  return -1;
}

/** Among the lines of the node at `line` and `column`, the entry of `key`; -1 when there is none or the node is a sequence. */
function findEntry({ lines, indents }: DocumentLines, line: number, column: number, key: string): number {
  for (let index = line; index < lines.length; index++) {
    const indent = index === line ? column : indents[index];
    if (indent < 0 || (index !== line && indent > column)) continue;
    if (indent < column || isItemAt(lines[index], indent)) return -1;
    if (isEntryOf(lines[index], indent, key)) return index;
  }
  return -1;
}

/** Where the value of a `key: value` line whose key starts at `indent` starts (after the colon). */
function entryValueStart(text: string, indent: number): number {
  const first = text.charCodeAt(indent);
  if (first === 34 /* " */ || first === 39 /* ' */) return entryOfLine(text, indent)!.valueStart;
  let colon = text.indexOf(':', indent);
  while (colon !== -1 && !(colon + 1 === text.length || text.charCodeAt(colon + 1) === 32)) colon = text.indexOf(':', colon + 1);
  return colon + 1;
}

/** Whether the line at `indent` is the `key: value` entry of `key`; compares in place for unquoted keys. */
function isEntryOf(text: string, indent: number, key: string): boolean {
  const first = text.charCodeAt(indent);
  if (first === 34 /* " */ || first === 39 /* ' */) return entryOfLine(text, indent)?.key === key;
  if (!text.startsWith(key, indent)) return false;
  let after = indent + key.length;
  while (text.charCodeAt(after) === 32) after++;
  return text.charCodeAt(after) === 58 /* : */ && (after + 1 === text.length || text.charCodeAt(after + 1) === 32);
}

/** The key of a `key: value` line whose key starts at `indent` (unquoted), and where its value starts. */
function entryOfLine(text: string, indent: number): { key: string; valueStart: number } | undefined {
  const quote = text[indent];
  if (quote === '"' || quote === "'") {
    let index = indent + 1;
    let key = '';
    while (index < text.length && text[index] !== quote) {
      if (quote === '"' && text[index] === '\\') index++;
      key += text[index++];
    }
    const colon = text.indexOf(':', index);
    return colon < 0 ? undefined : { key, valueStart: colon + 1 };
  }
  let colon = text.indexOf(':', indent);
  while (colon !== -1 && !(colon + 1 === text.length || text.charCodeAt(colon + 1) === 32)) colon = text.indexOf(':', colon + 1);
  return colon === -1 ? undefined : { key: text.slice(indent, colon).trimEnd(), valueStart: colon + 1 };
}
