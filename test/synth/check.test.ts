import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { DELIVERY_CONFIG, fixtureEntry, project, readTree, REPOSITORY, type Project } from './helpers';

let current: Project | undefined;
afterEach(() => current?.remove());

function open(options: Parameters<typeof project>[0] = {}): Project {
  current = project(options);
  return current;
}

describe('synth gate', () => {
  test('fails when two constructs define the same object, naming both, and writes nothing', async () => {
    const shop = open({ fixture: 'shop-collision' });
    const run = await shop.synth();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ConfigMap "settings" in namespace "web" is defined twice: by construct web/settings-again and by construct web/settings; both would write dist/dev/web/ConfigMap.settings.yaml');
    expect(run.stderr).toContain('[synth-collision]');
    expect(shop.tree().size).toBe(0);
  });

  test('leaves the previous output untouched when an object is invalid, and prints the finding with its construct', async () => {
    const shop = open({ config: DELIVERY_CONFIG });
    expect((await shop.synth()).code).toBe(0);
    const before = shop.tree();
    const run = await shop.synth('--entry', fixtureEntry('shop-invalid'));
    expect(run.code).toBe(1);
    // The same mistake in both environments is one line that names both.
    expect(run.stderr).toMatch(/^error: dev, prod: Deployment\/web \(namespace web\) \(construct web\/deployment\): spec\.replicas: .*\[schema\]$/m);
    // Nothing was written, so no line points into the output folder.
    expect(run.stderr).not.toContain('dist/dev/');
    expect(run.stderr).toContain('nothing written to dist/');
    expect(shop.tree()).toEqual(before);
  });
});

