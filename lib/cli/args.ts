// A small, strict argument parser: known flags only, values checked, errors that say what to type instead.

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

export function parseArgs(argv: readonly string[], specs: Record<string, FlagSpec>): ParsedArgs {
  const flags = new Map<string, string | boolean | string[]>();
  const positionals: string[] = [];
  const shorts = new Map(Object.entries(specs).filter(([, spec]) => spec.short).map(([name, spec]) => [spec.short!, name]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else {
      const short = shorts.get(arg.slice(1, 2));
      if (!short) throw new UsageError(`unknown flag ${arg}; see --help`);
      name = short;
      inline = arg.length > 2 ? arg.slice(2) : undefined;
    }
    if (name.startsWith('no-') && specs[name.slice(3)]?.negatable) {
      flags.set(name.slice(3), false);
      continue;
    }
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown flag --${name}; see --help`);
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    if (spec.repeatable) {
      const list = (flags.get(name) as string[] | undefined) ?? [];
      list.push(...value.split(',').map((part) => part.trim()).filter(Boolean));
      flags.set(name, list);
    } else {
      flags.set(name, value);
    }
  }
  return { flags, positionals };
}
