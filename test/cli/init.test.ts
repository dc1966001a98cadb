// `kubeforge init`: the files of a new project, the package name, and a folder that is not empty.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main';
import { parseArgs } from '../../lib/cli/args';

let folder: string | undefined;
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function init(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  folder ??= mkdtempSync(join(tmpdir(), 'kubeforge-init-'));
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) => ({ write: (chunk: string) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  const code = await main(['init', ...argv], { stdout: sink((text) => (stdout += text)), stderr: sink((text) => (stderr += text)), cwd: folder, env: {} });
  return { code, stdout, stderr };
}

describe('kubeforge init', () => {
  it('writes the project files, named after the folder', async () => {
    const result = await init('My Shop');
    expect(result).toMatchObject({ code: 0, stdout: 'wrote a kubeforge project in My Shop/\nnext: cd My Shop && npm install && npm run synth && npm test\n' });
    const project = join(folder!, 'My Shop');
    for (const file of ['package.json', 'tsconfig.json', 'cdk8s.yaml', 'apps/main.ts', 'apps/hello.ts', 'test/main.test.ts', '.gitignore', '.github/workflows/ci.yaml', 'README.md']) {
      expect(existsSync(join(project, file)), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'my-shop', dependencies: { kubeforge: `^${version}` } });
    expect(readFileSync(join(project, 'README.md'), 'utf8')).not.toContain('cdk8s synth');
    const workflow = readFileSync(join(project, '.github/workflows/ci.yaml'), 'utf8');
    for (const step of ['npm ci', 'npm test', 'kubeforge synth --check', 'npm run validate']) expect(workflow).toContain(step);
    expect(manifest.scripts.validate).toMatch(/^kubeforge validate dist\/dev && kubeforge validate dist\/prod$/);
    expect(readFileSync(join(project, 'cdk8s.yaml'), 'utf8')).toMatch(/^  kubernetesVersion: "\d+\.\d+"$/m);
  });

  it('refuses a folder that is not empty unless --force, and then overwrites only its own files', async () => {
    folder = mkdtempSync(join(tmpdir(), 'kubeforge-init-'));
    mkdirSync(join(folder, 'shop'));
    writeFileSync(join(folder, 'shop', 'notes.txt'), 'mine');
    const refused = await init('shop');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('kubeforge init: shop/ is not empty; choose a new folder (kubeforge init my-project) or pass --force to write the template\'s files into it\n');
    expect(existsSync(join(folder, 'shop', 'package.json'))).toBe(false);
    expect((await init('shop', '--force')).code).toBe(0);
    expect(readFileSync(join(folder, 'shop', 'notes.txt'), 'utf8')).toBe('mine');
    expect(existsSync(join(folder, 'shop', 'apps', 'main.ts'))).toBe(true);
  });

  it('writes into a folder that holds only .git', async () => {
    folder = mkdtempSync(join(tmpdir(), 'kubeforge-init-'));
    mkdirSync(join(folder, 'shop', '.git'), { recursive: true });
    expect((await init('shop')).code).toBe(0);
  });

  it('refuses a package name npm would refuse, and more than one folder', async () => {
    const badName = await init('shop', '--name', 'Shop!');
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('"Shop!" is not a valid npm package name');
    expect((await init('a', 'b')).code).toBe(2);
  });

  it('keeps the interface other commands declare their flags with', () => {
    expect(Object.fromEntries(parseArgs(['--force', 'x'], { force: {} }).flags)).toEqual({ force: true });
  });
});
