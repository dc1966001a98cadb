// Builds the native YAML reader (lib/native/) into .build/native/ with node-gyp, which npm ships and runs for
// its install scripts. Where no C++ toolchain or Node.js headers are at hand the build is skipped with a note:
// kubeforge then reads every file with its JavaScript readers, which give the same values, only slower.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const SOURCE = join(REPO, 'lib', 'native');
const TARGET = join(REPO, '.build', 'native');

/** Where this Node.js is installed: its npm (with node-gyp) and often its headers live below. */
const NODE_PREFIX = dirname(dirname(process.execPath));

/** node-gyp as npm runs it for install scripts (npm_config_node_gyp), else the one npm ships, else the one on PATH. */
function nodeGyp(): { command: string; args: string[] } {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(NODE_PREFIX, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(NODE_PREFIX, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  const script = candidates.find((candidate) => candidate !== undefined && existsSync(candidate));
  return script ? { command: process.execPath, args: [script] } : { command: 'node-gyp', args: [] };
}

/** Node.js's own headers when they are installed with it, so that node-gyp need not download them. */
function nodeDirFlags(): string[] {
  if (process.env.npm_config_nodedir) return [];
  return existsSync(join(NODE_PREFIX, 'include', 'node', 'node_api.h')) ? [`--nodedir=${NODE_PREFIX}`] : [];
}

function build(): string | undefined {
  // A failed build must not leave an older addon behind.
  rmSync(join(TARGET, 'kubeforge_yaml.node'), { force: true });
  if (process.env.KUBEFORGE_NATIVE_YAML === '0') return 'KUBEFORGE_NATIVE_YAML=0';
  const gyp = nodeGyp();
  const run = spawnSync(gyp.command, [...gyp.args, 'rebuild', '--release', ...nodeDirFlags(), `--directory=${SOURCE}`], { encoding: 'utf8' });
  if (run.error) return `node-gyp could not start (${run.error.message})`;
  if (run.status !== 0) return (run.stderr || run.stdout).trim().split('\n').filter((line) => line.includes('ERR!')).slice(0, 3).join('; ') || `node-gyp exited with ${run.status}`;
  mkdirSync(TARGET, { recursive: true });
  copyFileSync(join(SOURCE, 'build', 'Release', 'kubeforge_yaml.node'), join(TARGET, 'kubeforge_yaml.node'));
  return undefined;
}

const skipped = build();
// node-gyp's work folder records this machine's paths; only the addon in .build/native/ is kept.
rmSync(join(SOURCE, 'build'), { recursive: true, force: true });
if (skipped !== undefined) console.warn(`kubeforge: native YAML reader not built (${skipped}); the JavaScript readers will read every file.`);
