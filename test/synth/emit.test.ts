import { load } from 'js-yaml';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { canonicalQuantity } from '../../lib/synth/quantity';
import { unifiedDiff } from '../../lib/synth/unified-diff';
import { emitDocument, isPlainSafe } from '../../lib/synth/yaml-emit';

/** Reads YAML the way go-yaml (YAML 1.1) and js-yaml (YAML 1.2 core) do. */
function readBack(text: string): { yaml11: unknown; yaml12: unknown } {
  return { yaml11: parse(text, { version: '1.1' }), yaml12: load(text) };
}

const AMBIGUOUS = [
  'yes', 'no', 'Yes', 'NO', 'y', 'n', 'Y', 'N', 'on', 'off', 'On', 'OFF', 'true', 'False', '~', 'null', 'Null', '',
  '0777', '0o17', '0x1F', '1_000', '12:30', '1:20:30', '190:20:30', '2024-01-02', '2001-12-14t21:59:43.10-05:00',
  '1e3', '1E3', '1.5', '.5', '-1', '+1', '.inf', '-.Inf', '.NaN', '1.0e+3', '=', '<<', '- item', '? key', 'a: b',
  'trailing ', ' leading', '#comment', 'value #comment', '@at', '`tick', '!tag', '&anchor', '*alias', '|', '>',
  '%directive', '[list]', '{map}', "'single'", '"double"', 'tab\there', 'line\u2028separator', 'nel\u0085char',
  'bom\ufeff', 'bell\u0007', 'café', '100', '0', '007',
];

describe('YAML emit', () => {
  test.each(AMBIGUOUS)('passes when %j reads back as the same string in YAML 1.1 and 1.2', (value) => {
    const text = emitDocument({ data: { [value]: value } });
    const { yaml11, yaml12 } = readBack(text);
    expect(yaml11).toEqual({ data: { [value]: value } });
    expect(yaml12).toEqual({ data: { [value]: value } });
  });

  test('passes when everyday values stay unquoted', () => {
    for (const value of ['nginx:1.27', '/healthz', 'http://svc:8080/x', '100m', '128Mi', 'app.kubernetes.io/name', 'Hello world', './dist/dev']) {
      expect(isPlainSafe(value)).toBe(true);
    }
  });

  test('passes when multi-line text becomes a literal block that reads back exactly', () => {
    for (const value of ['line one\nline two\n', 'no trailing newline\nend', 'server {\n\tlisten 80;\n\n  root /srv;\n}\n', 'a\n\n\nb\n']) {
      const text = emitDocument({ data: { 'nginx.conf': value } });
      expect(text).toMatch(/nginx\.conf: \|-?\n/);
      const { yaml11, yaml12 } = readBack(text);
      expect(yaml11).toEqual({ data: { 'nginx.conf': value } });
      expect(yaml12).toEqual({ data: { 'nginx.conf': value } });
    }
  });

  test('passes when text a block cannot carry exactly is double-quoted', () => {
    for (const value of [' leading space\nx', 'two trailing\n\n', 'crlf\r\nline', '\nstarts with newline']) {
      const text = emitDocument({ data: { key: value } });
      expect(text).toContain('key: "');
      expect(readBack(text).yaml11).toEqual({ data: { key: value } });
    }
  });

  test('puts apiVersion, kind and metadata first and sorts other keys by code unit', () => {
    const text = emitDocument({ spec: { b: 1, B: 2, a: [3, { z: 1, w: 2 }], ä: 0 }, metadata: { name: 'x' }, kind: 'K', apiVersion: 'v1' });
    expect(text).toBe(
      ['apiVersion: v1', 'kind: K', 'metadata:', '  name: x', 'spec:', '  B: 2', '  a:', '    - 3', '    - w: 2', '      z: 1', '  b: 1', '  "ä": 0', ''].join('\n'),
    );
  });

  test('passes when nested lists, empty collections and numbers round-trip', () => {
    const value = { a: [[1, 2], [], {}, [{ b: null }]], c: {}, d: [], e: 1e21, f: 0.1, g: -5, h: true };
    const { yaml11, yaml12 } = readBack(emitDocument(value));
    expect(yaml11).toEqual(value);
    expect(yaml12).toEqual(value);
  });
});

describe('canonical quantities', () => {
  test.each([
    ['0.5', '500m'], [0.25, '250m'], ['1000m', '1'], ['1', '1'], [2, '2'], ['2000', '2k'], ['1500m', '1500m'],
    ['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['1000Mi', '1000Mi'], ['512Ki', '512Ki'], ['0.5Ki', '512'], ['1024', '1024'],
    ['1e3', '1e3'], ['1.5e3', '1500'], ['12e6', '12e6'], ['0.1m', '100u'], ['1n', '1n'], ['0.0000000001', '1n'],
    ['0', '0'], ['0Mi', '0'], ['-1.5', '-1500m'], ['+2Gi', '2Gi'], ['100M', '100M'], ['1.0', '1'],
  ])('passes when %j becomes %j', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });

  test('fails (undefined) when the text is not a quantity', () => {
    for (const value of ['abc', '1.2.3', '5 Mi', '1Ki2', '']) expect(canonicalQuantity(value)).toBeUndefined();
  });
});

describe('unified diff', () => {
  test('passes when a change in the middle gets one hunk with three lines of context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n') + '\n';
    const after = ['1', '2', '3', '4', 'five', '6', '7', '8', '9'].join('\n') + '\n';
    expect(unifiedDiff(before, after, 'a/f', 'b/f')).toBe(['--- a/f', '+++ b/f', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', ''].join('\n'));
  });

  test('passes when far-apart changes get separate hunks and additions from nothing count from zero', () => {
    const lines = Array.from({ length: 20 }, (_, index) => `line ${index}`);
    const changed = [...lines];
    changed[1] = 'first';
    changed[18] = 'last';
    const diff = unifiedDiff(lines.join('\n') + '\n', changed.join('\n') + '\n', 'a', 'b');
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(unifiedDiff('', 'x\ny\n', '/dev/null', 'b')).toBe('--- /dev/null\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n');
    expect(unifiedDiff('same\n', 'same\n', 'a', 'b')).toBe('');
  });
});
