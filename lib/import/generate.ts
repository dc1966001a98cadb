// TypeScript from imported CRDs: one file per API group, one class per kind and served version, props
// typed from the structural schema. Everything taken from a CRD is emitted either as a checked name or
// as an escaped literal, so no text of a CRD can become code (or end a comment).
import { ImportError, type ImportedDefinition, type ImportedVersion, type Schema } from './definition';

export interface GeneratedFile {
  /** File name inside the output folder: `<group>.ts`. */
  readonly name: string;
  readonly content: string;
}

export interface GenerateOptions {
  /** Module that exports CustomResource (the kubeforge package, or a relative path in this repository). @default 'kubeforge' */
  readonly importFrom?: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string literal with every character outside printable ASCII escaped: safe anywhere in source. */
export function literal(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A property name as written in an interface or object literal. */
function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : literal(name);
}

/** A JSON value as a TypeScript expression, indented; `__proto__` is a computed key so it stays a plain property. */
function valueLiteral(value: unknown, indent: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return literal(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${valueLiteral(item, inner)},\n`).join('')}${indent}]`;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const key = (name: string) => (name === '__proto__' ? `[${literal(name)}]` : propertyKey(name));
    return `{\n${entries.map(([name, item]) => `${inner}${key(name)}: ${valueLiteral(item, inner)},\n`).join('')}${indent}}`;
  }
  return 'null';
}

/** PascalCase of a property name for type names: `tls-config` → `TlsConfig`, `0x` → `P0x`. */
function typeNamePart(name: string): string {
  const joined = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  if (joined === '') return 'Field';
  // Long names stay readable and bounded: type names grow with every level of nesting.
  const bounded = joined.slice(0, 40);
  return /^[0-9]/.test(bounded) ? `P${bounded}` : bounded;
}

function camelCase(kind: string): string {
  return kind[0].toLowerCase() + kind.slice(1);
}

/** Wraps a union so that `[]` applies to all of it. */
function arrayOf(type: string): string {
  return `readonly ${/[|&]/.test(type) ? `(${type})` : type}[]`;
}

const OPEN_RECORD = '{ readonly [key: string]: unknown }';

/**
 * Type declarations of one file; names are unique in the file, allocated in a fixed order. An array's
 * items and a map's values are named after the field (`WidgetSpecBackends`), as cdk8s import does.
 */
class Declarations {
  private readonly used = new Set<string>();
  readonly blocks: string[] = [];

  reserve(name: string): void {
    this.used.add(name);
  }

  allocate(wanted: string): string {
    let name = wanted;
    for (let counter = 2; this.used.has(name); counter++) name = `${wanted}${counter}`;
    this.used.add(name);
    return name;
  }

  /** The type of a schema; objects with properties become named interfaces. */
  typeOf(schema: unknown, name: string): string {
    if (!isRecord(schema)) return 'unknown';
    const type = schema.type;
    const nullable = schema.nullable === true ? ' | null' : '';
    if (schema['x-kubernetes-int-or-string'] === true) return `number | string${nullable}`;
    if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((entry) => ['string', 'number', 'boolean'].includes(typeof entry))) {
      const members = [...new Set(schema.enum.map((entry) => (typeof entry === 'string' ? literal(entry) : String(entry))))];
      return `${members.join(' | ')}${nullable}`;
    }
    switch (type) {
      case 'string':
        return `string${nullable}`;
      case 'integer':
      case 'number':
        return `number${nullable}`;
      case 'boolean':
        return `boolean${nullable}`;
      case 'array':
        return `${arrayOf(Array.isArray(schema.items) ? 'unknown' : this.typeOf(schema.items, name))}${nullable}`;
      case 'object':
        return `${this.objectType(schema, name)}${nullable}`;
      default:
        // No type: only preserve-unknown-fields or int-or-string allow that in a structural schema.
        if (isRecord(schema.properties)) return `${this.objectType(schema, name)}${nullable}`;
        return 'unknown';
    }
  }

  private objectType(schema: Schema, name: string): string {
    const properties = isRecord(schema.properties) ? schema.properties : undefined;
    const embedded = schema['x-kubernetes-embedded-resource'] === true;
    const open = schema['x-kubernetes-preserve-unknown-fields'] === true;
    if (!properties && !embedded) {
      if (isRecord(schema.additionalProperties)) return `{ readonly [key: string]: ${this.typeOf(schema.additionalProperties, name)} }`;
      return OPEN_RECORD;
    }
    const interfaceName = this.allocate(name);
    const position = this.blocks.length;
    this.blocks.push('');
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((entry): entry is string => typeof entry === 'string') : []);
    const lines: string[] = [];
    if (embedded) {
      // An embedded resource is a whole object: apiVersion, kind and metadata are implied by the extension.
      for (const [field, type] of [['apiVersion', 'string'], ['kind', 'string'], ['metadata', 'cdk8s.ApiObjectMetadata']]) {
        if (properties?.[field] === undefined) lines.push(`  readonly ${field}${required.has(field) ? '' : '?'}: ${type};`);
      }
    }
    for (const [property, child] of Object.entries(properties ?? {})) {
      const type = this.typeOf(child, `${interfaceName}${typeNamePart(property)}`);
      lines.push(`  readonly ${propertyKey(property)}${required.has(property) ? '' : '?'}: ${type};`);
    }
    if (open) lines.push('  readonly [key: string]: unknown;');
    this.blocks[position] = `export interface ${interfaceName} {\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}}\n`;
    return interfaceName;
  }
}

