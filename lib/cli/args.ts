// Argument parsing on Node.js's own `util.parseArgs`; this file adds what it lacks: `--no-<flag>`,
// comma-separated repeatable values, `-o=json`, and did-you-mean suggestions in usage errors.
import { parseArgs as parseNodeArgs } from 'node:util';
import { closest } from '../suggest';

export class UsageError extends Error {}

export interface FlagSpec {
  /** Flag takes a value (`--output json` or `--output=json`). */
  readonly value?: boolean;
  /** Flag may be given more than once (values accumulate; comma-separated lists are split). */
  readonly repeatable?: boolean;
  /** `--no-<name>` sets the flag to false. */
  readonly negatable?: boolean;
  /** Short alias, e.g. `o` for `-o`. */
  readonly short?: string;
}

export interface ParsedArgs {
  readonly flags: Map<string, string | boolean | string[]>;
  readonly positionals: string[];
}

type NodeOptions = NonNullable<Parameters<typeof parseNodeArgs>[0]>['options'] & object;

/** Prefix of the option that stands for `--no-<name>` (Node.js 20's parser has no negation of its own). */
const NEGATED = 'no-';

export function parseArgs(argv: readonly string[], specs: Record<string, FlagSpec>): ParsedArgs {
  const options: NodeOptions = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.value ? 'string' : 'boolean', ...(spec.repeatable ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) };
    if (spec.negatable) options[`${NEGATED}${name}`] = { type: 'boolean' };
  }
  let tokens;
  try {
    ({ tokens } = parseNodeArgs({ args: argv.map(shortWithEquals), options, strict: true, allowPositionals: true, tokens: true }));
  } catch (error) {
    throw usageErrorOf(error as Error & { code?: string }, specs);
  }
  const flags = new Map<string, string | boolean | string[]>();
  const positionals: string[] = [];
  // Tokens keep the command line's order, so that the last of `--strict --no-strict` wins.
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    if (!(token.name in specs)) {
      flags.set(token.name.slice(NEGATED.length), false);
      continue;
    }
    const spec = specs[token.name];
    if (!spec.value) {
      flags.set(token.name, true);
    } else if (spec.repeatable) {
      const list = (flags.get(token.name) as string[] | undefined) ?? [];
      list.push(...(token.value ?? '').split(',').map((part) => part.trim()).filter(Boolean));
      flags.set(token.name, list);
    } else {
      flags.set(token.name, token.value ?? '');
    }
  }
  return { flags, positionals };
}

/** `-o=json` as `-ojson`: Node.js would keep the `=` in the value. */
function shortWithEquals(arg: string): string {
  return /^-[A-Za-z]=/.test(arg) ? `${arg.slice(0, 2)}${arg.slice(3)}` : arg;
}

function usageErrorOf(error: Error & { code?: string }, specs: Record<string, FlagSpec>): Error {
  if (!error.code?.startsWith('ERR_PARSE_ARGS_')) return error;
  const flag = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const known = Object.entries(specs).flatMap(([name, spec]) => [`--${name}`, ...(spec.negatable ? [`--${NEGATED}${name}`] : [])]);
      const name = flag.split('=')[0];
      const hint = name.startsWith('--') ? closest(name, known) : undefined;
      return new UsageError(`unknown flag ${name}${hint ? `; did you mean ${hint}?` : ''}; see --help`);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const long = /--[A-Za-z0-9-]+/.exec(error.message)?.[0] ?? flagName(flag, specs);
      const spec = specs[long.slice(2)];
      return new UsageError(spec?.value ? `${long} needs a value` : `${long} takes no value`);
    }
    default:
      return new UsageError(`${error.message.split('\n')[0]}; see --help`);
  }
}

/** `--output` for `-o`, or the flag as given. */
function flagName(flag: string, specs: Record<string, FlagSpec>): string {
  const bare = flag.split('=')[0].replace(/ .*$/, '');
  if (bare.startsWith('--')) return bare;
  const long = Object.entries(specs).find(([, spec]) => spec.short === bare.slice(1, 2))?.[0];
  return long ? `--${long}` : bare;
}
