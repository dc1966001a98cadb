// Regular expressions of schemas (CRD `pattern`) with Go's RE2 syntax and semantics, matched in time linear in
// the input: the API server checks patterns with Go's regexp package, and a backtracking engine would let one
// CRD hang validate (`^(a+)+$`). re2js is a pure JavaScript port of RE2; it loads only when a pattern is seen.
import type { RE2JS } from 're2js';

/**
 * Largest compiled program kubeforge matches with. Matching costs up to program size × value length, so an
 * absurd pattern is refused rather than run (real CRD patterns stay far below: an IPv4/IPv6 CIDR one is ~1,100).
 */
export const MAX_PROGRAM_SIZE = 3000;

const compiled = new Map<string, RE2JS | Error>();
let engine: typeof RE2JS | undefined;

/** re2js, loaded when first needed (most runs match no pattern, and loading it costs a tenth of a small run's start). */
export function re2(): typeof RE2JS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine ??= (require('re2js') as typeof import('re2js')).RE2JS;
  return engine;
}

/** The compiled pattern, or an Error saying why Go would not compile it (or why kubeforge will not run it). */
export function compileGoRegExp(pattern: string): RE2JS | Error {
  let result = compiled.get(pattern);
  if (result) return result;
  try {
    const regExp = re2().compile(pattern);
    const size = regExp.programSize();
    result = size > MAX_PROGRAM_SIZE ? new Error(`the compiled pattern has ${size} instructions, more than the ${MAX_PROGRAM_SIZE} kubeforge matches with`) : regExp;
  } catch (error) {
    // re2js reports syntax errors in Go's words ("error parsing regexp: invalid repeat count: `{1001}`").
    result = new Error((error as Error).message);
  }
  compiled.set(pattern, result);
  return result;
}

/** ajv's `code.regExp` engine. ajv passes its "u" flag, which RE2 does not need: it always reads code points. */
export function goRegExp(pattern: string): { test(value: string): boolean } {
  const result = compileGoRegExp(pattern);
  if (result instanceof Error) throw result;
  return result;
}
// What standalone validators (scripts/build-validators.ts, written to .build/validators/) require instead.
goRegExp.code = 'require("../lib/validate/go-regexp").goRegExp';
