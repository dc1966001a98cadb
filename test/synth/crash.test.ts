// Fault injection: a write killed before each of its file operations, then synth run again.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadProgram, render, settingsFrom, type Rendering } from '../../lib/synth';
import { writeRendering } from '../../lib/synth/synthesize';
import { nodeFileSystem, planTree, type TreeFileSystem } from '../../lib/synth/tree';
import { DELIVERY_CONFIG, fixtureEntry, project, readTree, REPOSITORY } from './helpers';

class Killed extends Error {}

/** node:fs, stopped for good before operation number `step`: nothing runs after a kill, no clean-up either. */
function killedAt(step: number): TreeFileSystem & { count: () => number } {
  let count = 0;
  const wrap = <K extends keyof TreeFileSystem>(name: K) =>
    ((...args: Parameters<TreeFileSystem[K]>) => {
      count++;
      if (count >= step) throw new Killed(`killed before operation ${step} (${name})`);
      return (nodeFileSystem[name] as (...values: unknown[]) => void)(...args);
    }) as TreeFileSystem[K];
  return {
    mkdir: wrap('mkdir'), writeFile: wrap('writeFile'), rename: wrap('rename'), unlink: wrap('unlink'), rmdir: wrap('rmdir'), removeTree: wrap('removeTree'),
    count: () => count,
  };
}

const settings = settingsFrom(load(DELIVERY_CONFIG));

let work: string;
const renderings = new Map<string, Rendering>();
const clean = new Map<string, Map<string, string>>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kubeforge-crash-'));
  // The bundle scenario leaves the delivery objects out, to keep the number of steps (each one a run) down.
  for (const [name, layout] of [['shop', 'files'], ['shop-drift', 'files'], ['shop-drift', 'bundle']] as const) {
    const rendering = render(loadProgram(fixtureEntry(name)), { settings: layout === 'bundle' ? settingsFrom({}) : settings, outputLabel: 'dist', layout, secretChecksumKey: 'test key' });
    expect(rendering.errors).toBe(0);
    const key = `${name}/${layout}`;
    renderings.set(key, rendering);
    const directory = join(work, 'clean', key.replace('/', '-'), 'dist');
    await writeRendering(rendering, { outputDirectory: directory });
    clean.set(key, readTree(directory));
  }
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }), 60_000);

function stagingFolders(parent: string): string[] {
  return readdirSync(parent).filter((name) => name.startsWith('.dist.kubeforge-'));
}

let runs = 0;
/** A project folder whose dist/ holds the clean tree of `from`. */
function treeOf(from: string): { parent: string; output: string } {
  const parent = join(work, `run-${runs++}`);
  const output = join(parent, 'dist');
  mkdirSync(parent, { recursive: true });
  cpSync(join(work, 'clean', from.replace('/', '-'), 'dist'), output, { recursive: true });
  return { parent, output };
}

const scenarios = [
  { name: 'changed, added and removed files', from: 'shop/files', to: 'shop-drift/files' },
  { name: 'from one folder per app to bundle files (folders removed)', from: 'shop/files', to: 'shop-drift/bundle' },
];

describe.each(scenarios)('a write killed before any of its operations: $name', ({ from, to }) => {
  test('leaves the old tree, the new one or a journal, and the next synth gives exactly the tree of a clean synth', async () => {
    const counting = killedAt(Number.POSITIVE_INFINITY);
    const probe = treeOf(from);
    await writeRendering(renderings.get(to)!, { outputDirectory: probe.output, fileSystem: counting });
    const total = counting.count();
    expect(total).toBeGreaterThan(20);

    for (let step = 1; step <= total; step++) {
      const { parent, output } = treeOf(from);
      await expect(writeRendering(renderings.get(to)!, { outputDirectory: output, fileSystem: killedAt(step) })).rejects.toThrow(Killed);
      const committed = stagingFolders(parent).some((name) => existsSync(join(parent, name, 'journal.json')));
      const killed = readTree(output);
      // Without a committed journal the tree is whole: the old one (killed before the commit) or the new one
      // (killed after the journal was deleted), byte for byte.
      if (!committed) expect([clean.get(from), clean.get(to)], `killed at ${step}`).toContainEqual(killed);
      // --check sees a committed journal, and drift unless the tree is already the new one.
      const check = planTree(output, renderings.get(to)!);
      expect(check.interrupted.length > 0, `killed at ${step}`).toBe(committed);
      const drift = check.changes.length + check.markers.size + check.interrupted.length > 0;
      expect(drift, `killed at ${step}`).toBe(committed || !isEqual(killed, clean.get(to)!));

      // Synth again, alternately with what the killed run rendered and with the old code: the same tree as a
      // clean synth of that code, and no staging folder left.
      const next = step % 2 === 1 ? to : from;
      const again = await writeRendering(renderings.get(next)!, { outputDirectory: output });
      expect(again.recovered.length, `killed at ${step}`).toBe(committed ? 1 : 0);
      expect(readTree(output), `killed at ${step}, then ${next}`).toEqual(clean.get(next));
      expect(stagingFolders(parent), `killed at ${step}`).toEqual([]);
      const after = planTree(output, renderings.get(next)!);
      expect([after.changes.length, after.markers.size, after.stray.length, after.interrupted.length], `killed at ${step}`).toEqual([0, 0, 0, 0]);
      rmSync(parent, { recursive: true });
    }
  }, 180_000);
});

