// The package as users get it: `npm pack`, installed into a new project, `kubeforge init`, then the
// project's own scripts. Offline and fast: the tarball is unpacked as npm would install it, and its
// dependencies (and the project's typescript and vitest) are links to this repository's node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTree } from '../synth/helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = join(__dirname, '..', '..');
/** What the new project builds and tests with, besides kubeforge's own dependencies (read from the packed package.json). */
const PROJECT_TOOLS = ['typescript', 'vitest', '@types/node'];
const BINARIES: Record<string, string> = { kubeforge: 'kubeforge/.build/lib/cli/main.js', tsc: 'typescript/bin/tsc', vitest: 'vitest/vitest.mjs' };

function npmCommand(): string {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { code: number; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, shell: process.platform === 'win32' });
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

describe('the packed package in a new project', () => {
  const work = mkdtempSync(join(tmpdir(), 'kubeforge-pack-'));
  const modules = join(work, 'node_modules');
  const project = join(work, 'project');
  let packed: string[] = [];

  beforeAll(() => {
    // The build is the suite's precondition (npm ci runs it); packing again would only rebuild it.
    const [pack] = JSON.parse(execFileSync(npmCommand(), ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO, encoding: 'utf8', shell: process.platform === 'win32' })) as { filename: string; files: { path: string }[] }[];
    packed = pack.files.map((file) => file.path);
    mkdirSync(join(modules, 'kubeforge'), { recursive: true });
    execFileSync('tar', ['-xzf', join(work, pack.filename), '-C', join(modules, 'kubeforge'), '--strip-components=1']);
    const dependencies = Object.keys(JSON.parse(readFileSync(join(modules, 'kubeforge', 'package.json'), 'utf8')).dependencies ?? {});
    for (const name of [...dependencies, ...PROJECT_TOOLS]) {
      mkdirSync(join(modules, name, '..'), { recursive: true });
      symlinkSync(join(REPO, 'node_modules', name), join(modules, name), 'junction');
    }
    mkdirSync(join(modules, '.bin'));
    for (const [name, target] of Object.entries(BINARIES)) {
      chmodSync(join(modules, target), 0o755);
      symlinkSync(join('..', target), join(modules, '.bin', name));
    }
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the compiled library and CLI, types, schemas, validators, the template, README and licence, and nothing else', () => {
    for (const file of ['.build/lib/index.js', '.build/lib/index.d.ts', '.build/lib/cli/main.js', 'schemas/manifest.json', '.build/validators/v1.36.js', 'lib/cli/template/apps/main.ts.tmpl', 'README.md', 'LICENSE', 'package.json']) {
      expect(packed, file).toContain(file);
    }
    const unexpected = packed.filter((path) => /^(test|bench|dist|apps|scripts|\.build\/(apps|bench|scripts|native))\/|\.(node|map|cache)$|^lib\/(?!cli\/template\/)/.test(path));
    expect(unexpected).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(modules, 'kubeforge', 'package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(manifest.exports['.'].types).toBe('./.build/lib/index.d.ts');
  });

  it('runs init, then the new project synthesizes, checks, tests, and its entry renders the same tree when run directly', () => {
    const init = run(process.execPath, [join(modules, BINARIES.kubeforge), 'init', 'project'], work);
    expect(init.code, init.output).toBe(0);
    const again = run(process.execPath, [join(modules, BINARIES.kubeforge), 'init', 'project'], work);
    expect(again.code).toBe(2);
    expect(again.output).toContain('is not empty');
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).dependencies.kubeforge).toMatch(/^\^\d+\.\d+\.\d+/);

    const synth = run(npmCommand(), ['run', 'synth'], project);
    expect(synth.code, synth.output).toBe(0);
    expect(synth.output).toMatch(/^dev: 1 app, \d+ objects/m);
    const rendered = readTree(join(project, 'dist'));
    expect([...rendered.keys()]).toContain('prod/hello/Deployment.apps.web.yaml');
    expect(rendered.get('prod/hello/Deployment.apps.web.yaml')).toContain('replicas: 3');

    const check = run(npmCommand(), ['run', 'check'], project);
    expect(check.code, check.output).toBe(0);
    const validate = run(npmCommand(), ['run', 'validate'], project);
    expect(validate.code, validate.output).toBe(0);
    const test = run(npmCommand(), ['test'], project);
    expect(test.code, test.output).toBe(0);

    const direct = run(process.execPath, ['--enable-source-maps', '.build/apps/main.js'], project, { CDK8S_OUTDIR: 'direct' });
    expect(direct.code, direct.output).toBe(0);
    expect(readTree(join(project, 'direct'))).toEqual(rendered);
  }, 120_000);
});
