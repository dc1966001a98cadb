// Generates lib/k8s/types.generated.ts from the committed strict schemas of the default Kubernetes version.
//   npm run schemas        regenerates schemas/ and then these types
//   --check                exit 1 when the committed file differs from a regeneration
// Only structure is carried over: no upstream prose, no nullability (constructs never emit null).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_KUBERNETES_VERSION } from '../lib/k8s/versions';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const REPO = resolve(__dirname, '..', '..');
const SCHEMA_DIR = join(REPO, 'schemas', `v${DEFAULT_KUBERNETES_VERSION}`);
const OUTPUT = join(REPO, 'lib', 'k8s', 'types.generated.ts');
const REF_PREFIX = '#/definitions/';

/** Leaf definitions that the schemas inline; the types keep them as named aliases for readability. */
const ALIASES: Record<string, { name: string; type: string }> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { name: 'IntOrString', type: 'number | string' },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { name: 'Quantity', type: 'string | number' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { name: 'Time', type: 'string' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { name: 'MicroTime', type: 'string' },
};

/** Definitions whose short name would shadow a global of TypeScript. */
const RENAMED: Record<string, string> = {
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': 'JSONValue',
};

/** Groups that win a name clash among equally stable versions, most preferred first; the rest rank by name. */
const GROUP_PREFERENCE = ['core', 'meta', 'apps', 'batch', 'autoscaling', 'networking', 'policy', 'rbac', 'storage'];

interface Definition {
  readonly fullName: string;
  /** Whether the definition is a top-level kind; kinds win name clashes over nested types. */
  readonly isKind: boolean;
  readonly shortName: string;
  readonly group: string;
  readonly version: string;
}

/** `io.k8s.api.apps.v1.Deployment` -> group `apps`, version `v1`; core and apimachinery map to `core` and `meta`. */
function describe(fullName: string, kindDefinitions: ReadonlySet<string>): Definition {
  const segments = fullName.split('.');
  const shortName = segments[segments.length - 1];
  const version = segments[segments.length - 2];
  const group = segments[segments.length - 3];
  const isKind = kindDefinitions.has(fullName);
  return { fullName, isKind, shortName, version: /^v\d/.test(version) ? version : '', group: /^v\d/.test(version) ? group : version };
}

/** Lower is more stable: GA before beta before alpha, newer before older. */
function stabilityRank(version: string): number {
  const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!match) return 1_000_000;
  const [, major, level, minor] = match;
  const levelRank = level === undefined ? 0 : level === 'beta' ? 1 : 2;
  return levelRank * 10_000 - Number(major) * 100 - Number(minor ?? 0);
}