function isEqual(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([path, content]) => b.get(path) === content);
}

test('a synth killed while it finishes a killed write is itself finished by the next one', async () => {
  const from = 'shop/files';
  const to = 'shop-drift/files';
  // The first kill lands right after the commit, so that the whole replay is left to the next run.
  let commitStep = 0;
  for (let step = 1; commitStep === 0; step++) {
    const { parent, output } = treeOf(from);
    await expect(writeRendering(renderings.get(to)!, { outputDirectory: output, fileSystem: killedAt(step) })).rejects.toThrow(Killed);
    if (stagingFolders(parent).some((name) => existsSync(join(parent, name, 'journal.json')))) commitStep = step;
    rmSync(parent, { recursive: true });
  }
  const counting = killedAt(Number.POSITIVE_INFINITY);
  {
    const { output } = treeOf(from);
    await expect(writeRendering(renderings.get(to)!, { outputDirectory: output, fileSystem: killedAt(commitStep) })).rejects.toThrow(Killed);
    await writeRendering(renderings.get(to)!, { outputDirectory: output, fileSystem: counting });
  }
  for (let step = 1; step <= counting.count(); step++) {
    const { parent, output } = treeOf(from);
    await expect(writeRendering(renderings.get(to)!, { outputDirectory: output, fileSystem: killedAt(commitStep) })).rejects.toThrow(Killed);
    await expect(writeRendering(renderings.get(to)!, { outputDirectory: output, fileSystem: killedAt(step) })).rejects.toThrow(Killed);
    await writeRendering(renderings.get(to)!, { outputDirectory: output });
    expect(readTree(output), `recovery killed at ${step}`).toEqual(clean.get(to));
    expect(stagingFolders(parent), `recovery killed at ${step}`).toEqual([]);
    rmSync(parent, { recursive: true });
  }
}, 120_000);

describe('journals and staging folders', () => {
  test('a staging folder of a live process is left alone; a journal that points outside the output folder is refused', async () => {
    const { parent, output } = treeOf('shop/files');
    // The test runner's parent process is alive and is not this process.
    const live = join(parent, `.dist.kubeforge-${process.ppid}-0a0b0c0d`);
    mkdirSync(join(live, 'files'), { recursive: true });
    await writeRendering(renderings.get('shop-drift/files')!, { outputDirectory: output });
    expect(existsSync(live)).toBe(true);
    rmSync(live, { recursive: true });

    const forged = join(parent, '.dist.kubeforge-999999999-0a0b0c0d');
    mkdirSync(join(forged, 'files'), { recursive: true });
    writeFileSync(join(forged, 'journal.json'), JSON.stringify({ version: 1, steps: [{ path: '../outside.txt' }], emptied: [] }));
    await expect(writeRendering(renderings.get('shop/files')!, { outputDirectory: output })).rejects.toThrow(/journal\.json: step .* points outside the output folder; it cannot be replayed/);
    writeFileSync(join(forged, 'journal.json'), '{"version": 1, "steps": [');
    await expect(writeRendering(renderings.get('shop/files')!, { outputDirectory: output })).rejects.toThrow(/not readable as JSON/);
  });

  test('an aborted signal drops an uncommitted write and finishes a committed one', async () => {
    for (const [operation, finished] of [['writeFile', false], ['rename', true]] as const) {
      const { parent, output } = treeOf('shop/files');
      const controller = new AbortController();
      let seen = 0;
      const fileSystem: TreeFileSystem = {
        ...nodeFileSystem,
        [operation]: (...args: [string, string]) => {
          (nodeFileSystem[operation] as (...values: string[]) => void)(...args);
          // The second rename is inside the journal's replay (the first one commits it).
          if (++seen === 2) controller.abort('SIGINT');
        },
      };
      await expect(writeRenderingWithSignal(output, fileSystem, controller.signal)).rejects.toMatchObject({ signal: 'SIGINT', finished });
      expect(readTree(output)).toEqual(clean.get(finished ? 'shop-drift/files' : 'shop/files'));
      expect(stagingFolders(parent)).toEqual([]);
    }
  });
});