/** Root fields the props leave out: identity comes from the class, status from the cluster. */
const ROOT_FIELDS_NOT_IN_PROPS = new Set(['apiVersion', 'kind', 'metadata', 'status']);

function classBlock(definition: ImportedDefinition, version: ImportedVersion, main: boolean, declarations: Declarations): string {
  const propsName = declarations.allocate(`${version.className}Props`);
  const position = declarations.blocks.length;
  declarations.blocks.push('');
  const schema = version.schema;
  const properties = isRecord(schema?.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema?.required) ? schema.required : []);
  const lines = ['  readonly metadata?: cdk8s.ApiObjectMetadata;'];
  let anyRequired = false;
  for (const [property, child] of Object.entries(properties)) {
    if (ROOT_FIELDS_NOT_IN_PROPS.has(property)) continue;
    const type = declarations.typeOf(child, `${version.className}${typeNamePart(property)}`);
    anyRequired ||= required.has(property);
    lines.push(`  readonly ${propertyKey(property)}${required.has(property) ? '' : '?'}: ${type};`);
  }
  if (schema === undefined || schema['x-kubernetes-preserve-unknown-fields'] === true) lines.push('  readonly [key: string]: unknown;');
  declarations.blocks[position] = `export interface ${propsName} {\n${lines.join('\n')}\n}\n`;
  const apiVersion = `${definition.group}/${version.name}`;
  const which = main ? (version.storage ? 'the storage version' : 'the newest served version') : 'an older served version';
  return [
    `/** ${definition.kind} of ${apiVersion} (${which}). */`,
    `export class ${version.className} extends kubeforge.CustomResource {`,
    `  static readonly GVK = { apiVersion: ${literal(apiVersion)}, kind: ${literal(definition.kind)} } as const;`,
    '',
    `  constructor(scope: constructs.Construct, id: string, props: ${propsName}${anyRequired ? '' : ' = {}'}) {`,
    `    super(scope, id, ${camelCase(definition.kind)}Definition, { ...props, ...${version.className}.GVK });`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * One file per API group, in group order; within a file, kinds by name, each main version first.
 * Throws ImportError when two versions would make the same class (`v1-beta` and `v1--beta`, or kind WidgetV1).
 */
export function generate(definitions: readonly ImportedDefinition[], options: GenerateOptions = {}): GeneratedFile[] {
  const byGroup = new Map<string, ImportedDefinition[]>();
  for (const definition of definitions) {
    const list = byGroup.get(definition.group) ?? [];
    // The same CRD read twice (two paths to one file) is imported once; the later copy wins.
    const existing = list.findIndex((other) => other.kind === definition.kind);
    if (existing >= 0) list[existing] = definition;
    else list.push(definition);
    byGroup.set(definition.group, list);
  }
  const files: GeneratedFile[] = [];
  for (const group of [...byGroup.keys()].sort()) {
    const members = byGroup.get(group)!.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
    const declarations = new Declarations();
    const classes = new Map<string, string>();
    for (const definition of members) {
      for (const version of definition.versions) {
        const other = classes.get(version.className);
        if (other !== undefined) {
          throw new ImportError(`${definition.source}: CustomResourceDefinition ${literal(definition.name)}: version ${literal(version.name)} would be class ${version.className}, which ${other} already is; rename the version or the kind`);
        }
        classes.set(version.className, `${definition.name} ${literal(version.name)}`);
        declarations.reserve(version.className);
      }
    }
    const sections: string[] = [];
    for (const definition of members) {
      const start = declarations.blocks.length;
      const classes = definition.versions.map((version, index) => classBlock(definition, version, index === 0, declarations));
      const types = declarations.blocks.slice(start);
      sections.push(
        [
          `// ${definition.kind}: CustomResourceDefinition ${definition.name}`,
          '',
          `/** The CustomResourceDefinition of ${definition.kind}, structure only; render it with kubeforge.CustomResourceDefinition. */`,
          `export const ${camelCase(definition.kind)}Definition: kubeforge.CustomResourceDefinitionData = ${valueLiteral(definition.data, '')};`,
          '',
          ...classes,
          ...types,
        ].join('\n'),
      );
    }
    const header = [
      '// Generated by `kubeforge import`; do not edit: change the CustomResourceDefinitions and import again.',
      `// CustomResourceDefinitions: ${members.map((definition) => definition.name).join(', ')}`,
      'import type * as cdk8s from "cdk8s";',
      'import type * as constructs from "constructs";',
      `import * as kubeforge from ${literal(options.importFrom ?? 'kubeforge')};`,
      '',
    ].join('\n');
    files.push({ name: `${group}.ts`, content: `${header}\n${sections.join('\n')}`.replace(/\n+$/, '\n') });
  }
  return files;
}