function groupRank(group: string): number {
  const index = GROUP_PREFERENCE.indexOf(group);
  return index === -1 ? GROUP_PREFERENCE.length : index;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePreference(a: Definition, b: Definition): number {
  return (
    Number(b.isKind) - Number(a.isKind) ||
    stabilityRank(a.version) - stabilityRank(b.version) ||
    groupRank(a.group) - groupRank(b.group) ||
    compareCodePoints(a.group, b.group) ||
    compareCodePoints(a.fullName, b.fullName)
  );
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** The most preferred definition of each short name keeps it; the others are prefixed with group and version. */
function assignTypeNames(fullNames: readonly string[], kindDefinitions: ReadonlySet<string>): Map<string, string> {
  const byShortName = new Map<string, Definition[]>();
  for (const fullName of fullNames) {
    const definition = describe(fullName, kindDefinitions);
    const alias = ALIASES[fullName];
    const key = alias?.name ?? RENAMED[fullName] ?? definition.shortName;
    byShortName.set(key, [...(byShortName.get(key) ?? []), definition]);
  }
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const [shortName, definitions] of [...byShortName].sort(([a], [b]) => compareCodePoints(a, b))) {
    const ranked = [...definitions].sort(comparePreference);
    ranked.forEach((definition, index) => {
      const name = index === 0 ? shortName : `${pascal(definition.group)}${pascal(definition.version)}${shortName}`;
      if (taken.has(name)) throw new Error(`type name ${name} is used by two definitions; extend GROUP_PREFERENCE`);
      taken.add(name);
      names.set(definition.fullName, name);
    });
  }
  return names;
}

class TypeWriter {
  constructor(private readonly typeNames: Map<string, string>) {}

  reference(ref: string): string {
    if (!ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
    const target = ref.slice(REF_PREFIX.length);
    const name = this.typeNames.get(target);
    if (name === undefined) throw new Error(`$ref to unknown definition ${target}`);
    return name;
  }

  /** The TypeScript type of a schema, with `null` removed (it only encodes "not set"). */
  typeOf(schema: Schema, indent: string): string {
    if (typeof schema.$ref === 'string') return this.reference(schema.$ref);
    const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (Array.isArray(alternatives)) {
      const members = alternatives.filter((alternative) => alternative.type !== 'null');
      return [...new Set(members.map((member) => this.typeOf(member, indent)))].join(' | ');
    }
    const types = (Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type]).filter(
      (type) => type !== 'null',
    ) as string[];
    if (schema['x-kubernetes-int-or-string'] === true) return 'IntOrString';
    if (schema.format === 'quantity') return 'Quantity';
    if (Array.isArray(schema.enum)) {
      const literals = schema.enum.filter((value) => value !== null).map((value) => JSON.stringify(value).replace(/"/g, "'"));
      if (literals.length > 0) return literals.join(' | ');
    }
    if (types.length === 0) return 'unknown';
    const rendered = types.map((type) => this.typeOfPrimitive(type, schema, indent));
    return rendered.join(' | ');
  }

  private typeOfPrimitive(type: string, schema: Schema, indent: string): string {
    switch (type) {
      case 'string':
        return schema.format === 'date-time' ? 'Time' : 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'array': {
        const item = schema.items ? this.typeOf(schema.items as Schema, indent) : 'unknown';
        return `readonly ${item.includes(' ') && !item.startsWith('{') ? `(${item})` : item}[]`;
      }
      case 'object':
        return this.objectType(schema, indent);
      default:
        throw new Error(`unsupported schema type ${type}`);
    }
  }

  private objectType(schema: Schema, indent: string): string {
    if (schema.properties) return `{\n${this.members(schema, `${indent}  `)}${indent}}`;
    const values = schema.additionalProperties;
    const valueType = values && typeof values === 'object' ? this.typeOf(values as Schema, indent) : 'unknown';
    return `{ readonly [key: string]: ${valueType} }`;
  }

  /** Property lines of an object schema, sorted by name; non-required properties are optional. */
  members(schema: Schema, indent: string, overrides: Record<string, string> = {}): string {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required ?? []) as string[]);
    let out = '';
    for (const name of Object.keys(properties).sort(compareCodePoints)) {
      const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name).replace(/"/g, "'");
      const type = overrides[name] ?? this.typeOf(properties[name], indent);
      out += `${indent}readonly ${key}${required.has(name) ? '' : '?'}: ${type};\n`;
    }
    if (schema['x-kubernetes-preserve-unknown-fields'] === true) out += `${indent}readonly [key: string]: unknown;\n`;
    return out;
  }
}

interface Kind {
  readonly kind: string;
  readonly apiVersion: string;
  readonly typeName: string;
}

/** The preferred apiVersion of every kind that has a stable (GA) version, sorted by kind. */
function wellKnownKinds(index: Record<string, string>, typeNames: Map<string, string>): Kind[] {
  const byKind = new Map<string, { apiVersion: string; definition: Definition }[]>();
  for (const [groupVersionKind, fullName] of Object.entries(index)) {
    const kind = groupVersionKind.slice(groupVersionKind.lastIndexOf('/') + 1);
    const apiVersion = groupVersionKind.slice(0, groupVersionKind.lastIndexOf('/'));
    if (kind.endsWith('List')) continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), { apiVersion, definition: describe(fullName, new Set([fullName])) }]);
  }
  const kinds: Kind[] = [];
  for (const [kind, candidates] of byKind) {
    const best = [...candidates].sort((a, b) => comparePreference(a.definition, b.definition))[0];
    if (stabilityRank(best.definition.version) >= 10_000) continue;
    kinds.push({ kind, apiVersion: best.apiVersion, typeName: typeNames.get(best.definition.fullName)! });
  }
  return kinds.sort((a, b) => compareCodePoints(a.kind, b.kind));
}