describe('synth --check', () => {
  test('exits 0 when the committed tree matches', async () => {
    const shop = open({ config: DELIVERY_CONFIG });
    await shop.synth();
    const run = await shop.synth('--check');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dist/ is up to date');
  });

  test('exits 1 and lists added, removed and changed resources by kind, namespace and name', async () => {
    const shop = open();
    await shop.synth();
    const before = shop.tree();
    const run = await shop.synth('--check', '--entry', fixtureEntry('shop-drift'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {2}added +dev +ConfigMap web\/extra +dist\/dev\/web\/ConfigMap\.extra\.yaml$/m);
    expect(run.stdout).toMatch(/^ {2}removed +dev +ConfigMap monitoring\/worker +dist\/dev\/worker\/ConfigMap\.worker\.monitoring\.yaml$/m);
    expect(run.stdout).toMatch(/^ {2}changed +dev +Deployment web\/web +dist\/dev\/web\/Deployment\.apps\.web\.yaml$/m);
    expect(run.stdout).toMatch(/^ {2}changed +prod +Secret web\/token /m);
    expect(shop.tree()).toEqual(before);
  });

  test('exits 1 when only a file was removed from the committed tree', async () => {
    const shop = open();
    await shop.synth();
    const { rmSync } = await import('node:fs');
    rmSync(join(shop.directory, 'dist', 'prod', 'web', 'Service.web.yaml'));
    const run = await shop.synth('--check');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {2}added +prod +Service web\/web /m);
  });

  test('exits 1 on a file in an owned folder that the program does not render, and synth keeps it with a warning', async () => {
    const shop = open();
    await shop.synth();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(shop.directory, 'dist', 'dev', 'web', 'ConfigMap.by-hand.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: by-hand\n');
    const run = await shop.synth('--check');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('(0 added, 0 removed, 0 changed, 1 stray)');
    expect(run.stdout).toContain('  stray    dist/dev/web/ConfigMap.by-hand.yaml: not rendered by the program; it is not applied');
    const written = await shop.synth();
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('warning: files that synth keeps but nothing applies:\n  stray    dist/dev/web/ConfigMap.by-hand.yaml');
    expect(shop.tree().has('dev/web/ConfigMap.by-hand.yaml')).toBe(true);
    expect(shop.read('dev/web/kustomization.yaml')).not.toContain('by-hand');
  });

  test('exits 1 on the journal of a killed write, which the next synth finishes', async () => {
    const shop = open();
    await shop.synth();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    // A run (long gone: no such process) killed after committing a journal that removes one file.
    const staging = join(shop.directory, '.dist.kubeforge-999999999-00c0ffee');
    mkdirSync(join(staging, 'files'), { recursive: true });
    writeFileSync(join(staging, 'journal.json'), JSON.stringify({ version: 1, steps: [{ path: 'prod/web/Service.web.yaml' }], emptied: [] }));
    const check = await shop.synth('--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('  interrupted .dist.kubeforge-999999999-00c0ffee: a synth was killed while writing dist/, which is partly written; run `kubeforge synth` to finish it');
    const run = await shop.synth();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('note: finished the write of a synth that was killed (.dist.kubeforge-999999999-00c0ffee)');
    expect(shop.tree().has('prod/web/Service.web.yaml')).toBe(true);
    expect((await shop.synth('--check')).code).toBe(0);
  });

  test('exits 2 on failure: error findings or a broken configuration', async () => {
    const invalid = open({ fixture: 'shop-invalid' });
    expect((await invalid.synth('--check')).code).toBe(2);
    invalid.remove();
    const broken = open({ config: 'kubeforge:\n  layout: sideways\n' });
    const run = await broken.synth('--check');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('kubeforge.layout must be "files" or "bundle"');
  });
});

describe('kubeforge diff', () => {
  test('prints a unified diff per resource, with Secret values masked', async () => {
    const shop = open();
    await shop.synth();
    const run = await shop.diff('--env', 'dev', '--entry', fixtureEntry('shop-drift'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('# changed dev Deployment web/web\n--- a/dist/dev/web/Deployment.apps.web.yaml\n+++ b/dist/dev/web/Deployment.apps.web.yaml\n');
    expect(run.stdout).toMatch(/^-  replicas: 1$/m);
    expect(run.stdout).toMatch(/^\+  replicas: 2$/m);
    expect(run.stdout).toContain('-  token: masked (old value)');
    expect(run.stdout).toContain('+  token: masked (new value)');
    expect(run.stdout).not.toContain('secret-value');
    expect(run.stdout).toContain('--- /dev/null\n+++ b/dist/dev/web/ConfigMap.extra.yaml\n');
    expect(run.stdout).toMatch(/1 added, 1 removed, \d+ changed\n$/);
  });

  test('--output json gives the changes as data', async () => {
    const shop = open();
    await shop.synth();
    const run = await shop.diff('--output', 'json', '--env', 'prod', '--entry', fixtureEntry('shop-drift'));
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { summary: Record<string, number>; changes: Record<string, string>[] };
    expect(report.summary.added).toBe(1);
    const removed = report.changes.find((change) => change.status === 'removed');
    expect(removed).toMatchObject({ environment: 'prod', kind: 'ConfigMap', name: 'worker', namespace: 'monitoring', path: 'dist/prod/worker/ConfigMap.worker.monitoring.yaml' });
    expect(JSON.stringify(report)).not.toContain('secret-value');
  });

  test('--output markdown gives a table per environment and app with collapsible diffs, Secret values masked', async () => {
    const shop = open();
    await shop.synth();
    const run = await shop.diff('--output', 'markdown', '--entry', fixtureEntry('shop-drift'));
    expect(run.code).toBe(1);
    const markdown = run.stdout;
    expect(markdown).toMatch(/^## kubeforge diff: 2 added, \d+ changed, 2 removed\n/);
    const sections = [...markdown.matchAll(/^### (.*)$/gm)].map((match) => match[1]);
    expect(sections).toEqual(['dev / web', 'dev / worker', 'prod / web', 'prod / worker']);
    expect(markdown).toContain('| change | kind | namespace | name | file |\n|---|---|---|---|---|\n');
    expect(markdown).toContain('| added | ConfigMap | web | extra | `dist/dev/web/ConfigMap.extra.yaml` |');
    expect(markdown).toContain('| removed | ConfigMap | monitoring | worker | `dist/prod/worker/ConfigMap.worker.monitoring.yaml` |');
    expect(markdown).toContain('<details>\n<summary>changed Deployment web/web</summary>\n\n```diff\n--- a/dist/dev/web/Deployment.apps.web.yaml\n');
    expect(markdown).toMatch(/^-  replicas: 1\n\+  replicas: 2$/m);
    expect(markdown).toContain('+  token: masked (new value)');
    expect(markdown).not.toContain('secret-value');
    expect((markdown.match(/<details>/g) ?? []).length).toBe((markdown.match(/<\/details>/g) ?? []).length);
  });

  test('--output markdown says so when nothing differs', async () => {
    const shop = open();
    await shop.synth();
    const run = await shop.diff('-o', 'markdown');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('## kubeforge diff: 0 added, 0 changed, 0 removed\n\nNo differences: the committed tree is what the program renders.\n');
  });

  test('exits 0 with no differences', async () => {
    const shop = open();
    await shop.synth();
    const run = await shop.diff();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('no differences\n');
  });
});

describe('determinism', () => {
  test('two runs write byte-identical trees, also in a process with another locale and time zone', async () => {
    const first = open({ config: DELIVERY_CONFIG });
    await first.synth();
    const tree = first.tree();
    await first.synth('--out-dir', 'again');
    expect(readTree(join(first.directory, 'again'))).toEqual(tree);

    const register = join(__dirname, 'fixtures', 'register-ts.cjs');
    const command = join(REPOSITORY, 'lib', 'cli', 'synth.ts');
    const script = `require(${JSON.stringify(command)}).runSynthCommand(['--out-dir', 'child'], { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then((code) => { process.exitCode = code; })`;
    const child = spawnSync(process.execPath, ['-r', register, '-e', script], {
      cwd: first.directory,
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'tr_TR.UTF-8', LANG: 'tr_TR.UTF-8', TZ: 'Pacific/Kiritimati', CI: '1' },
    });
    expect(child.stderr).not.toMatch(/^error:/m);
    expect(child.status).toBe(0);
    expect(readTree(join(first.directory, 'child'))).toEqual(tree);
  }, 60_000);
});
