// `--ignore-filename-pattern`: files left out by regular expressions on their paths. The expressions run on RE2's
// engine (linear time in the path, whatever the user wrote), on paths relative to the working folder.
import { relative, resolve, sep } from 'node:path';
import { re2 } from './go-regexp';

export class IgnorePatternError extends Error {
  override readonly name = 'IgnorePatternError';
}

/** A test of file paths against the patterns (unanchored: a pattern matches anywhere in the path, as in kubeconform). */
export function fileIgnorer(patterns: readonly string[], cwd: string): (file: string) => boolean {
  if (patterns.length === 0) return () => false;
  const compiled = patterns.map((pattern) => {
    try {
      return re2().compile(pattern);
    } catch (error) {
      throw new IgnorePatternError(`--ignore-filename-pattern ${JSON.stringify(pattern)} is not a regular expression RE2 accepts (${(error as Error).message}); write it in RE2 syntax, e.g. "(^|/)kustomization\\.ya?ml$"`);
    }
  });
  return (file) => {
    if (file === '-') return false;
    const path = relative(cwd, resolve(cwd, file)).split(sep).join('/');
    return compiled.some((pattern) => pattern.matcher(path).find());
  };
}