export function generateTypes(definitions: Record<string, Schema>, index: Record<string, string>): string {
  const fullNames = Object.keys(definitions);
  const typeNames = assignTypeNames(fullNames, new Set(Object.values(index)));
  const writer = new TypeWriter(typeNames);

  const apiVersionsOf = new Map<string, string[]>();
  for (const [groupVersionKind, fullName] of Object.entries(index)) {
    const apiVersion = groupVersionKind.slice(0, groupVersionKind.lastIndexOf('/'));
    apiVersionsOf.set(fullName, [...(apiVersionsOf.get(fullName) ?? []), apiVersion]);
  }

  const blocks: { name: string; text: string }[] = [];
  for (const fullName of fullNames) {
    const name = typeNames.get(fullName)!;
    const alias = ALIASES[fullName];
    const schema = definitions[fullName];
    if (alias) {
      blocks.push({ name, text: `export type ${name} = ${alias.type};\n` });
    } else if (schema.properties) {
      const apiVersions = apiVersionsOf.get(fullName);
      const overrides: Record<string, string> = {};
      if (apiVersions) overrides.apiVersion = [...apiVersions].sort(compareCodePoints).map((v) => `'${v}'`).join(' | ');
      blocks.push({ name, text: `export interface ${name} {\n${writer.members(schema, '  ', overrides)}}\n` });
    } else {
      blocks.push({ name, text: `export type ${name} = ${writer.typeOf(schema, '')};\n` });
    }
  }
  blocks.sort((a, b) => compareCodePoints(a.name, b.name));

  const kinds = wellKnownKinds(index, typeNames);
  const apiVersionMap = kinds.map((kind) => `  ${kind.kind}: '${kind.apiVersion}',\n`).join('');
  const typeMap = kinds.map((kind) => `  ${kind.kind}: ${kind.typeName};\n`).join('');

  return [
    `// Generated by scripts/gen-types.ts from schemas/v${DEFAULT_KUBERNETES_VERSION}/definitions.json. Do not edit; run \`npm run schemas\`.\n`,
    `/** Kubernetes version these types describe. */\n`,
    `export const TYPES_KUBERNETES_VERSION = '${DEFAULT_KUBERNETES_VERSION}';\n\n`,
    blocks.map((block) => block.text).join('\n'),
    `\n/** Preferred apiVersion of each kind that has a stable version. */\n`,
    `export const API_VERSIONS = {\n${apiVersionMap}} as const;\n\n`,
    `export type WellKnownKind = keyof typeof API_VERSIONS;\n\n`,
    `/** The object type of each well-known kind, at its preferred apiVersion. */\n`,
    `export interface ObjectsByKind {\n${typeMap}}\n`,
  ].join('');
}

function main(): void {
  const definitions = JSON.parse(readFileSync(join(SCHEMA_DIR, 'definitions.json'), 'utf8')).definitions;
  const index = JSON.parse(readFileSync(join(SCHEMA_DIR, 'index.json'), 'utf8')).kinds;
  const text = generateTypes(definitions, index);
  if (process.argv.includes('--check')) {
    const current = readFileSync(OUTPUT, 'utf8');
    if (current !== text) {
      process.stderr.write('lib/k8s/types.generated.ts is stale; run `npm run schemas`\n');
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(OUTPUT, text);
}

if (require.main === module) main();
