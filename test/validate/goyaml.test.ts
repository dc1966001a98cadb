// Every go-yaml case (test/validate/goyaml/, see its README) through validate's reading path: the documents kept,
// their values, errors (a `yaml` finding with line and column) and duplicate keys must be what kubectl +
// sigs.k8s.io/yaml (go-yaml v2) give. Integers a double cannot hold (beyond 2^53) are never rounded silently: such a
// document must instead carry a `yaml` finding that names the integer. Deliberate differences are listed below.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeManifest, readText, type ReadDocument } from '../../lib/validate/files';

const CASES = join(__dirname, 'goyaml');

const DEEPER_THAN_KUBEFORGE_READS = 'nested more than 1,000 levels (but at most 10,000): kubeforge reports it instead of reading it (READ_DEPTH)';
const FLOW_INDICATORS = 'the yaml package reads `?` and a trailing `:` of plain scalars inside flow collections differently from go-yaml';
const BLOCK_SPACES = 'a block scalar that ends in spaces-only lines: the yaml package drops their spaces';

/** Cases where kubeforge reads differently on purpose, or where the yaml package differs and no rewrite fixes it yet. */
const DELIBERATE: Record<string, string> = {
  '0214': FLOW_INDICATORS, '0215': FLOW_INDICATORS, '0217': FLOW_INDICATORS, '0218': FLOW_INDICATORS, '0618': FLOW_INDICATORS,
  '0673': FLOW_INDICATORS,
  '0621': BLOCK_SPACES, '0627': BLOCK_SPACES, '0651': BLOCK_SPACES,
  '0356': 'a line separator (U+2028) inside double quotes: kubeforge breaks the line there, go-yaml keeps the character',
  '0368': 'two byte order marks: go-yaml then drops the first character of later lines, a quirk kubeforge does not copy',
  '0584': DEEPER_THAN_KUBEFORGE_READS, '0585': DEEPER_THAN_KUBEFORGE_READS, '0587': DEEPER_THAN_KUBEFORGE_READS,
  '0589': DEEPER_THAN_KUBEFORGE_READS, '0591': DEEPER_THAN_KUBEFORGE_READS, '0593': DEEPER_THAN_KUBEFORGE_READS,
};

/** Marks integers that a double cannot hold, so the expected JSON keeps them exactly. */
const BIG_INTEGER = '\u0000big-integer:';

function parseExactly(json: string): unknown {
  const marked = json.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g, (token) => {
    // Go writes integers in full and floats in shortest form: an integer-looking float reads back as itself.
    if (token.startsWith('"') || !/^-?\d+$/.test(token) || BigInt(Number(token)) === BigInt(token) || String(Number(token)) === token) return token;
    return JSON.stringify(`${BIG_INTEGER}${token}`);
  });
  return JSON.parse(marked);
}

/** Where `actual` differs from `expected` (a JSON path), or undefined when they are the same value; iterative, as values nest deep. */
function difference(actualRoot: unknown, expectedRoot: unknown): string | undefined {
  const stack: [unknown, unknown, string][] = [[actualRoot, expectedRoot, '$']];
  while (stack.length > 0) {
    const [actual, expected, path] = stack.pop()!;
    if (expected === null || typeof expected !== 'object') {
      if (actual !== expected) return `${path}: ${JSON.stringify(actual)} is not ${JSON.stringify(expected)}`;
    } else if (Array.isArray(expected)) {
      if (!Array.isArray(actual) || actual.length !== expected.length) return `${path}: not a list of ${expected.length}`;
      expected.forEach((item, index) => stack.push([actual[index], item, `${path}[${index}]`]));
    } else {
      if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: not a mapping`;
      const expectedKeys = Object.keys(expected).sort();
      const actualKeys = Object.keys(actual).sort();
      if (expectedKeys.join('\u0001') !== actualKeys.join('\u0001')) return `${path}: keys ${JSON.stringify(actualKeys)} are not ${JSON.stringify(expectedKeys)}`;
      for (const key of expectedKeys) stack.push([(actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`]);
    }
  }
  return undefined;
}

/** The integers of a value that a double cannot hold (marked by parseExactly), as written by Go. */
function inexactIntegers(value: unknown): string[] {
  const found: string[] = [];
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string' && item.startsWith(BIG_INTEGER)) found.push(item.slice(BIG_INTEGER.length));
    else if (item !== null && typeof item === 'object') stack.push(...Object.values(item));
  }
  return found;
}

interface Expected {
  readonly docs: ({ json: unknown } | { error: string })[];
  readonly dupkey: number[];
}

/** Every way the documents read differ from the expected ones; empty when they agree. */
export function compare(documents: readonly ReadDocument[], expected: Expected): string[] {
  const problems: string[] = [];
  if (documents.length !== expected.docs.length) {
    problems.push(`${documents.length} documents read, ${expected.docs.length} expected`);
    return problems;
  }
  expected.docs.forEach((entry, index) => {
    const document = documents[index];
    if ('error' in entry) {
      const finding = document.fatal.find((problem) => problem.rule === 'yaml');
      if (!finding) problems.push(`document ${index}: read as ${JSON.stringify(document.value)?.slice(0, 200)}, expected the error "${entry.error}"`);
      else if (!(finding.line >= 1 && finding.column >= 1)) problems.push(`document ${index}: the yaml finding has no line and column`);
      return;
    }
    const inexact = inexactIntegers(entry.json);
    if (inexact.length > 0) {
      const named = document.fatal.some((problem) => problem.rule === 'yaml' && inexact.some((integer) => problem.message.includes(integer)) && problem.line >= 1);
      if (!named) problems.push(`document ${index}: holds the integer ${inexact[0]}, which kubeforge cannot read exactly, and has no yaml finding naming it`);
      return;
    }
    if (document.fatal.length > 0) {
      problems.push(`document ${index}: error "${document.fatal[0].message}", expected a value`);
      return;
    }
    const found = difference(document.value, entry.json);
    if (found) problems.push(`document ${index}: ${found}`);
    const duplicate = document.problems.some((problem) => problem.rule === 'duplicate-key');
    if (duplicate !== expected.dupkey.includes(index)) problems.push(`document ${index}: duplicate key ${duplicate ? 'reported' : 'not reported'}`);
  });
  return problems;
}

const names = readdirSync(CASES).filter((name) => name.endsWith('.yaml')).map((name) => name.slice(0, -'.yaml'.length)).sort();

describe('go-yaml cases', () => {
  it('has every case', () => {
    expect(names.length).toBe(694);
  });

  it.each(names)('%s', (name) => {
    const expected = parseExactly(readFileSync(join(CASES, `${name}.json`), 'utf8')) as Expected;
    const documents = readText(decodeManifest(readFileSync(join(CASES, `${name}.yaml`)))).documents;
    const problems = compare(documents, expected);
    const reason = DELIBERATE[name.slice(0, 4)];
    if (reason === undefined) expect(problems).toEqual([]);
    else expect(problems, `listed as deliberate (${reason}) but reads as kubectl does`).not.toEqual([]);
  });
});
