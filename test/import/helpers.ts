// Helpers for the import tests: run the command in a temporary folder, type-check generated code with
// the project's own strict tsconfig.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { runImportCommand } from '../../lib/cli/import';

export const REPOSITORY = join(__dirname, '..', '..');
export const FIXTURES = join(__dirname, 'fixtures');
export const GENERATED = join(__dirname, 'generated');
/** How the committed generated code imports kubeforge (the generated folder is three levels below the repository). */
export const IMPORT_FROM = '../../../lib/import/custom-resource';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function importCommand(cwd: string, ...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) => ({ write: (chunk: string) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  const code = await runImportCommand(argv, { stdout: sink((text) => (stdout += text)), stderr: sink((text) => (stderr += text)), cwd, env: {} });
  return { code, stdout, stderr };
}

/** A folder inside the repository's build folder, so that generated code resolves cdk8s and constructs. */
export function scratchFolder(): { path: string; remove: () => void } {
  const parent = join(REPOSITORY, '.build', 'test-import');
  mkdirSync(parent, { recursive: true });
  const path = mkdtempSync(join(parent, 'run-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The module specifier from `folder` to a file of the repository, e.g. `../../lib/import/custom-resource`. */
export function specifierTo(folder: string, repositoryFile: string): string {
  const path = relative(folder, join(REPOSITORY, repositoryFile)).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** Type-checks files (name to content) in `folder` with the project's tsconfig; returns the diagnostics as text. */
export function typeCheck(folder: string, files: Record<string, string>): string[] {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  const configPath = join(REPOSITORY, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, REPOSITORY);
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, incremental: false, tsBuildInfoFile: undefined, declaration: false };
  const program = ts.createProgram(Object.keys(files).map((name) => join(folder, name)), options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const where = diagnostic.file ? `${relative(folder, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
    return `${where} ${text}`;
  });
}
