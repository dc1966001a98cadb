import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../lib/cli/main';

export const REPO = resolve(__dirname, '..', '..');
export const FIXTURES = join(__dirname, 'fixtures');
export const COMPILED_CLI = join(REPO, '.build', 'lib', 'cli', 'main.js');

export function fixture(...names: string[]): string {
  return join(FIXTURES, ...names);
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** Runs the kubeforge command in this process (no stdin). */
export async function kubeforge(...argv: string[]): Promise<CliRun> {
  const stdout = collector();
  const stderr = collector();
  const code = await main(argv, { stdout: stdout.stream, stderr: stderr.stream, cwd: REPO, env: process.env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the compiled CLI as a process, as users and CI do. */
export function kubeforgeProcess(argv: string[], input?: string): CliRun {
  if (!existsSync(COMPILED_CLI)) throw new Error('the compiled CLI is missing: run npm run build (npm ci runs it)');
  const run = spawnSync(process.execPath, [COMPILED_CLI, ...argv], { input, encoding: 'utf8', cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

export interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  path: string;
  line?: number;
  column?: number;
}

export interface JsonResource {
  file: string;
  document: number;
  kind?: string;
  name?: string;
  namespace?: string;
  status: string;
  findings: JsonFinding[];
}

export interface JsonReport {
  kubernetesVersion: string;
  strict: boolean;
  summary: { resources: number; valid: number; invalid: number; errors: number; skipped: number; silenced: number };
  resources: JsonResource[];
}

export async function validateJson(...argv: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await kubeforge('validate', '-o', 'json', ...argv);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}
