// The native reader is the simple reader in C++: for every text it either declines or gives exactly the values
// the simple reader gives (same keys in the same order, same numbers, -0 included). It must also accept the
// usual manifest, or it would be no faster.
import { describe, expect, it } from 'vitest';
import { Validator } from '../../lib/validate/engine';
import { checkText, locatorFor } from '../../lib/validate/files';
import { nativeYamlAvailable, readNativeYaml } from '../../lib/validate/native-yaml';
import { readSimpleYaml } from '../../lib/validate/simple-yaml';
import { readFast, resolveToValue } from '../../lib/validate/yaml';

const simple = (text: string): unknown[] | undefined => readSimpleYaml(text, resolveToValue);

/** Texts in the subset both readers read. */
const READ_ALIKE: Record<string, string> = {
  'a Deployment': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports:\n            - containerPort: 8080\n              name: http\n          env:\n          - name: A\n            value: "1"\n',
  'nested sequences and empty items': 'a:\n- - 1\n  - 2\n- - 3\nb:\n  -\n  - x\nc: []\nd: {}\ne:\n',
  'comments everywhere': '# head\na: 1 # trailing\n# between\nb:\n  # inside\n  c: "q" # after quote\n  d: [1, 2] # after flow\n',
  'integers as go-yaml reads them': 'a: 0777\nb: 0o17\nc: 0x1F\nd: -0x10\ne: 0b101\nf: +12\ng: -0\nh: 0\ni: 9007199254740992\nj: -00\n',
  'floats JSON can spell': 'a: 1.5\nb: -2.25\nc: 1e3\nd: 2E-2\ne: 0.5\nf: 1.0\ng: 1e400\n',
  'strings that look almost like numbers': 'a: 1.2.3\nb: 12:30\nc: 2001-12-14\nd: 0x\ne: 1a\nf: "0777"\ng: \'.5\'\nh: 0b12\ni: -x\nj: 0o8\nk: --model=$(MODEL_ID)\nl: 1_a\nm: -_\n',
  'YAML 1.1 booleans and nulls': 'a: yes\nb: No\nc: ON\nd: off\ne: y\nf: N\ng: ~\nh: null\ni: Null\nj: NULL\nk: nulls\nl: yess\nm: TRUE\nn: tRue\n',
  'quoted scalars with escapes': 'a: "tab\\tnew\\nline \\u00e9 \\"q\\" \\\\ \\x41 \\U0001F600 \\/ \\0 \\e \\N \\_ \\L \\P"\nb: \'it\'\'s\'\nc: "#not a comment"\nd: \'back\\slash\'\ne: "a\\\\b"\n',
  'flow collections': 'a: [1, "two", three, {x: y, "z": [on]}]\nb: {app: web, tier: "front", n: ~, e: }\nc: [ ]\nd: [a, b, ]\ne: { }\n',
  'literal block scalars with chomping': 'a: |\n  line 1\n    indented\n  # not a comment\n\nb: |-\n  stripped\nc: |+\n  kept\n\n\nd: x\ne: |\n\n  after blank\nf: |\ng: |+\n\nh: x\n',
  'folded block scalars': 'a: >\n  one\n  two\n\n  three\nb: >-\n  folded\n  text\nc: >+\n  kept\n\n',
  'block scalar with an indentation indicator and a comment': 'a: |2 # c\n    two more\n  base\nb: >1-\n x\n',
  'multiple documents with markers and empty ones': '---\na: 1\n---\n# only a comment\n---\nb: 2\n...\n---\nc: 3\n--- # c\n',
  'keys that YAML 1.1 resolves': 'on: push\n80: http\n0: zero\n~: t\nno: n\n',
  'a key named __proto__ stays a key': '__proto__:\n  polluted: true\n',
  'integer-like keys after others': 'b: 1\n2: two\na: 3\n1: one\n',
  'document that is a scalar, a sequence, a flow': 'just text\n---\n- a\n- b: c\n  d: e\n---\n[1, 2]\n---\n"quoted"\n',
  'quoted keys': '"a b": 1\n\'c\': 2\n"d" : 3\n\'it\'\'s\': 4\n',
  'values with colons, hashes and quotes': 'url: http://example.com/a#frag\nimage: registry:5000/app:1.2\ncmd: echo a#b\nq: say "hi"\nw: C:\\path\n',
  'long mappings': Array.from({ length: 40 }, (_, index) => `key${index}: value ${index}`).join('\n'),
  'an empty text': '',
  'only comments': '# one\n# two\n',
};

