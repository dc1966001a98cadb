// The simple reader either reads a text exactly as the precise reader (the yaml package, decoded as go-yaml does)
// does, or declines. It must accept the usual manifest syntax, or it would be no faster.
import { describe, expect, it } from 'vitest';
import { readSimpleYaml } from '../../lib/validate/simple-yaml';
import { readPrecisely, resolveToValue } from '../../lib/validate/yaml';

const ACCEPTED: Record<string, string> = {
  'block mapping with nested mapping': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    app.kubernetes.io/name: web\n',
  'sequence indented under its key': 'spec:\n  containers:\n    - name: a\n      image: x:1\n    - name: b\n',
  'sequence at the indentation of its key': 'spec:\n  ports:\n  - port: 80\n    targetPort: http\n  - port: 443\nkind: Service\n',
  'nested sequences': 'a:\n- - 1\n  - 2\n- - 3\n',
  'empty items and values': 'a:\nb: []\nc: {}\nd:\n  -\n  - x\n',
  'comments everywhere': '# head\na: 1 # trailing\n# between\nb:\n  # inside\n  c: "q" # after quote\n',
  'YAML 1.1 scalars': 'a: yes\nb: off\nc: 0777\nd: 1_000\ne: ~\nf: 0x1F\ng: 12:30\nh: 2001-12-14\ni: .5\nj: -1e3\nk: Y\nl: "yes"\nm: \'0777\'\n',
  'quoted scalars with escapes': 'a: "tab\\tnew\\nline \\u00e9 \\"q\\" \\\\"\nb: \'it\'\'s\'\nc: "#not a comment"\n',
  'flow collections on one line': 'a: [1, "two", three, {x: y, "z": [on]}]\nb: {app: web, tier: "front"}\nc: [ ]\n',
  'literal block scalars with chomping': 'a: |\n  line 1\n    indented\n  line 3\n\nb: |-\n  stripped\nc: |+\n  kept\n\n\nd: x\n',
  'folded block scalars': 'a: >\n  one\n  two\n\n  three\nb: >-\n  folded\n  text\n',
  'block scalar with an indentation indicator': 'a: |2\n    two more\n  base\n',
  'multiple documents with markers and empty ones': '---\na: 1\n---\n# only a comment\n---\nb: 2\n---\n---\nc: 3\n',
  'keys that YAML 1.1 resolves': 'on: push\n80: http\nno: 1\n',
  'a key named __proto__ stays a key': '__proto__:\n  polluted: true\n',
  'windows line endings': 'a: 1\r\nb:\r\n  - c\r\n',
  'document that is a scalar': 'just text\n',
  'document that is a sequence': '- a\n- b: c\n  d: e\n',
  'quoted keys': '"a b": 1\n\'c\': 2\n"d" : 3\n',
  'values with colons and hashes': 'url: http://example.com/a#frag\nimage: registry:5000/app:1.2\ncmd: echo a#b\n',
  'byte order mark': '\ufeffa: 1\n',
};

const DECLINED_OR_EQUAL: Record<string, string> = {
  'anchors and aliases': 'a: &x {b: 1}\nc: *x\n',
  'merge keys': 'base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n',
  'tags': 'a: !!str 123\nb: !custom x\n',
  'multi-line plain scalar': 'a: one\n  two\nb: 3\n',
  'multi-line quoted scalar': 'a: "one\n  two"\n',
  'multi-line flow collection': 'a: [1,\n  2]\n',
  'complex keys': '? a\n: b\n',
  'tabs': 'a:\t1\n',
  'directives': '%YAML 1.1\n---\na: 1\n',
  'a document end marker': 'a: 1\n...\n---\nb: 2\n',
  'keys spelled as other numbers': '0777: octal\n1.5: float\n0x1F: hex\n',
  'folded scalar with more-indented lines': 'a: >\n  one\n    two\n  three\n',
  'plain scalar starting with an indicator': 'a: @x\n',
  'dash value': 'a: -\n',
  'flow with colon inside plain scalar': 'a: {b:c}\n',
};

const INVALID: Record<string, string> = {
  'duplicate keys': 'a: 1\na: 2\n',
  'keys that resolve to the same value': 'on: push\ntrue: t\n',
  'unclosed quote': 'a: "open\n',
  'unclosed flow': 'a: [1, 2\n',
  'bad indentation': 'a:\n    b: 1\n  c: 2\n',
  'mapping after a sequence at one level': '- a\nb: 1\n',
  'control character': 'a: "\u0001"\n',
  'key without value separator': 'a: 1\nnot a key\n',
};

/** The documents that are not empty, as JSON (both readers keep kubectl's documents; empty ones are never sent). */
function normalized(documents: unknown[] | undefined): string | undefined {
  return documents === undefined ? undefined : JSON.stringify(documents.filter((document) => document !== null && document !== undefined));
}

function readByPreciseReader(text: string): unknown[] {
  const documents = readPrecisely(text).documents;
  expect(documents.every((document) => document.fatal.length === 0), 'the precise reader reads it').toBe(true);
  return documents.map((document) => document.value);
}

describe('simple YAML reader', () => {
  for (const [name, text] of Object.entries(ACCEPTED)) {
    it(`reads ${name} exactly as the complete reader does`, () => {
      const simple = readSimpleYaml(text, resolveToValue);
      expect(simple, 'declined').toBeDefined();
      expect(normalized(simple)).toBe(normalized(readByPreciseReader(text)));
    });
  }

  for (const [name, text] of Object.entries(DECLINED_OR_EQUAL)) {
    it(`declines ${name} or reads it as the complete reader does`, () => {
      const simple = readSimpleYaml(text, resolveToValue);
      if (simple !== undefined) expect(normalized(simple)).toBe(normalized(readByPreciseReader(text)));
      else expect(simple).toBeUndefined();
    });
  }

  for (const [name, text] of Object.entries(INVALID)) {
    it(`declines ${name} (the precise reader reports it)`, () => {
      expect(readSimpleYaml(text, resolveToValue)).toBeUndefined();
      const precise = readPrecisely(text).documents;
      expect(precise.some((document) => document.fatal.length > 0 || document.problems.length > 0), 'the precise reader finds the problem').toBe(true);
    });
  }

  it('reads the documented go-yaml scalar values', () => {
    const [document] = readSimpleYaml(ACCEPTED['YAML 1.1 scalars'], resolveToValue)!;
    expect(document).toEqual({ a: true, b: false, c: 511, d: 1000, e: null, f: 31, g: '12:30', h: '2001-12-14', i: 0.5, j: -1000, k: true, l: 'yes', m: '0777' });
  });

  it('reads plain decimal numbers, long ones and ones with signs, zeros, exponents or underscores as go-yaml does', () => {
    const cases: [string, unknown][] = [
      ['8080', 8080], ['9', 9], ['123456789012345', 123456789012345], ['18446744073709551616', 18446744073709551616],
      ['0', 0], ['010', 8], ['+5', 5], ['-5', -5], ['1_000', 1000], ['1e3', 1000], ['1.5', 1.5], ['12:30', '12:30'], ['8080a', '8080a'], ['1 2', '1 2'],
    ];
    for (const [text, value] of cases) expect(resolveToValue(text), text).toEqual(value);
  });

  it('does not let a __proto__ key change the prototype', () => {
    const [document] = readSimpleYaml(ACCEPTED['a key named __proto__ stays a key'], resolveToValue)! as [Record<string, unknown>];
    expect(Object.getPrototypeOf(document)).toBe(Object.prototype);
    expect(Object.keys(document)).toEqual(['__proto__']);
  });
});
