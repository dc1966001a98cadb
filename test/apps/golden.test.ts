import { describe, expect, it } from 'vitest';
import { goldenPath, goldenText, readGolden } from './golden';
import { APP_NAMES, ENVIRONMENT_NAMES, renderApp } from './render';

/** Where two texts first differ, with a few lines of each, for a failure message that points at the change. */
function firstDifference(actual: string, expected: string): string {
  const actualLines = actual.split('\n');
  const expectedLines = expected.split('\n');
  let line = 0;
  while (line < actualLines.length && actualLines[line] === expectedLines[line]) line++;
  const excerpt = (lines: string[]) => lines.slice(Math.max(0, line - 3), line + 3).join('\n');
  return `first difference at line ${line + 1}\n--- golden\n${excerpt(expectedLines)}\n+++ rendered\n${excerpt(actualLines)}`;
}

describe('golden files of the example apps', () => {
  for (const environment of ENVIRONMENT_NAMES) {
    for (const app of APP_NAMES) {
      it(`${environment}/${app} renders as reviewed`, () => {
        const actual = goldenText(renderApp(app, environment).objects);
        const path = goldenPath(environment, app);
        const expected = readGolden(path, actual);
        if (expected === undefined) throw new Error(`no golden file ${path}; run the tests with UPDATE_GOLDEN=1 and review it`);
        expect(actual === expected, `${environment}/${app} differs from its golden file (rerun with UPDATE_GOLDEN=1 and review the diff): ${firstDifference(actual, expected)}`).toBe(true);
      });
    }
  }
});
