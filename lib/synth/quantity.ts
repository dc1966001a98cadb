// Canonical form of resource quantities, as the API server prints them (resource.Quantity.String()).

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

const DECIMAL_SUFFIX_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX_POWER: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const EXPONENT_SUFFIX = new Map(Object.entries(DECIMAL_SUFFIX_EXPONENT).map(([suffix, exponent]) => [exponent, suffix]));
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const TEN = BigInt(10);
const ZERO = BigInt(0);
const ONE = BigInt(1);
const KIBI = BigInt(1024);

/**
 * Returns the canonical string of a quantity (`0.5` is `500m`, `1024Mi` is `1Gi`, `2000` is `2k`),
 * or undefined when the value is not a quantity (then it is left for the validator to report).
 */
export function canonicalQuantity(value: string | number): string | undefined {
  const text = typeof value === 'number' ? numberText(value) : value;
  if (text === undefined) return undefined;
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, number, exponentPart, suffix = ''] = match;
  const [whole, fraction = ''] = number.split('.');
  let mantissa = BigInt((whole || '0') + fraction);
  let exponent = -fraction.length;
  let format: 'decimal' | 'binary' | 'exponent' = 'decimal';
  if (exponentPart !== undefined) {
    format = 'exponent';
    exponent += Number(exponentPart.slice(1));
  } else if (suffix in BINARY_SUFFIX_POWER) {
    format = 'binary';
    mantissa *= KIBI ** BigInt(BINARY_SUFFIX_POWER[suffix]);
  } else {
    exponent += DECIMAL_SUFFIX_EXPONENT[suffix];
  }
  // The API server keeps nano precision and rounds anything finer up (away from zero).
  if (exponent < -9) {
    const divisor = TEN ** BigInt(-9 - exponent);
    const rounded = mantissa / divisor;
    mantissa = mantissa % divisor === ZERO ? rounded : rounded + ONE;
    exponent = -9;
  }
  const negative = sign === '-' && mantissa !== ZERO;
  if (format === 'binary') {
    const binary = binaryForm(mantissa, exponent);
    if (binary !== undefined) return (negative ? '-' : '') + binary;
    format = 'decimal';
  }
  return (negative ? '-' : '') + decimalForm(mantissa, exponent, format === 'exponent');
}

/** Binary form for integers of at least 1024 (smaller or fractional values print as decimal). */
function binaryForm(mantissa: bigint, exponent: number): string | undefined {
  let bytes = mantissa;
  if (exponent >= 0) bytes *= TEN ** BigInt(exponent);
  else {
    const divisor = TEN ** BigInt(-exponent);
    if (bytes % divisor !== ZERO) return undefined;
    bytes /= divisor;
  }
  if (bytes < KIBI) return undefined;
  let power = 0;
  while (power < BINARY_SUFFIXES.length - 1 && bytes % KIBI === ZERO) {
    bytes /= KIBI;
    power++;
  }
  return `${bytes}${BINARY_SUFFIXES[power]}`;
}

function decimalForm(mantissa: bigint, exponent: number, exponentNotation: boolean): string {
  if (mantissa === ZERO) return '0';
  while (mantissa % TEN === ZERO) {
    mantissa /= TEN;
    exponent++;
  }
  while (((exponent % 3) + 3) % 3 !== 0) {
    mantissa *= TEN;
    exponent--;
  }
  if (exponentNotation) return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  if (exponent > 18) {
    mantissa *= TEN ** BigInt(exponent - 18);
    exponent = 18;
  }
  return `${mantissa}${EXPONENT_SUFFIX.get(exponent)}`;
}

function numberText(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // 1e-7 and 1e+21 forms: spell them out so the parser above sees digits.
  const [mantissa, exponent] = text.split(/e/i);
  return `${mantissa}e${Number(exponent)}`;
}
