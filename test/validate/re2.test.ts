// Schema patterns mean what Go's regexp package means (RE2 syntax, ASCII \s \w \d, code points) and match in
// linear time; ajv compiles patterns with this engine, also in standalone (precompiled) code.
import standaloneCode from 'ajv/dist/standalone';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../lib/validate/ajv';
import { compileGoRegExp, goRegExp, MAX_PROGRAM_SIZE } from '../../lib/validate/go-regexp';

function matches(pattern: string, value: string): boolean {
  return goRegExp(pattern).test(value);
}

function compileError(pattern: string): string {
  const result = compileGoRegExp(pattern);
  return result instanceof Error ? result.message : 'compiled';
}

describe('Go RE2 syntax', () => {
  it('takes inline flags: (?i) as in kube-prometheus, (?s), (?U), (?m) and scoped (?i:...)', () => {
    expect(matches('^(?i)(abort|warn)?$', 'WARN')).toBe(true);
    expect(matches('^(?i)(abort|warn)?$', '')).toBe(true);
    expect(matches('^(?i)(abort|warn)?$', 'ignore')).toBe(false);
    expect(matches('^a.b$', 'a\nb')).toBe(false);
    expect(matches('(?s)^a.b$', 'a\nb')).toBe(true);
    expect(goRegExp('(?U)^a+').test('aaa')).toBe(true);
    expect(matches('(?m)^b$', 'a\nb')).toBe(true);
    expect(matches('^b$', 'a\nb')).toBe(false);
    expect(matches('^(?i:x)y$', 'Xy')).toBe(true);
    expect(matches('^(?i:x)y$', 'XY')).toBe(false);
  });

  it('takes \\A, \\z, named groups (?P<n>) and (?<n>), \\Q...\\E, \\x{41}, POSIX classes and escaped punctuation', () => {
    expect(matches('\\Aab\\z', 'ab')).toBe(true);
    expect(matches('\\Aab\\z', 'ab\n')).toBe(false);
    expect(matches('^(?P<unit>ms|s)$', 'ms')).toBe(true);
    expect(matches('^(?<unit>ms|s)$', 's')).toBe(true);
    expect(matches('^\\Qa.b*\\E$', 'a.b*')).toBe(true);
    expect(matches('^\\Qa.b*\\E$', 'axbb')).toBe(false);
    expect(matches('^\\x{41}\\x42$', 'AB')).toBe(true);
    expect(matches('^[[:alpha:]]+$', 'abcXYZ')).toBe(true);
    expect(matches('^[[:alpha:]]+$', 'abc1')).toBe(false);
    expect(matches('^[[:^digit:]]$', 'x')).toBe(true);
    expect(matches('^a\\:b$', 'a:b')).toBe(true);
  });

  it('takes Unicode classes \\pL, \\p{Greek}, \\PL and matches code points, not UTF-16 halves', () => {
    expect(matches('^\\pL+$', 'Zürich')).toBe(true);
    expect(matches('^\\pL+$', 'a1')).toBe(false);
    expect(matches('^\\p{Greek}+$', 'αβγ')).toBe(true);
    expect(matches('^\\PL$', '7')).toBe(true);
    expect(matches('^.$', '😀')).toBe(true);
    expect(matches('^[^a]$', '😀')).toBe(true);
  });

  it('gives \\s, \\w, \\d and \\b their ASCII meaning, as Go does (not U+00A0, U+2028 or other scripts)', () => {
    const path = '^[\\w\\s:/.\\\\-]+$';
    expect(matches(path, 'C:\\data/logs 2024\t.txt')).toBe(true);
    expect(matches(path, 'a\u00a0b')).toBe(false);
    expect(matches(path, 'a\u2028b')).toBe(false);
    expect(matches(path, 'a\vb')).toBe(false);
    expect(matches('^\\w+$', 'é')).toBe(false);
    expect(matches('^\\d$', '٣')).toBe(false);
    expect(matches('^\\s$', '\f')).toBe(true);
  });

  it('searches anywhere in the value unless anchored, as JSON Schema and Go MatchString do', () => {
    expect(matches('b+', 'abbbc')).toBe(true);
    expect(matches('^b+$', 'abbbc')).toBe(false);
  });

  it("refuses what Go refuses, in Go's words: lookaround, backreferences, \\C, nested repetition, repeat counts over 1000", () => {
    expect(compileError('^(?!tmp-)[a-z]+$')).toMatch(/invalid or unsupported Perl syntax: `\(\?!`/);
    expect(compileError('(?=x)')).toMatch(/invalid or unsupported Perl syntax/);
    expect(compileError('(a)\\1')).toMatch(/invalid escape sequence: `\\1`/);
    expect(compileError('\\C')).toMatch(/invalid escape sequence/);
    expect(compileError('a**')).toMatch(/invalid nested repetition operator/);
    expect(compileError('a{1001}')).toMatch(/invalid repeat count/);
    expect(compileError('(')).toMatch(/missing closing \)/);
    expect(() => goRegExp('(')).toThrow(/missing closing/);
  });
});

describe('linear time', () => {
  it('matches ^(a+)+$ against 28 a and a b at once (a backtracking engine takes seconds, doubling per a)', () => {
    const started = performance.now();
    expect(matches('^(a+)+$', `${'a'.repeat(28)}b`)).toBe(false);
    expect(matches('^(a+)+$', `${'a'.repeat(100_000)}b`)).toBe(false);
    expect(matches('(x+x+)+y', 'x'.repeat(100_000))).toBe(false);
    // Generous bound: it only catches exponential time, the benchmark has the figures.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses nesting deeper than Go allows and programs larger than kubeforge matches with, without hanging', () => {
    const started = performance.now();
    expect(compileError(`${'('.repeat(20_000)}a${')'.repeat(20_000)}`)).toMatch(/nests too deeply/);
    expect(compileError('[a-z]'.repeat(MAX_PROGRAM_SIZE + 1))).toMatch(new RegExp(`more than the ${MAX_PROGRAM_SIZE}`));
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('matches values with lone surrogates without throwing', () => {
    expect(matches('^a', '\ud800a')).toBe(false);
    expect(matches('^.$', '\ud800')).toBe(true);
  });
});

describe('ajv with the Go engine', () => {
  it('compiles patterns with RE2, so RE2-only syntax works and JavaScript-only syntax does not', () => {
    const ajv = createAjv();
    const validate = ajv.compile({ type: 'string', pattern: '^(?i)(abort|warn)?$' });
    expect(validate('Abort')).toBe(true);
    expect(validate('ignore')).toBe(false);
    expect(() => createAjv().compile({ type: 'string', pattern: '^(?!x)' })).toThrow(/unsupported Perl syntax/);
  });

  it('makes standalone validators require the Go engine instead of new RegExp', () => {
    const ajv = createAjv({ code: { source: true } });
    ajv.addSchema({ $id: 'probe', type: 'string', pattern: '^\\pL+$' });
    const code = standaloneCode(ajv, { probe: 'probe' });
    expect(code).toContain('require("../lib/validate/go-regexp").goRegExp');
    expect(code).not.toContain('new RegExp');
    const module = { exports: {} as Record<string, (value: unknown) => boolean> };
    const localRequire = (id: string) => (id === '../lib/validate/go-regexp' ? { goRegExp } : require(id));
    new Function('module', 'exports', 'require', code)(module, module.exports, localRequire);
    expect(module.exports.probe('Zürich')).toBe(true);
    expect(module.exports.probe('a1')).toBe(false);
  });
});
