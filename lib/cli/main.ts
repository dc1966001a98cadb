#!/usr/bin/env node
// The kubeforge command: dispatches to one module per subcommand; usage errors exit 2.
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

Run kubeforge <command> --help for the flags of a command.
`;

type Command = (argv: string[], io: CommandIo) => Promise<number>;

function lazy(load: () => Command): Command {
  return (argv, io) => load()(argv, io);
}

/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, Command> = {
  validate: runValidateCommand,
  synth: lazy(() => require('./synth').runSynthCommand),
  diff: lazy(() => require('./diff').runDiffCommand),
  rules: lazy(() => require('./rules').runRulesCommand),
  graph: lazy(() => require('./graph').runGraphCommand),
};

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`kubeforge: unknown command ${JSON.stringify(name)}\n\n${HELP}`);
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
  const io: CommandIo = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
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
