// apps/main.ts run on its own (the `app:` command of cdk8s.yaml) renders the tree that `kubeforge synth` wrote to dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTree } from '../synth/helpers';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = join(__dirname, '..', '..');
const ENTRY = join(REPO, '.build', 'apps', 'main.js');

describe('the program entry run directly', () => {
  const output = mkdtempSync(join(tmpdir(), 'kubeforge-entry-'));
  afterAll(() => rmSync(output, { recursive: true, force: true }));

  it('renders the committed dist/ into CDK8S_OUTDIR and exits 0', () => {
    if (!existsSync(ENTRY)) throw new Error('the compiled entry is missing: run npm run build (npm ci runs it)');
    const run = spawnSync(process.execPath, ['--enable-source-maps', ENTRY], { cwd: REPO, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: output } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^dev: 5 apps, \d+ objects, \d+ files written/m);
    expect(readTree(output)).toEqual(readTree(join(REPO, 'dist')));
  }, 30_000);
});
