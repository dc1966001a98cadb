// `kubeforge init [DIR]`: writes a new project from the template folder next to this file (lib/cli/template,
// shipped in the package): a `.tmpl` suffix is dropped, a leading `_` becomes `.` (npm never packs `.gitignore`).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_KUBERNETES_VERSION } from '../k8s/versions';
import { parseArgs, UsageError } from './args';
import type { CommandIo } from './io';
import { packageVersion } from './main';

export const INIT_HELP = `Usage: kubeforge init [flags] [DIR]

Writes a new kubeforge project into DIR (default: the working folder): package.json, tsconfig.json,
cdk8s.yaml, apps/main.ts with one app rendered for dev and prod, a test, .gitignore, a GitHub Actions
workflow and a README. Then: npm install && npm run synth && npm test.

Flags:
      --name NAME     package name (default: the folder's name)
      --force         write into a folder that is not empty (files of the template are overwritten)
  -h, --help          this help
`;

const FLAGS = { name: { value: true }, force: {}, help: { short: 'h' } };

/** The template folder: lib/cli/template in the sources and in the package (compiled code is in .build/lib/cli). */
export function templateFolder(): string {
  const beside = join(__dirname, 'template');
  return existsSync(beside) ? beside : join(__dirname, '..', '..', '..', 'lib', 'cli', 'template');
}

/** Template files as project paths, sorted, each with its text. */
export function templateFiles(folder = templateFolder()): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.tmpl')) files.push({ path: projectPath(relative(folder, full)), text: readFileSync(full, 'utf8') });
    }
  };
  walk(folder);
  return files;
}

function projectPath(templatePath: string): string {
  return templatePath
    .slice(0, -'.tmpl'.length)
    .split(sep)
    .map((part) => (part.startsWith('_') ? `.${part.slice(1)}` : part))
    .join('/');
}

/** npm's rules for a package name, simplified: lowercase, URL-safe, no leading dot or underscore. */
function packageNameProblem(name: string): string | undefined {
  if (/^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/.test(name) && name.length <= 214) return undefined;
  return `"${name}" is not a valid npm package name (lowercase letters, digits, "-", "." and "_"); pass --name`;
}

export async function runInitCommand(argv: string[], io: CommandIo): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.get('help')) {
    io.stdout.write(INIT_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`one folder at most; got ${positionals.map((path) => JSON.stringify(path)).join(' ')}`);
  const directory = resolve(io.cwd, positionals[0] ?? '.');
  const shown = relative(io.cwd, directory) || '.';
  const name = (flags.get('name') as string | undefined) ?? basename(directory).toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+/, '');
  const nameProblem = packageNameProblem(name);
  if (nameProblem) throw new UsageError(nameProblem);
  // A fresh `git init` leaves .git; that folder is still empty for a project.
  if (existsSync(directory) && readdirSync(directory).some((entry) => entry !== '.git') && flags.get('force') !== true) {
    io.stderr.write(`kubeforge init: ${shown}/ is not empty; choose a new folder (kubeforge init my-project) or pass --force to write the template's files into it\n`);
    return 2;
  }
  const values: Record<string, string> = { name, version: packageVersion(), kubernetesVersion: DEFAULT_KUBERNETES_VERSION };
  for (const file of templateFiles()) {
    const target = join(directory, ...file.path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key]));
  }
  const cd = shown === '.' ? '' : `cd ${shown} && `;
  io.stdout.write(`wrote a kubeforge project in ${shown}/\nnext: ${cd}npm install && npm run synth && npm test\n`);
  return 0;
}