/** Texts the native reader leaves to the JavaScript readers (they still read them). */
const NATIVE_DECLINES: Record<string, string> = {
  'non-ASCII text': 'a: café\n',
  'a byte order mark': '\ufeffa: 1\n',
  'windows line endings': 'a: 1\r\nb: 2\r\n',
  'infinity': 'a: .inf\n',
  'negative infinity': 'a: -.Inf\n',
  'not a number': 'a: .nan\n',
  'a float JSON cannot spell': 'a: .5\n',
  'a float with a trailing dot': 'a: 5.\n',
  'a leading zero before an 8': 'a: 08\n',
  'a leading plus on a float': 'a: +1.5\n',
  'underscores in a number': 'a: 1_000\n',
  'underscores in a negative float': 'a: -1_0.5\n',
  'an integer beyond 2^53': 'a: 9007199254740993\n',
  'an escape in a quoted key': '"a\\tb": 1\n',
  'a float key': '1.5: x\n',
  'an octal key': '0777: x\n',
};

/** Texts neither reader reads (the complete readers take them). */
const BOTH_DECLINE: Record<string, string> = {
  'an anchor': 'a: &x 1\nb: *x\n',
  'a tag': 'a: !!str 1\n',
  'a merge key': 'a:\n  <<: {b: 1}\n',
  'a duplicate key': 'a: 1\na: 2\n',
  'a duplicate key in a long mapping': Array.from({ length: 20 }, (_, index) => `k${index % 18}: ${index}`).join('\n'),
  'a duplicate flow key': 'a: {b: 1, b: 2}\n',
  'a multi-line plain scalar': 'a: one\n  two\n',
  'a tab': 'a:\t1\n',
  'a directive': '%YAML 1.1\n---\na: 1\n',
  'an unknown escape': 'a: "\\q"\n',
  'a code point beyond Unicode': 'a: "\\U00110000"\n',
  'an unclosed flow': 'a: [1, 2\n',
  'text after a quoted scalar': 'a: "x" y\n',
  'both chomping indicators': 'a: |-+\n  x\n',
};

describe.skipIf(!nativeYamlAvailable())('native YAML reader', () => {
  it.each(Object.entries(READ_ALIKE))('reads %s as the simple reader does', (_name, text) => {
    const expected = simple(text);
    expect(expected).toBeDefined();
    expect(readNativeYaml(text)).toStrictEqual(expected);
  });

  it('places findings in any document where the whole-file walk places them', () => {
    const text = [
      '# leading comment', '', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: a', 'spec:', '  ports:', '    - port: 80',
      '    - port: 81', '---', '# nothing but a comment', '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: b}',
      'spec:', '  template:', '    spec:', '      containers:', '      - name: c', '        image: x', '...', '--- # third',
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: d', 'data:', '  k: |', '    text', '', '    more', '  j: v', '',
    ].join('\n');
    expect(readNativeYaml(text)).toHaveLength(4);
    const checked = checkText(new Validator(), { file: 'f.yaml', text }, true);
    const wholeFile = locatorFor(text, true);
    const paths: (string | number)[][] = [[], ['kind'], ['metadata', 'name'], ['spec', 'ports', 1, 'port'], ['spec', 'template', 'spec', 'containers', 0, 'image'], ['data', 'j'], ['data', 'k'], ['missing', 'path']];
    let compared = 0;
    for (let document = 0; document < 5; document++) {
      for (const path of paths) {
        expect(checked.locator!.at(document, path), `document ${document} ${path.join('.')}`).toEqual(wholeFile.at(document, path));
        if (wholeFile.at(document, path) !== undefined) compared++;
      }
    }
    expect(compared).toBeGreaterThan(15);
    expect(checked.locator!.at(3, ['data', 'j'])).toEqual({ line: 34, column: 3 });
  });

  it('keeps negative zero and key order', () => {
    const [document] = readNativeYaml('b: -0\n2: x\na: 0\n1: y\n')! as [Record<string, number>];
    expect(Object.is(document.b, -0)).toBe(true);
    expect(Object.keys(document)).toEqual(['1', '2', 'b', 'a']);
  });

  it.each(Object.entries(NATIVE_DECLINES))('leaves %s to the JavaScript readers', (_name, text) => {
    expect(readNativeYaml(text)).toBeUndefined();
    const expected = simple(text);
    expect(expected).toBeDefined();
    expect(readFast(text)).toStrictEqual(expected);
  });

  it.each(Object.entries(BOTH_DECLINE))('declines %s, as the simple reader does', (_name, text) => {
    expect(simple(text)).toBeUndefined();
    expect(readNativeYaml(text)).toBeUndefined();
  });

  it('never accepts what the simple reader declines, and reads the rest alike, over generated manifests', () => {
    let read = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const text = generatedManifests(seed);
      const expected = simple(text);
      const actual = readNativeYaml(text);
      if (expected === undefined) expect(actual, text).toBeUndefined();
      else if (actual !== undefined) {
        expect(actual, text).toStrictEqual(expected);
        read++;
      }
    }
    // Most generated texts are in the subset: the comparison above must not pass by declining everything.
    expect(read).toBeGreaterThan(200);
  });
});

