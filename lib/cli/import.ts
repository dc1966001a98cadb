// `kubeforge import PATH...`: TypeScript classes for the custom resources of CustomResourceDefinitions.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate } from '../import/generate';
import { ImportError, readDefinitions } from '../import/definition';
import { parseArgs, UsageError } from './args';
import type { CommandIo } from './io';

export const IMPORT_HELP = `Usage: kubeforge import [flags] PATH...

Reads the CustomResourceDefinitions in PATHs (files or folders, multi-document) and writes one
TypeScript file per API group: a class per kind and served version (\`Widget\` for the storage version,
\`WidgetV1alpha1\` for the others) with props typed from the schema. Synth validates objects of these
classes against their CRD.

Flags:
      --output DIR        folder of the generated files (default: imports)
      --import-from MOD   module the generated code imports kubeforge from (default: kubeforge)
      --check             write nothing; exit 1 when a generated file would change
  -h, --help              this help

Exit codes: 0 written (or up to date), 1 a CRD cannot be imported (nothing written) or drift with
--check, 2 usage error.
`;

const FLAGS = {
  output: { value: true },
  'import-from': { value: true },
  check: {},
  help: { short: 'h' },
};

function readIfFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export async function runImportCommand(argv: string[], io: CommandIo): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.get('help')) {
    io.stdout.write(IMPORT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('name the CRD files or folders to import, e.g. kubeforge import crds/');
  const output = (flags.get('output') as string | undefined) ?? 'imports';
  const { definitions, problems } = readDefinitions(positionals, io.cwd);
  if (problems.length > 0) {
    for (const problem of problems) io.stderr.write(`${problem}\n`);
    io.stderr.write(`import failed: nothing written to ${output}/\n`);
    return 1;
  }
  if (definitions.length === 0) {
    io.stderr.write(`no CustomResourceDefinition found in ${positionals.join(', ')}\n`);
    return 1;
  }
  let files;
  try {
    files = generate(definitions, { importFrom: flags.get('import-from') as string | undefined });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    io.stderr.write(`${error.message}\nimport failed: nothing written to ${output}/\n`);
    return 1;
  }
  const directory = resolve(io.cwd, output);
  const changed = files.filter((file) => readIfFile(join(directory, file.name)) !== file.content);
  if (flags.get('check') === true) {
    for (const file of changed) io.stdout.write(`would change ${output}/${file.name}\n`);
    if (changed.length > 0) io.stdout.write('run `kubeforge import` again and commit the result\n');
    return changed.length > 0 ? 1 : 0;
  }
  mkdirSync(directory, { recursive: true });
  for (const file of changed) writeFileSync(join(directory, file.name), file.content);
  const kinds = definitions.map((definition) => definition.versions.map((version) => version.className).join(', ')).join(', ');
  io.stdout.write(`${output}/: ${files.length} file${files.length === 1 ? '' : 's'} (${changed.length} changed): ${kinds}\n`);
  return 0;
}
