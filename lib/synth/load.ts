// Loads the compiled program entry (JavaScript): its default export, or an export named `program`; and refuses
// to run a build that is older than its TypeScript sources.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { ConfigError } from './config';
import { thrownAt } from './location';
import { type Program, programProblems } from './program';

export function loadProgram(entry: string, projectDirectory = process.cwd()): Program<unknown> {
  const load = createRequire(entry);
  // A fresh load each time, so that a long-lived process (tests, watch) sees the current build.
  delete load.cache[load.resolve(entry)];
  // Stack traces of the user's apps, loaded from here on, point at their TypeScript lines.
  process.setSourceMapsEnabled(true);
  let exported: Record<string, unknown>;
  try {
    exported = load(entry) as Record<string, unknown>;
  } catch (error) {
    // defineProgram's own message says what to fix; for anything else the stack shows where it failed.
    const declared = error instanceof Error && error.message.startsWith('defineProgram: ');
    const where = declared ? thrownAt(error) : undefined;
    const detail = declared ? `${(error as Error).message}${where ? ` (at ${where})` : ''}` : ((error as Error).stack ?? String(error));
    throw new ConfigError(`cannot load the program entry ${relative(projectDirectory, entry)}: ${detail}`);
  } finally {
    refuseStaleBuild(Object.keys(load.cache), projectDirectory);
  }
  const program = exported?.default ?? exported?.program;
  const problems = programProblems(program);
  if (problems.length > 0) {
    throw new ConfigError(`${relative(projectDirectory, entry)}: ${problems.join('; ')}`);
  }
  return program as Program<unknown>;
}

/**
 * Throws when a loaded compiled file is older than its TypeScript source: the source map's inlined source
 * (tsconfig `sourceMap` and `inlineSources`) differs from the file on disk. Files without such a map are not checked.
 */
export function refuseStaleBuild(loadedFiles: readonly string[], projectDirectory: string): void {
  for (const file of loadedFiles) {
    if (!file.endsWith('.js') || file.split(sep).includes('node_modules')) continue;
    const source = changedSource(file);
    if (source === undefined) continue;
    const shown = (path: string) => relative(projectDirectory, path).split(sep).join('/');
    throw new ConfigError(
      `${shown(source)} changed after it was compiled to ${shown(file)}, or its last compile failed: compile first ` +
        '(`npm run build`; `npm run synth` compiles, then synthesizes) and fix what the compiler reports',
    );
  }
}

function changedSource(compiled: string): string | undefined {
  const mapFile = `${compiled}.map`;
  if (!existsSync(mapFile)) return undefined;
  try {
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources?: string[]; sourcesContent?: (string | null)[]; sourceRoot?: string };
    const content = map.sourcesContent?.[0];
    if (!map.sources?.[0] || typeof content !== 'string') return undefined;
    const source = resolve(dirname(mapFile), map.sourceRoot ?? '', map.sources[0]);
    if (!existsSync(source)) return undefined;
    return readFileSync(source, 'utf8') === content ? undefined : source;
  } catch {
    return undefined;
  }
}