/** A small deterministic generator (xorshift) of manifests mixing every construct the readers know. */
function generatedManifests(seed: number): string {
  let state = seed * 2654435761;
  const next = (limit: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return Math.abs(state) % limit;
  };
  const pick = <T>(values: readonly T[]): T => values[next(values.length)];
  // Mostly what manifests hold, now and then something one reader or both leave to the complete readers.
  const common = [
    'web', '80', '0', '-3', '0777', '0x1f', '1.5', '1e3', 'true', 'no', 'On', '~', 'null', '"quoted"', "'single''s'", '"esc\\n\\t\\u0041"',
    'a#b', 'x # comment', 'http://a:80/b', '12:30', '"#hash"', '[a, 1, {b: c}]', '{k: v, n: 2}', '[]', '{}', 'value with spaces',
    '-dash', "'it''s'", '-0', 'Yes', 'tRue', 'nginx:1.27', '500m', '128Mi', '"8080"', '2001-12-14',
  ];
  const rare = ['.5', '.inf', '1_000', '- item', 'a: b', '"unterminated', '+1', '08', '9007199254740993', 'café', '&anchor x', '"\\q"'];
  const scalar = (): string => (next(30) === 0 ? pick(rare) : pick(common));
  const keys = [
    'name', 'image', 'port', 'on', '80', 'key with space', '"quoted key"', "'single'", '__proto__', '0', 'app', 'tier', 'labels', 'replicas',
    'value', 'protocol', 'path', 'host', 'mountPath', 'command', 'args', 'env', 'data', 'spec', 'template', 'selector', 'x', 'y', 'z',
  ];
  const key = (): string => (next(40) === 0 ? pick(['1.5', '<<', '? k', '"a\\tb"']) : pick(keys));
  const lines: string[] = [];
  const block = (indent: number, depth: number): void => {
    const pad = ' '.repeat(indent);
    const entries = 1 + next(4);
    if (next(4) === 0 && depth > 0) {
      for (let item = 0; item < entries; item++) {
        if (next(3) === 0 && depth < 3) {
          lines.push(`${pad}- ${key()}: ${scalar()}`);
          lines.push(`${pad}  ${key()}: ${scalar()}`);
        } else lines.push(`${pad}- ${scalar()}`);
      }
      return;
    }
    for (let entry = 0; entry < entries; entry++) {
      const name = key();
      const choice = next(10);
      if (choice < 2 && depth < 3) {
        lines.push(`${pad}${name}:`);
        block(indent + 2, depth + 1);
      } else if (choice === 2) {
        const header = pick(['|', '|-', '|+', '>', '>-', '>+', '|2']);
        // A folded scalar with more-indented lines is left to the complete readers; a literal one is not.
        lines.push(`${pad}${name}: ${header}`, `${pad}  first line`, `${pad}${header[0] === '>' ? '  ' : '    '}more`, '', `${pad}  last`);
      } else if (choice === 3) {
        lines.push(`${pad}# a comment`, `${pad}${name}: ${scalar()}`);
      } else {
        lines.push(`${pad}${name}: ${scalar()}`);
      }
    }
  };
  const documents = 1 + next(3);
  for (let document = 0; document < documents; document++) {
    if (document > 0 || next(2) === 0) lines.push(pick(['---', '--- # next', '...\n---']));
    lines.push('apiVersion: v1', 'kind: ConfigMap');
    block(0, 0);
  }
  return `${lines.join('\n')}\n`;
}
