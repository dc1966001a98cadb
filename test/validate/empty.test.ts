// No input ends silently: a run that finds no resource says what it read, exits 0 (documented), and 1 with
// --fail-if-empty, for CI jobs whose path is wrong or whose render came out empty.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubeforge, kubeforgeProcess, validateJson } from './helpers';

const folder = mkdtempSync(join(tmpdir(), 'kubeforge-empty-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('validate with no resources', () => {
  const noManifests = join(folder, 'no-manifests');
  const emptyFiles = join(folder, 'empty-files');
  mkdirSync(noManifests);
  writeFileSync(join(noManifests, 'notes.txt'), 'not a manifest\n');
  mkdirSync(emptyFiles);
  writeFileSync(join(emptyFiles, 'comment.yaml'), '# nothing yet\n');
  writeFileSync(join(emptyFiles, 'separators.yaml'), '---\n---\n');

  it('passes and says "0 resources in 0 files" for a folder without manifests', async () => {
    const run = await kubeforge('validate', noManifests);
    expect(run).toMatchObject({ code: 0, stdout: '0 resources in 0 files\n' });
  });

  it('passes and counts the files it read when they hold only comments and separators', async () => {
    const run = await kubeforge('validate', '--summary', emptyFiles);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('0 resources in 2 files');
  });

  it('fails when empty with --fail-if-empty, and passes with it when there is a resource', async () => {
    expect((await kubeforge('validate', '--fail-if-empty', emptyFiles)).code).toBe(1);
    const valid = join(folder, 'valid.yaml');
    writeFileSync(valid, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\n');
    expect(await kubeforge('validate', '--fail-if-empty', '--no-rules', valid)).toMatchObject({ code: 0, stdout: '' });
  });

  it('keeps machine formats to their shape: a json report with zero resources', async () => {
    const { code, report } = await validateJson(emptyFiles);
    expect(code).toBe(0);
    expect(report.summary.resources).toBe(0);
    expect(report.resources).toEqual([]);
  });

  it('reads empty standard input as one file with no resources', () => {
    expect(kubeforgeProcess(['validate', '-'], '')).toMatchObject({ code: 0, stdout: '0 resources in 1 file\n' });
    expect(kubeforgeProcess(['validate', '--fail-if-empty'], '').code).toBe(1);
  });
});
