#!/usr/bin/env node
// The kubeforge command: dispatches to one module per subcommand; usage errors exit 2.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { closest } from '../suggest';
import { UsageError } from './args';
import type { CommandIo } from './io';
import { runValidateCommand } from './validate';

const HELP = `Usage: kubeforge <command> [flags]

Commands:
  validate [PATH...]   validate manifest files against strict Kubernetes schemas
  synth                render the apps of apps/main.ts into dist/ (validated)
  diff                 show what synth would change in dist/
  rules                list the rules with id, severity and description
  graph [PATH...]      draw how the objects connect (mermaid, dot, json, svg, html)
  init [DIR]           start a project: a small app, a test, CI, cdk8s.yaml
  import PATH...       generate TypeScript classes for the custom resources of CRDs

Run kubeforge <command> --help for the flags of a command; kubeforge --version prints the version.
`;

type Command = (argv: string[], io: CommandIo) => Promise<number>;

/** A command whose module loads only when it runs, so that `kubeforge validate` starts without the synth code. */
function lazy(load: () => Promise<Command>): Command {
  return async (argv, io) => (await load())(argv, io);
}

const COMMANDS: Record<string, Command> = {
  validate: runValidateCommand,
  synth: lazy(async () => (await import('./synth')).runSynthCommand),
  diff: lazy(async () => (await import('./diff')).runDiffCommand),
  rules: lazy(async () => (await import('./rules')).runRulesCommand),
  graph: lazy(async () => (await import('./graph')).runGraphCommand),
  init: lazy(async () => (await import('./init')).runInitCommand),
  import: lazy(async () => (await import('./import')).runImportCommand),
};

/** The version of the installed package: the first package.json above this file (compiled or not). */
export function packageVersion(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return (JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const suggestion = closest(name, Object.keys(COMMANDS));
    io.stderr.write(`kubeforge: unknown command ${JSON.stringify(name)}${suggestion ? `; did you mean ${suggestion}?` : ''}\n\n${HELP}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`kubeforge ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  // A closed pipe (`kubeforge rules | head`) ends the output, not the process with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  const io: CommandIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env, stdinIsTerminal: process.stdin.isTTY === true };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`kubeforge: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
