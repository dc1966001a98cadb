// The argument parser: node:util parseArgs behind the FlagSpec interface every command uses.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError, type FlagSpec } from '../../lib/cli/args';
import { main } from '../../lib/cli/main';
import { closest } from '../../lib/suggest';

const SPECS: Record<string, FlagSpec> = {
  output: { value: true, short: 'o' },
  strict: { negatable: true },
  crd: { value: true, repeatable: true },
  summary: {},
  help: { short: 'h' },
};

const parsed = (...argv: string[]) => {
  const { flags, positionals } = parseArgs(argv, SPECS);
  return { flags: Object.fromEntries(flags), positionals };
};

const failure = (...argv: string[]) => {
  try {
    parseArgs(argv, SPECS);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parseArgs', () => {
  it('reads a value in every spelling: -o json, -ojson, -o=json, --output json, --output=json', () => {
    for (const argv of [['-o', 'json'], ['-ojson'], ['-o=json'], ['--output', 'json'], ['--output=json']]) {
      expect(parsed(...argv).flags, argv.join(' ')).toEqual({ output: 'json' });
    }
  });

  it('accumulates and splits repeatable values, negates with --no-, keeps positionals, - and everything after --', () => {
    expect(parsed('--crd', 'a.yaml,b.yaml', 'x', '--crd=c.yaml', '--no-strict', '-', '--', '--summary')).toEqual({
      flags: { crd: ['a.yaml', 'b.yaml', 'c.yaml'], strict: false },
      positionals: ['x', '-', '--summary'],
    });
    expect(parsed('--no-strict', '--strict').flags).toEqual({ strict: true });
  });

  it('fails on unknown flags with the closest known one, on missing values and on values of switches', () => {
    expect(failure('--ouput', 'json')).toBe('unknown flag --ouput; did you mean --output?; see --help');
    expect(failure('--outptu=json')).toBe('unknown flag --outptu; did you mean --output?; see --help');
    expect(failure('--colour')).toBe('unknown flag --colour; see --help');
    expect(failure('-x')).toBe('unknown flag -x; see --help');
    expect(failure('--output')).toBe('--output needs a value');
    expect(failure('-o', '--summary')).toBe('--output needs a value');
    expect(failure('--summary=yes')).toBe('--summary takes no value');
  });
});

describe('closest', () => {
  it('suggests within a quarter of the length, counting a swap as one edit', () => {
    expect(closest('synt', ['validate', 'synth', 'diff'])).toBe('synth');
    expect(closest('outptu', ['output', 'layout'])).toBe('output');
    expect(closest('deploy', ['validate', 'synth', 'diff'])).toBeUndefined();
  });
});

describe('kubeforge', () => {
  const run = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const sink = (append: (text: string) => void) => ({ write: (chunk: string) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
    const code = await main(argv, { stdout: sink((text) => (stdout += text)), stderr: sink((text) => (stderr += text)), cwd: __dirname, env: {} });
    return { code, stdout, stderr };
  };

  it('prints the package version with --version', async () => {
    const { version } = await import('../../package.json');
    expect(await run('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('suggests the command meant by a typo, exit 2', async () => {
    const result = await run('synt');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kubeforge: unknown command "synt"; did you mean synth\?\n/);
  });

  it('names the flag meant by a typo in a command, exit 2', async () => {
    const result = await run('validate', '--ouput', 'json');
    expect(result).toMatchObject({ code: 2, stderr: 'kubeforge validate: unknown flag --ouput; did you mean --output?; see --help\n' });
  });

  it('takes -o=json as -o json', async () => {
    const manifest = join(__dirname, '..', 'validate', 'fixtures', 'deployment-valid.yaml');
    const result = await run('validate', '-o=json', manifest);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).summary).toMatchObject({ resources: 1, valid: 1 });
  });

  it('refuses to wait for manifests on a terminal when validate is given no path', async () => {
    let stderr = '';
    const sink = { write: (chunk: string) => ((stderr += chunk), true) } as unknown as NodeJS.WritableStream;
    const code = await main(['validate'], { stdout: sink, stderr: sink, cwd: __dirname, env: {}, stdinIsTerminal: true });
    expect(code).toBe(2);
    expect(stderr).toContain('no PATH given, and standard input is a terminal');
  });
});
