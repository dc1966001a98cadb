// Deterministic YAML for manifests: block style, code-unit sorted keys (apiVersion, kind, metadata first),
// no line folding, LF, and quotes on every string that a YAML 1.1 or 1.2 reader would take for something else.

const TOP_LEVEL_FIRST = ['apiVersion', 'kind', 'metadata'];

/** Renders one manifest as a YAML document (no `---`), ending in one newline. */
export function emitDocument(object: Record<string, unknown>): string {
  const lines: string[] = [];
  const keys = topLevelKeys(object);
  if (keys.length === 0) return '{}\n';
  emitMapping(object, keys, 0, lines, '');
  return lines.join('\n') + '\n';
}

/** Renders several manifests as one multi-document stream. */
export function emitDocuments(objects: readonly Record<string, unknown>[]): string {
  return objects.map((object) => `---\n${emitDocument(object)}`).join('');
}

function topLevelKeys(object: Record<string, unknown>): string[] {
  const rest = sortedKeys(object).filter((key) => !TOP_LEVEL_FIRST.includes(key));
  return [...TOP_LEVEL_FIRST.filter((key) => object[key] !== undefined), ...rest];
}

function sortedKeys(object: Record<string, unknown>): string[] {
  // Array.prototype.sort without a comparator compares UTF-16 code units: locale-independent.
  return Object.keys(object).filter((key) => object[key] !== undefined).sort();
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Appends the lines of a mapping at `indent`; the first line starts with `firstPrefix` instead of
 * the indentation when the mapping is a sequence item (`- key: value`).
 */
function emitMapping(object: Record<string, unknown>, keys: string[], indent: number, lines: string[], firstPrefix: string): void {
  const padding = ' '.repeat(indent);
  keys.forEach((key, index) => {
    const prefix = (index === 0 && firstPrefix !== '' ? firstPrefix : padding) + scalarString(key) + ':';
    emitValue(object[key], prefix, indent, lines);
  });
}

function emitSequence(items: readonly unknown[], indent: number, lines: string[], firstPrefix: string): void {
  const padding = ' '.repeat(indent);
  items.forEach((item, index) => {
    const prefix = (index === 0 && firstPrefix !== '' ? firstPrefix : padding) + '-';
    if (isMapping(item) && sortedKeys(item).length > 0) emitMapping(item, sortedKeys(item), indent + 2, lines, prefix + ' ');
    else if (Array.isArray(item) && item.length > 0) emitSequence(item, indent + 2, lines, prefix + ' ');
    else emitValue(item === undefined ? null : item, prefix, indent, lines);
  });
}

/** Emits the value that follows `prefix` (a `key:` or a `-`); nested blocks go to `indent + 2`. */
function emitValue(value: unknown, prefix: string, indent: number, lines: string[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) lines.push(`${prefix} []`);
    else {
      lines.push(prefix);
      emitSequence(value, indent + 2, lines, '');
    }
  } else if (isMapping(value)) {
    const keys = sortedKeys(value);
    if (keys.length === 0) lines.push(`${prefix} {}`);
    else {
      lines.push(prefix);
      emitMapping(value, keys, indent + 2, lines, '');
    }
  } else if (typeof value === 'string' && isLiteralBlockCandidate(value)) {
    const body = value.endsWith('\n') ? value.slice(0, -1) : value;
    lines.push(`${prefix} ${value.endsWith('\n') ? '|' : '|-'}`);
    const padding = ' '.repeat(indent + 2);
    for (const line of body.split('\n')) lines.push(line === '' ? '' : padding + line);
  } else {
    lines.push(`${prefix} ${scalarString(value)}`);
  }
}

/**
 * Multi-line text reads best as a literal block. Only text that a block scalar carries exactly:
 * printable, no carriage returns, no leading space on the first line, no blank lines made of spaces,
 * at most one trailing newline.
 */
function isLiteralBlockCandidate(value: string): boolean {
  if (!value.includes('\n') || value.endsWith('\n\n') || value.startsWith(' ') || value.startsWith('\n')) return false;
  if (NEEDS_ESCAPE.test(value) || value.includes('\r')) return false;
  return !value.split('\n').some((line) => line !== '' && line.trim() === '');
}

// Characters a YAML reader treats as line breaks, byte-order marks or non-printable.
const NEEDS_ESCAPE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/;
const NEEDS_ESCAPE_GLOBAL = new RegExp(NEEDS_ESCAPE.source, 'g');

function scalarString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return numberString(value);
  if (typeof value === 'bigint') return value.toString();
  const text = String(value);
  return isPlainSafe(text) ? text : doubleQuoted(text);
}

function numberString(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  const text = String(value);
  if (!text.includes('e')) return text;
  // YAML 1.1 floats need a dot in the mantissa: 1e+21 would read as a string.
  const [mantissa, exponent] = text.split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}e${exponent}`;
}

function doubleQuoted(text: string): string {
  // JSON escapes are valid YAML double-quoted escapes; line-break-like characters get escaped as well.
  return JSON.stringify(text).replace(NEEDS_ESCAPE_GLOBAL, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Plain scalars are limited to a conservative alphabet; anything else is quoted.
const PLAIN_ALPHABET = /^(?:[A-Za-z0-9_/$]|\.\/)[A-Za-z0-9_./:@+=,$()%*&!?~ -]*$/;
// Words that YAML 1.1 reads as booleans or null (any capitalisation is quoted, which is harmless).
const RESERVED_WORDS = /^(?:y|yes|n|no|true|false|on|off|null|~)$/i;
// Digits followed by a unit (100m, 128Mi, 2k) are strings in every YAML version; other digit-led text is quoted.
const DIGITS_WITH_UNIT = /^[0-9]+(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P)$/;

/** True when the text reads back as the same string in YAML 1.1 and 1.2 without quotes. */
export function isPlainSafe(text: string): boolean {
  if (!PLAIN_ALPHABET.test(text)) return false;
  if (text.endsWith(' ') || text.endsWith(':') || text.includes(': ')) return false;
  if (RESERVED_WORDS.test(text)) return false;
  if (/^[0-9]/.test(text)) return DIGITS_WITH_UNIT.test(text);
  return true;
}
