// Temporary projects for end-to-end tests of `kubeforge synth` and `kubeforge diff`.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { runDiffCommand } from '../../lib/cli/diff';
import { runSynthCommand } from '../../lib/cli/synth';

export const FIXTURES = join(__dirname, 'fixtures');
export const REPOSITORY = join(__dirname, '..', '..');

export const DELIVERY_CONFIG = `kubeforge:
  repository:
    url: https://git.example.com/shop.git
    revision: main
  argocd: {}
  flux: {}
`;

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Project {
  readonly directory: string;
  synth(...argv: string[]): Promise<Run>;
  diff(...argv: string[]): Promise<Run>;
  /** Every file under the project's dist/, path (POSIX, relative to dist/) to content. */
  tree(): Map<string, string>;
  read(path: string): string;
  remove(): void;
}

/** A temporary project whose cdk8s.yaml points at a fixture program (`shop` by default). */
export function project(options: { fixture?: string; config?: string; env?: Record<string, string> } = {}): Project {
  const directory = mkdtempSync(join(tmpdir(), 'kubeforge-synth-'));
  const entry = join(FIXTURES, `${options.fixture ?? 'shop'}.js`);
  writeFileSync(join(directory, 'cdk8s.yaml'), `app: node ${JSON.stringify(entry)}\noutput: dist\n${options.config ?? ''}`);
  const run = async (command: typeof runSynthCommand, argv: string[]): Promise<Run> => {
    let stdout = '';
    let stderr = '';
    const sink = (append: (text: string) => void) => ({ write: (chunk: string) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
    const code = await command(argv, {
      stdout: sink((text) => (stdout += text)),
      stderr: sink((text) => (stderr += text)),
      cwd: directory,
      env: { ...options.env },
    });
    return { code, stdout, stderr };
  };
  return {
    directory,
    synth: (...argv) => run(runSynthCommand, argv),
    diff: (...argv) => run(runDiffCommand, argv),
    tree: () => readTree(join(directory, 'dist')),
    read: (path) => readFileSync(join(directory, 'dist', path), 'utf8'),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

export function fixtureEntry(name: string): string {
  return join(FIXTURES, `${name}.js`);
}

export function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  visit(root);
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
