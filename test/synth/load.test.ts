// Loading the compiled program entry: a build older than its TypeScript source is refused, naming the file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadProgram } from '../../lib/synth';

let folder: string | undefined;
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const SOURCE = "export default { environments: { dev: {} }, apps: { web: () => undefined } };\n";

/** A project with apps/main.ts and its compiled .build/apps/main.js, whose source map inlines `compiledFrom`. */
function project(compiledFrom: string, { map = true } = {}): string {
  folder = mkdtempSync(join(tmpdir(), 'kubeforge-load-'));
  mkdirSync(join(folder, 'apps'));
  mkdirSync(join(folder, '.build', 'apps'), { recursive: true });
  writeFileSync(join(folder, 'apps', 'main.ts'), SOURCE);
  writeFileSync(join(folder, '.build', 'apps', 'main.js'), 'exports.default = { environments: { dev: {} }, apps: { web: () => undefined } };\n//# sourceMappingURL=main.js.map\n');
  if (map) writeFileSync(join(folder, '.build', 'apps', 'main.js.map'), JSON.stringify({ version: 3, file: 'main.js', sources: ['../../apps/main.ts'], sourcesContent: [compiledFrom], mappings: '' }));
  return join(folder, '.build', 'apps', 'main.js');
}

describe('loadProgram', () => {
  it('loads a build made from the current sources', () => {
    expect(Object.keys(loadProgram(project(SOURCE), folder).apps)).toEqual(['web']);
  });

  it('refuses a build older than its source, naming the source, the compiled file and the fix', () => {
    const entry = project(SOURCE.replace('web', 'api'));
    expect(() => loadProgram(entry, folder)).toThrow(ConfigError);
    expect(() => loadProgram(entry, folder)).toThrow(/^apps\/main\.ts changed after it was compiled to \.build\/apps\/main\.js, or its last compile failed: compile first \(`npm run build`/);
  });

  it('does not check files without a source map', () => {
    expect(Object.keys(loadProgram(project('', { map: false }), folder).apps)).toEqual(['web']);
  });
});
