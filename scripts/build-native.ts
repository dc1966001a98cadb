// Builds the native YAML reader (lib/native/) into .build/native/ with node-gyp, which npm ships and runs for
// its install scripts. Where no C++ toolchain or Node.js headers are at hand the build is skipped with a note:
// kubeforge then reads every file with its JavaScript readers, which give the same values, only slower.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const SOURCE = join(REPO, 'lib', 'native');
const TARGET = join(REPO, '.build', 'native');

/** node-gyp as npm runs it for install scripts (npm_config_node_gyp), else the one on PATH. */
function nodeGyp(): { command: string; args: string[] } {
  const bundled = process.env.npm_config_node_gyp;
  return bundled && existsSync(bundled) ? { command: process.execPath, args: [bundled] } : { command: 'node-gyp', args: [] };
}

function build(): string | undefined {
  // A failed build must not leave an older addon behind.
  rmSync(join(TARGET, 'kubeforge_yaml.node'), { force: true });
  if (process.env.KUBEFORGE_NATIVE_YAML === '0') return 'KUBEFORGE_NATIVE_YAML=0';
  const gyp = nodeGyp();
  const run = spawnSync(gyp.command, [...gyp.args, 'rebuild', '--release', `--directory=${SOURCE}`], { encoding: 'utf8' });
  if (run.error) return `node-gyp could not start (${run.error.message})`;
  if (run.status !== 0) return (run.stderr || run.stdout).trim().split('\n').filter((line) => line.includes('ERR!')).slice(0, 3).join('; ') || `node-gyp exited with ${run.status}`;
  mkdirSync(TARGET, { recursive: true });
  copyFileSync(join(SOURCE, 'build', 'Release', 'kubeforge_yaml.node'), join(TARGET, 'kubeforge_yaml.node'));
  return undefined;
}

const skipped = build();
if (skipped !== undefined) console.warn(`kubeforge: native YAML reader not built (${skipped}); the JavaScript readers will read every file.`);
