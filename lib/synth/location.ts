// Where an error was thrown in the user's code, for messages that point at a line of it.
import { join, relative, sep } from 'node:path';

/** Where in the user's code an error was thrown: the first stack frame outside Node.js, node_modules and kubeforge. */
export function thrownAt(error: unknown): string | undefined {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : '';
  for (const line of stack.split('\n').slice(1)) {
    const location = /\(?((?:[A-Za-z]:)?[^():]+):(\d+):(\d+)\)?$/.exec(line.trim());
    if (!location || location[1].startsWith('node:')) continue;
    const file = location[1].replace(/^.*\bat /, '');
    if (/[\\/]node_modules[\\/]/.test(file) || file.startsWith(KUBEFORGE_ROOT)) continue;
    return `${relative(process.cwd(), file).split(sep).join('/')}:${location[2]}:${location[3]}`;
  }
  return undefined;
}

/** The folder of kubeforge's own code (lib/, compiled or not), whose frames are not the user's. */
const KUBEFORGE_ROOT = join(__dirname, '..');
