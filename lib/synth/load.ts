// Loads the compiled program entry (JavaScript): its default export, or an export named `program`.
import { createRequire } from 'node:module';
import { ConfigError } from './config';
import { type Program, programProblems } from './program';

export function loadProgram(entry: string): Program<unknown> {
  const load = createRequire(entry);
  // A fresh load each time, so that a long-lived process (tests, watch) sees the current build.
  delete load.cache[load.resolve(entry)];
  let exported: Record<string, unknown>;
  try {
    exported = load(entry) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`cannot load the program entry ${entry}: ${(error as Error).stack ?? String(error)}`);
  }
  const program = exported?.default ?? exported?.program;
  const problems = programProblems(program);
  if (problems.length > 0) {
    throw new ConfigError(`${entry}: ${problems.join('; ')} (export the program as default: \`export default defineProgram({ environments, apps })\`)`);
  }
  return program as Program<unknown>;
}
