import { describe, expect, test } from 'vitest';
import { markdownReport } from '../../lib/synth/diff-markdown';
import { MAX_EDIT_LENGTH, unifiedDiff } from '../../lib/synth/unified-diff';

describe('unified diff', () => {
  test('is empty for equal texts and gives git-style hunks with three lines of context', () => {
    expect(unifiedDiff('a\n', 'a\n', 'a/x', 'b/x')).toBe('');
    const before = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', ''].join('\n');
    const after = before.replace('five', 'FIVE');
    expect(unifiedDiff(before, after, 'a/x', 'b/x')).toBe('--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n two\n three\n four\n-five\n+FIVE\n six\n seven\n eight\n');
    expect(unifiedDiff('', 'new\n', '/dev/null', 'b/x')).toBe('--- /dev/null\n+++ b/x\n@@ -0,0 +1,1 @@\n+new\n');
  });

  test('shows a file with more edits than the bound as wholly replaced, every line once', () => {
    const lines = (suffix: string) => Array.from({ length: MAX_EDIT_LENGTH }, (_, index) => `key${index}: ${suffix}`);
    const diff = unifiedDiff(`${lines('old').join('\n')}\n`, lines('new').join('\n'), 'a/x', 'b/x');
    const body = diff.split('\n');
    expect(body.slice(0, 3)).toEqual(['--- a/x', '+++ b/x', `@@ -1,${MAX_EDIT_LENGTH} +1,${MAX_EDIT_LENGTH} @@`]);
    expect(body.filter((line) => line.startsWith('-key')).length).toBe(MAX_EDIT_LENGTH);
    expect(body.filter((line) => line.startsWith('+key')).length).toBe(MAX_EDIT_LENGTH);
    expect(diff.endsWith('+key999: new\n\\ No newline at end of file\n')).toBe(true);
  });
});

describe('markdown report', () => {
  test('appends the sections given for each app after its diffs, and fences diffs that hold backticks', () => {
    const markdown = markdownReport(
      [{ status: 'changed', environment: 'dev', app: 'web', path: 'dist/dev/web/ConfigMap.x.yaml', kind: 'ConfigMap', name: 'x|y', namespace: 'web', diff: '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a: ```\n+a: b\n' }],
      { appSections: [({ environment, app, diffs }) => `#### graph of ${environment}/${app} (${diffs.length})`, () => undefined] },
    );
    expect(markdown).toContain('| changed | ConfigMap | web | x\\|y |');
    expect(markdown).toContain('\n````diff\n--- a/x\n');
    expect(markdown).toMatch(/<\/details>\n\n#### graph of dev\/web \(1\)\n$/);
  });

  test('leaves diffs out past the size budget, keeps every table row, and says how many', () => {
    const diff = `--- a/x\n+++ b/x\n@@ -1 +1 @@\n-${'a'.repeat(300)}\n+${'b'.repeat(300)}\n`;
    const diffs = ['one', 'two', 'three'].map((name) => ({ status: 'changed' as const, environment: 'dev', app: 'web', path: `dist/dev/web/ConfigMap.${name}.yaml`, kind: 'ConfigMap', name, diff }));
    const markdown = markdownReport(diffs, { maxDiffCharacters: 1500 });
    expect((markdown.match(/^\| changed \| ConfigMap/gm) ?? []).length).toBe(3);
    expect((markdown.match(/<details>/g) ?? []).length).toBe(2);
    expect(markdown).toContain('1 diffs left out to keep the comment within its size limit: run `kubeforge diff` to see them.');
  });

  test('cuts a long diff and says how to see the rest', () => {
    const diff = `--- a/x\n+++ b/x\n@@ -1,0 +1,10 @@\n${Array.from({ length: 10 }, (_, index) => `+line${index}`).join('\n')}\n`;
    const markdown = markdownReport([{ status: 'added', environment: 'dev', app: 'web', path: 'dist/dev/web/x.yaml', diff }], { maxDiffLines: 5 });
    expect(markdown).toContain('+line1\n... 8 more lines: run kubeforge diff to see them\n```');
  });
});
