// Golden files of the rendered apps: test/apps/golden/<environment>/<app>.yaml, one YAML stream per app.
// Run the tests with UPDATE_GOLDEN=1 to rewrite them, then review the diff like code.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { emitDocuments } from '../../lib/synth';
import type { Manifest } from './render';

export const GOLDEN_DIRECTORY = join(__dirname, 'golden');

export function goldenPath(environment: string, app: string): string {
  return join(GOLDEN_DIRECTORY, environment, `${app}.yaml`);
}

/** The app's objects as the golden file holds them. */
export function goldenText(objects: readonly Manifest[]): string {
  return emitDocuments(objects);
}

/** The golden file's content, after rewriting it with `actual` when UPDATE_GOLDEN is set; undefined when it does not exist. */
export function readGolden(path: string, actual: string): string | undefined {
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
