// `kubeforge import`: what it generates from the test CRDs (golden), that the code compiles under the
// project's strict tsconfig, that re-running changes nothing, and that hostile CRDs cannot inject code.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { definitionFrom, generate, ImportError, MAX_DEPTH, readDefinitions } from '../../lib/import';
import * as customResource from '../../lib/import/custom-resource';
import { FIXTURES, GENERATED, IMPORT_FROM, importCommand, REPOSITORY, scratchFolder, specifierTo, typeCheck } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function scratch(): string {
  const folder = scratchFolder();
  cleanups.push(folder.remove);
  return folder.path;
}

function crd(spec: Record<string, unknown>, name = 'widgets.example.kubeforge.dev'): Record<string, unknown> {
  return { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name }, spec };
}

function widgetCrd(schema: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return crd({
    group: 'example.kubeforge.dev',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    ...extra,
  });
}

describe('kubeforge import', () => {
  it('generates the reviewed code for the test CRDs', () => {
    const { definitions, problems } = readDefinitions([join(FIXTURES, 'crds')]);
    expect(problems).toEqual([]);
    const files = generate(definitions, { importFrom: IMPORT_FROM });
    expect(files.map((file) => file.name)).toEqual(['example.kubeforge.dev.ts']);
    expect(files[0].content).toBe(readFileSync(join(GENERATED, 'example.kubeforge.dev.ts'), 'utf8'));
  });

  it('keeps the example app\'s generated classes up to date with its CRD (npm run imports regenerates them)', () => {
    const { definitions, problems } = readDefinitions([join(REPOSITORY, 'apps', 'crds')]);
    expect(problems).toEqual([]);
    const files = generate(definitions, { importFrom: '../../lib' });
    expect(files.map((file) => file.name)).toEqual(['monitoring.kubeforge.dev.ts']);
    expect(files[0].content).toBe(readFileSync(join(REPOSITORY, 'apps', 'imports', 'monitoring.kubeforge.dev.ts'), 'utf8'));
  });

  it('makes a class per served version: the storage version takes the kind, others add the version', () => {
    const code = readFileSync(join(GENERATED, 'example.kubeforge.dev.ts'), 'utf8');
    expect(code).toMatch(/export class Widget extends kubeforge\.CustomResource \{\n {2}static readonly GVK = \{ apiVersion: "example\.kubeforge\.dev\/v1"/);
    expect(code).toMatch(/export class WidgetV1beta1 extends kubeforge\.CustomResource \{\n {2}static readonly GVK = \{ apiVersion: "example\.kubeforge\.dev\/v1beta1"/);
    expect(code).not.toContain('class WidgetV1alpha1'); // served: false
    expect(code).toContain('export class Gadget extends kubeforge.CustomResource');
  });

  it('types props from the schema: required fields, enums, int-or-string, maps, arrays, open and embedded objects', () => {
    const code = readFileSync(join(GENERATED, 'example.kubeforge.dev.ts'), 'utf8');
    expect(code).toContain('  readonly spec: WidgetSpec;');
    expect(code).toContain(`  readonly mode: "fast" | "safe" | "it's";`);
    expect(code).toContain('  readonly port: number | string;');
    expect(code).toContain('  readonly labels?: { readonly [key: string]: string };');
    expect(code).toContain('  readonly limits?: { readonly [key: string]: WidgetSpecLimits };');
    expect(code).toContain('  readonly backends?: readonly WidgetSpecBackends[];');
    expect(code).toContain('  readonly weight?: number | null;');
    expect(code).toContain('  readonly "tls-mode"?: "strict" | "permissive";');
    expect(code).toContain('  readonly config?: { readonly [key: string]: unknown };');
    expect(code).toMatch(/export interface WidgetSpecSettings \{\n {2}readonly level\?: number;\n {2}readonly \[key: string\]: unknown;\n\}/);
    expect(code).toMatch(/export interface WidgetSpecTemplate \{\n {2}readonly apiVersion\?: string;\n {2}readonly kind\?: string;\n {2}readonly metadata\?: cdk8s\.ApiObjectMetadata;/);
    expect(code).not.toMatch(/readonly status/); // the cluster writes status
  });

  it('copies the structure of the schema, never its prose', () => {
    const code = readFileSync(join(GENERATED, 'example.kubeforge.dev.ts'), 'utf8');
    expect(readFileSync(join(FIXTURES, 'crds', 'widgets.yaml'), 'utf8')).toContain('SENTINEL-PROSE');
    expect(code).not.toContain('SENTINEL-PROSE');
    expect(code).toContain('pattern: "^[a-z][-a-z0-9]*$"');
    // A property that happens to be called `description` is structure, and stays.
    expect(code).toContain('  readonly description?: string;');
  });

  it('compiles under the project tsconfig, and its types catch mistakes', () => {
    const folder = scratch();
    const { definitions } = readDefinitions([join(FIXTURES, 'crds')]);
    const [file] = generate(definitions, { importFrom: specifierTo(folder, 'lib/import/custom-resource') });
    const use = (spec: string) => `import { Chart, Testing } from 'cdk8s';
import { Widget } from './example.kubeforge.dev';
const chart = new Chart(Testing.app(), 'test');
new Widget(chart, 'widget', { spec: ${spec} });
`;
    const good = typeCheck(folder, { 'example.kubeforge.dev.ts': file.content, 'use.ts': use(`{ mode: 'fast', port: 'http', backends: [{ host: 'a', weight: null }], template: { apiVersion: 'v1', kind: 'Pod', spec: {} } }`) });
    expect(good).toEqual([]);
    expect(typeCheck(folder, { 'use.ts': use(`{ mode: 'slow', port: 80 }`) }).join('\n')).toMatch(/use\.ts:4 .*"slow"/);
    expect(typeCheck(folder, { 'use.ts': use(`{ mode: 'fast' }`) }).join('\n')).toMatch(/use\.ts:4 .*port/);
  }, 60_000);

  it('writes the same bytes again: a second run changes nothing, and --check agrees', async () => {
    const folder = scratch();
    const first = await importCommand(folder, join(FIXTURES, 'crds'), '--output', 'out', '--import-from', 'kubeforge');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('1 file (1 changed)');
    const written = readFileSync(join(folder, 'out', 'example.kubeforge.dev.ts'), 'utf8');
    const second = await importCommand(folder, join(FIXTURES, 'crds'), '--output', 'out', '--import-from', 'kubeforge');
    expect(second.stdout).toContain('1 file (0 changed)');
    expect(readFileSync(join(folder, 'out', 'example.kubeforge.dev.ts'), 'utf8')).toBe(written);
    expect((await importCommand(folder, join(FIXTURES, 'crds'), '--output', 'out', '--check')).code).toBe(0);
    writeFileSync(join(folder, 'out', 'example.kubeforge.dev.ts'), `${written}// edited\n`);
    const drift = await importCommand(folder, join(FIXTURES, 'crds'), '--output', 'out', '--check');
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('would change out/example.kubeforge.dev.ts');
  });

  it('takes the newest served version when no served version is the storage version', () => {
    const definition = definitionFrom(
      crd({
        group: 'example.kubeforge.dev',
        names: { kind: 'Widget', plural: 'widgets' },
        versions: ['v1alpha1', 'v2beta1', 'v1', 'v1beta2'].map((name) => ({ name, served: true, storage: false })),
      }),
      'test.yaml',
    );
    expect(definition.versions.map((version) => version.className)).toEqual(['Widget', 'WidgetV2beta1', 'WidgetV1beta2', 'WidgetV1alpha1']);
  });

  it('writes one file per API group, and reads apiextensions.k8s.io/v1beta1 CRDs with one schema for all versions', () => {
    const legacy = {
      apiVersion: 'apiextensions.k8s.io/v1beta1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gizmos.legacy.kubeforge.dev' },
      spec: { group: 'legacy.kubeforge.dev', version: 'v1beta1', names: { kind: 'Gizmo', plural: 'gizmos' }, validation: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer' } } } } } } },
    };
    const { definitions } = readDefinitions([join(FIXTURES, 'crds'), join(FIXTURES, 'config-crds')]);
    const files = generate([...definitions, definitionFrom(legacy, 'legacy.yaml')]);
    expect(files.map((file) => file.name)).toEqual(['example.kubeforge.dev.ts', 'legacy.kubeforge.dev.ts', 'other.kubeforge.dev.ts']);
    expect(files[1].content).toContain('static readonly GVK = { apiVersion: "legacy.kubeforge.dev/v1beta1", kind: "Gizmo" } as const;');
    expect(files[1].content).toContain('export interface GizmoSpec {\n  readonly size: number;\n}');
    expect(files[2].content).toContain('import * as kubeforge from "kubeforge";');
  });

  it('refuses names that would not be valid TypeScript or file names, saying which field and how to fix it', () => {
    const base = { group: 'example.kubeforge.dev', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true }] };
    const attempt = (spec: Record<string, unknown>, name?: string) => {
      try {
        definitionFrom(crd({ ...base, ...spec }, name), 'crds/evil.yaml');
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(ImportError);
        return (error as Error).message;
      }
    };
    expect(attempt({ names: { kind: 'Widget{}; process.exit(1); class X', plural: 'widgets' } })).toMatch(/^crds\/evil\.yaml: CustomResourceDefinition "widgets\.example\.kubeforge\.dev": spec\.names\.kind .* is not a PascalCase name; use letters and digits/);
    expect(attempt({ names: { kind: 'Object', plural: 'widgets' } })).toMatch(/spec\.names\.kind "Object" cannot be a TypeScript class name/);
    expect(attempt({ group: '../../etc' })).toMatch(/spec\.group "\.\.\/\.\.\/etc" is not a DNS subdomain; use lower-case letters/);
    expect(attempt({ versions: [{ name: 'v1; rm', served: true, storage: true }] })).toMatch(/spec\.versions\[0\]\.name "v1; rm" is not a DNS label/);
    expect(attempt({}, 'gizmos.example.kubeforge.dev')).toMatch(/metadata\.name "gizmos\.example\.kubeforge\.dev" is not <plural>\.<group>; name it "widgets\.example\.kubeforge\.dev"/);
    expect(attempt({ versions: [{ name: 'v1', served: false, storage: true }] })).toMatch(/spec\.versions serves no version; mark at least one version served: true/);
  });

  it('refuses two versions or kinds that would make the same class', () => {
    const clash = widgetCrd({ type: 'object' }, { versions: ['v1', 'v2-beta', 'v2--beta'].map((name) => ({ name, served: true, storage: name === 'v1' })) });
    expect(() => generate([definitionFrom(clash, 'clash.yaml')])).toThrow(/^clash\.yaml: CustomResourceDefinition "widgets\.example\.kubeforge\.dev": version "v2-beta" would be class WidgetV2Beta, which widgets\.example\.kubeforge\.dev "v2--beta" already is; rename the version or the kind$/);
  });

  it('bounds the nesting of schemas and values instead of recursing without end', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 5000; level++) deep = { type: 'object', properties: { next: deep } };
    expect(() => definitionFrom(widgetCrd(deep), 'deep.yaml')).toThrow(new RegExp(`nests deeper than ${MAX_DEPTH} levels; flatten the schema`));
    let value: unknown = 1;
    for (let level = 0; level < 5000; level++) value = [value];
    expect(() => definitionFrom(widgetCrd({ type: 'object', properties: { spec: { type: 'array', default: value } } }), 'deep.yaml')).toThrow(/nests deeper than/);
  });

  it('emits hostile property names and values only as escaped literals: the code compiles and injects nothing', () => {
    const hostile = ['*/ process.exit(1) /*', '__proto__', 'constructor', 'a"b\\', '${process.exit(1)}', 'line\u2028break', '0day', ''];
    const properties = Object.fromEntries(hostile.map((name) => [name, { type: 'string', enum: [`\`\${process.exit(2)}\``, '"; process.exit(3); "', '*/'] }]));
    const definition = definitionFrom(widgetCrd({ type: 'object', properties: { spec: { type: 'object', properties } } }), 'hostile.yaml');
    const folder = scratch();
    const [file] = generate([definition], { importFrom: specifierTo(folder, 'lib/import/custom-resource') });
    expect(/^[\x20-\x7e\n]*$/.test(file.content)).toBe(true);
    // Comments hold only checked names: nothing from the CRD can end one.
    const ts = require('typescript') as typeof import('typescript');
    const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, file.content);
    const comments: string[] = [];
    for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
      if (token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia) comments.push(scanner.getTokenText());
    }
    expect(comments.length).toBeGreaterThan(2);
    for (const comment of comments) expect(comment).not.toContain('process');
    const use = `import { Chart, Testing } from 'cdk8s';
import { Widget, widgetDefinition } from './example.kubeforge.dev';
new Widget(new Chart(Testing.app(), 'test'), 'w', { spec: { '*/ process.exit(1) /*': '*/', constructor: '"; process.exit(3); "' } });
export const definition = widgetDefinition;
`;
    expect(typeCheck(folder, { 'example.kubeforge.dev.ts': file.content, 'use.ts': use })).toEqual([]);
    // The embedded CRD keeps `__proto__` as a plain property, not as the object's prototype.
    const compiled = ts.transpileModule(file.content, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const module = { exports: {} as Record<string, any> };
    new Function('exports', 'require', 'module', compiled)(module.exports, (id: string) => (id.includes('custom-resource') ? customResource : require(id)), module);
    const spec = module.exports.widgetDefinition.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties;
    expect(Object.keys(spec)).toEqual(hostile);
    expect(Object.getPrototypeOf(spec)).toBe(Object.prototype);
  }, 60_000);

  it('is a command of the built kubeforge CLI, with its help', () => {
    const cli = join(REPOSITORY, '.build', 'lib', 'cli', 'main.js');
    const help = spawnSync(process.execPath, [cli, 'import', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: kubeforge import [flags] PATH...');
    expect(spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout).toContain('import PATH...');
  });

  it('reports files it cannot read and CRDs it refuses, and writes nothing', async () => {
    const folder = scratch();
    writeFileSync(join(folder, 'bad.yaml'), 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: x.y }\nspec: { group: "Bad Group" }\n');
    const run = await importCommand(folder, 'bad.yaml', 'missing.yaml', '--output', 'out');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('missing.yaml: no such file or folder');
    expect(run.stderr).toContain('bad.yaml: CustomResourceDefinition "x.y": spec.group "Bad Group" is not a DNS subdomain');
    expect(run.stderr).toContain('import failed: nothing written to out/');
    await expect(importCommand(folder)).rejects.toThrow(/name the CRD files or folders to import/);
  });
});