async function writeRenderingWithSignal(output: string, fileSystem: TreeFileSystem, signal: AbortSignal): Promise<void> {
  const { writeTree } = await import('../../lib/synth/tree');
  await writeTree(output, planTree(output, renderings.get('shop-drift/files')!), { fileSystem, signal });
}

/** Runs `kubeforge synth argv` in a child process whose `operation` number `at` is followed by `signal` to itself. */
function synthInChild(directory: string, argv: string[], operation: 'writeFile' | 'rename', at: number, signal: string) {
  const register = join(__dirname, 'fixtures', 'register-ts.cjs');
  const tree = join(REPOSITORY, 'lib', 'synth', 'tree.ts');
  const command = join(REPOSITORY, 'lib', 'cli', 'synth.ts');
  const script = [
    `const fileSystem = require(${JSON.stringify(tree)}).nodeFileSystem;`,
    `const original = fileSystem.${operation}; let count = 0;`,
    `fileSystem.${operation} = (...args) => { original(...args); if (++count === ${at}) process.kill(process.pid, ${JSON.stringify(signal)}); };`,
    `require(${JSON.stringify(command)}).runSynthCommand(${JSON.stringify(argv)}, { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: {} }).then((code) => { process.exitCode = code; });`,
  ].join('\n');
  return spawnSync(process.execPath, ['-r', register, '-e', script], { cwd: directory, encoding: 'utf8' });
}

describe('a real process', () => {
  test('SIGTERM during a write: the CLI exits 143 and leaves the old tree, with no staging folder', async () => {
    const shop = project({ config: DELIVERY_CONFIG });
    try {
      expect((await shop.synth()).code).toBe(0);
      const before = shop.tree();
      const killed = synthInChild(shop.directory, ['--entry', fixtureEntry('shop-drift')], 'writeFile', 1, 'SIGTERM');
      expect(killed.stderr).toContain('kubeforge synth: interrupted by SIGTERM; nothing was written');
      expect(killed.status).toBe(143);
      expect(shop.tree()).toEqual(before);
      expect(readdirSync(shop.directory).filter((name) => name.startsWith('.dist.kubeforge-'))).toEqual([]);
    } finally {
      shop.remove();
    }
  }, 60_000);

  test('SIGINT after the journal is committed: the write is finished, then the CLI exits 130', async () => {
    const shop = project({ config: DELIVERY_CONFIG });
    const reference = project({ config: DELIVERY_CONFIG });
    try {
      expect((await shop.synth()).code).toBe(0);
      expect((await reference.synth('--entry', fixtureEntry('shop-drift'))).code).toBe(0);
      const interrupted = synthInChild(shop.directory, ['--entry', fixtureEntry('shop-drift')], 'rename', 2, 'SIGINT');
      expect(interrupted.stderr).toContain('kubeforge synth: interrupted by SIGINT; the write had begun and was finished first');
      expect(interrupted.status).toBe(130);
      expect(shop.tree()).toEqual(reference.tree());
      expect(readdirSync(shop.directory).filter((name) => name.startsWith('.dist.kubeforge-'))).toEqual([]);
    } finally {
      shop.remove();
      reference.remove();
    }
  }, 60_000);

  test('SIGKILL half-way through the renames: --check says so, and the next synth finishes the write', async () => {
    const shop = project({ config: DELIVERY_CONFIG });
    const reference = project({ config: DELIVERY_CONFIG });
    try {
      expect((await shop.synth()).code).toBe(0);
      expect((await reference.synth('--entry', fixtureEntry('shop-drift'))).code).toBe(0);
      // Rename 1 commits the journal; rename 3 is the second file moved into place.
      const killed = synthInChild(shop.directory, ['--entry', fixtureEntry('shop-drift')], 'rename', 3, 'SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      expect(shop.tree()).not.toEqual(reference.tree());
      const check = await shop.synth('--check', '--entry', fixtureEntry('shop-drift'));
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/^ {2}interrupted \.dist\.kubeforge-\d+-[0-9a-f]+: a synth was killed while writing dist\//m);
      const again = await shop.synth('--entry', fixtureEntry('shop-drift'));
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/note: finished the write of a synth that was killed/);
      expect(shop.tree()).toEqual(reference.tree());
      expect(readdirSync(shop.directory).filter((name) => name.startsWith('.dist.kubeforge-'))).toEqual([]);
    } finally {
      shop.remove();
      reference.remove();
    }
  }, 60_000);
});
