// CustomResourceDefinitions as `kubeforge import` reads them: untrusted input, checked where it enters.
// Names that become TypeScript identifiers or file names must be Kubernetes names; nesting is bounded;
// only the schema's structure is kept (descriptions, titles and examples are prose, and are dropped).
import { relative, resolve, sep } from 'node:path';
import { findManifestFiles, readInputs, documentsOf } from '../validate/files';
import { isCustomResourceDefinition } from '../validate/crd';

/** Deepest nesting of schemas (and of values such as defaults) that import accepts; real CRDs stay far below. */
export const MAX_DEPTH = 64;

/** A CRD that cannot be imported: the message names the file, the CRD, the field and the fix. */
export class ImportError extends Error {}

export type Schema = Readonly<Record<string, unknown>>;

export interface ImportedVersion {
  readonly name: string;
  /** The TypeScript class: the kind for the main version, kind + version for the others (`WidgetV1alpha1`). */
  readonly className: string;
  readonly storage: boolean;
  /** The structural schema, prose removed; undefined when the version has none (anything goes). */
  readonly schema: Schema | undefined;
}

export interface ImportedDefinition {
  /** Where it was read, `file` or `file#document` (for messages only). */
  readonly source: string;
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  readonly scope: string;
  /** Served versions, the main one (storage, else newest) first, then by Kubernetes version priority. */
  readonly versions: readonly ImportedVersion[];
  /** The CRD as generated code embeds it: structure only. */
  readonly data: Schema;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
/** Schema keywords that hold prose, never structure. */
const PROSE = new Set(['description', 'title', 'example', 'externalDocs']);
/** Fields of an `x-kubernetes-validations` entry that are not prose (`message` is). */
const VALIDATION_FIELDS = ['rule', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own property: assigning `__proto__` (a legal property name in a CRD) would replace the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Reads every CRD under the paths (files or folders, multi-document, relative to `base`); other objects
 * are ignored. Files are named relative to `base` in messages.
 */
export function readDefinitions(paths: readonly string[], base = '.'): { definitions: ImportedDefinition[]; problems: string[] } {
  const label = (file: string) => relative(base, file).split(sep).join('/') || file;
  const found = findManifestFiles(paths.map((path) => resolve(base, path)));
  const read = readInputs(found.files);
  const problems = [...found.errors, ...read.errors].map((error) => `${label(error.file)}: ${error.findings[0]?.message ?? 'cannot be read'}`);
  const definitions: ImportedDefinition[] = [];
  for (const input of read.inputs) {
    let documents: unknown[];
    try {
      documents = documentsOf(input.text);
    } catch (error) {
      problems.push(`${label(input.file)}: not readable as YAML: ${(error as Error).message}`);
      continue;
    }
    const crds = documents.flatMap((document) => (isRecord(document) && document.kind === 'List' && Array.isArray(document.items) ? document.items : [document]));
    crds.forEach((document, index) => {
      if (!isCustomResourceDefinition(document)) return;
      try {
        definitions.push(definitionFrom(document, crds.length > 1 ? `${label(input.file)}#${index + 1}` : label(input.file)));
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        problems.push(error.message);
      }
    });
  }
  return { definitions, problems };
}

/** Checks one CRD object and keeps what import needs; throws ImportError when it cannot be used. */
export function definitionFrom(crd: unknown, source: string): ImportedDefinition {
  const object = isRecord(crd) ? crd : {};
  const spec = isRecord(object.spec) ? object.spec : {};
  const names = isRecord(spec.names) ? spec.names : {};
  const name = isRecord(object.metadata) ? object.metadata.name : undefined;
  const where = `${source}: CustomResourceDefinition ${typeof name === 'string' ? JSON.stringify(name.slice(0, 100)) : '(no name)'}`;
  const fail = (field: string, problem: string, fix: string): never => {
    const shown = field.length > 160 ? `...${field.slice(-157)}` : field;
    throw new ImportError(`${where}: ${shown} ${problem}; ${fix}`);
  };
  const group = spec.group;
  if (typeof group !== 'string' || group.length > 253 || !DNS_SUBDOMAIN.test(group)) {
    fail('spec.group', `${describe(group)} is not a DNS subdomain`, 'use lower-case letters, digits, "-" and "." (e.g. example.com); import names the generated file after it');
  }
  const kind = names.kind;
  if (typeof kind !== 'string' || kind.length > 63 || !KIND.test(kind)) {
    fail('spec.names.kind', `${describe(kind)} is not a PascalCase name`, 'use letters and digits starting with an upper-case letter (e.g. Widget); import makes it a TypeScript class');
  }
  // TypeScript refuses a class named Object in a CommonJS module (TS2725); every other PascalCase name is fine.
  if (kind === 'Object') fail('spec.names.kind', '"Object" cannot be a TypeScript class name', 'import cannot generate this kind; write its objects with cdk8s ApiObject');
  const plural = names.plural;
  if (typeof plural !== 'string' || plural.length > 63 || !DNS_LABEL.test(plural)) {
    fail('spec.names.plural', `${describe(plural)} is not a DNS label`, 'use lower-case letters, digits and "-" (e.g. widgets)');
  }
  if (name !== `${plural}.${group}`) {
    fail('metadata.name', `${describe(name)} is not <plural>.<group>`, `name it ${JSON.stringify(`${plural}.${group}`)}, as the API server requires`);
  }
  const scope = spec.scope ?? 'Namespaced';
  if (scope !== 'Namespaced' && scope !== 'Cluster') fail('spec.scope', `${describe(scope)} is neither Namespaced nor Cluster`, 'set spec.scope to Namespaced or Cluster');

  const listed: Record<string, unknown>[] = Array.isArray(spec.versions)
    ? spec.versions.filter(isRecord)
    : typeof spec.version === 'string'
      ? [{ name: spec.version, served: true, storage: true }]
      : [];
  const versions: Omit<ImportedVersion, 'className'>[] = [];
  const keptVersions: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  listed.forEach((version, index) => {
    const field = `spec.versions[${index}]`;
    if (typeof version.name !== 'string' || version.name.length > 63 || !DNS_LABEL.test(version.name)) {
      fail(`${field}.name`, `${describe(version.name)} is not a DNS label`, 'use a version such as v1, v1beta1 or v1alpha2');
    }
    const versionName = version.name as string;
    if (seen.has(versionName)) fail(`${field}.name`, `"${versionName}" is listed twice`, 'list each version once');
    seen.add(versionName);
    const rawSchema = isRecord(version.schema) ? version.schema.openAPIV3Schema : isRecord(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
    const schema = rawSchema === undefined ? undefined : (structureOf(rawSchema, `${field}.schema.openAPIV3Schema`, 0, fail) as Schema);
    keptVersions.push(keptVersion(version, schema, `${field}`, fail));
    if (version.served === false) return;
    versions.push({ name: versionName, storage: version.storage === true, schema });
  });
  if (versions.length === 0) fail('spec.versions', 'serves no version', 'mark at least one version served: true');
  versions.sort((a, b) => compareVersions(a.name, b.name));
  const main = versions.find((version) => version.storage) ?? versions[0];
  const ordered = [main, ...versions.filter((version) => version !== main)];
  const data: Record<string, unknown> = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group,
      names: keptNames(names, fail),
      scope,
      ...(typeof spec.preserveUnknownFields === 'boolean' ? { preserveUnknownFields: spec.preserveUnknownFields } : {}),
      versions: keptVersions,
    },
  };
  return {
    source,
    name: name as string,
    group: group as string,
    kind: kind as string,
    scope: scope as string,
    versions: ordered.map((version) => ({ ...version, className: version === main ? (kind as string) : `${kind}${pascalCase(version.name)}` })),
    data,
  };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return value === undefined ? 'missing' : `${JSON.stringify(value)?.slice(0, 60) ?? String(value)}`;
}

type Fail = (field: string, problem: string, fix: string) => never;

function keptNames(names: Record<string, unknown>, fail: Fail): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of ['kind', 'listKind', 'plural', 'singular', 'shortNames', 'categories']) {
    if (names[key] !== undefined) kept[key] = plainValue(names[key], `spec.names.${key}`, 0, fail);
  }
  return kept;
}

function keptVersion(version: Record<string, unknown>, schema: Schema | undefined, field: string, fail: Fail): Record<string, unknown> {
  const kept: Record<string, unknown> = { name: version.name, served: version.served !== false, storage: version.storage === true };
  if (version.deprecated === true) kept.deprecated = true;
  if (schema !== undefined) kept.schema = { openAPIV3Schema: schema };
  if (isRecord(version.subresources)) kept.subresources = plainValue(version.subresources, `${field}.subresources`, 0, fail);
  if (Array.isArray(version.additionalPrinterColumns)) {
    kept.additionalPrinterColumns = version.additionalPrinterColumns.filter(isRecord).map((column, index) => {
      const { description: _prose, ...rest } = column;
      return plainValue(rest, `${field}.additionalPrinterColumns[${index}]`, 0, fail);
    });
  }
  return kept;
}

/** A schema with its prose removed; property names are data (a property may be called `description`). */
function structureOf(schema: unknown, field: string, depth: number, fail: Fail): unknown {
  if (depth > MAX_DEPTH) fail(field, `nests deeper than ${MAX_DEPTH} levels`, 'flatten the schema or mark the subtree x-kubernetes-preserve-unknown-fields');
  if (!isRecord(schema)) return plainValue(schema, field, depth, fail);
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (PROSE.has(key)) continue;
    if (key === 'properties' || key === 'patternProperties' || key === 'definitions' || key === 'dependencies') {
      if (!isRecord(value)) continue;
      const properties: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(value)) setOwn(properties, name, structureOf(property, `${field}.${key}.${name}`, depth + 1, fail));
      kept[key] = properties;
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not' || key === 'additionalItems') {
      kept[key] = Array.isArray(value)
        ? value.map((item, index) => structureOf(item, `${field}.${key}[${index}]`, depth + 1, fail))
        : structureOf(value, `${field}.${key}`, depth + 1, fail);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      if (Array.isArray(value)) kept[key] = value.map((item, index) => structureOf(item, `${field}.${key}[${index}]`, depth + 1, fail));
    } else if (key === 'x-kubernetes-validations') {
      if (!Array.isArray(value)) continue;
      kept[key] = value.filter(isRecord).map((rule, index) => {
        const validation: Record<string, unknown> = {};
        for (const name of VALIDATION_FIELDS) if (rule[name] !== undefined) validation[name] = plainValue(rule[name], `${field}.${key}[${index}].${name}`, depth + 1, fail);
        return validation;
      });
    } else {
      setOwn(kept, key, plainValue(value, `${field}.${key}`, depth + 1, fail));
    }
  }
  return kept;
}

/** A JSON value (enum entries, defaults) copied with its depth bounded (values sit inside schemas, hence twice). */
function plainValue(value: unknown, field: string, depth: number, fail: Fail): unknown {
  if (depth > 2 * MAX_DEPTH) fail(field, `nests deeper than ${MAX_DEPTH} levels`, 'simplify the value');
  if (Array.isArray(value)) return value.map((item, index) => plainValue(item, `${field}[${index}]`, depth + 1, fail));
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(copy, key, plainValue(item, `${field}.${key}`, depth + 1, fail));
    return copy;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) fail(field, `is ${String(value)}`, 'use a finite number');
  return value;
}

/** `v1alpha1` → `V1alpha1`, `v2-preview` → `V2Preview`: a class name suffix. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** Kubernetes' version priority: GA before beta before alpha, higher numbers first; other names last, by code unit. */
export function compareVersions(a: string, b: string): number {
  const left = KUBE_VERSION.exec(a);
  const right = KUBE_VERSION.exec(b);
  if (!left || !right) return left ? -1 : right ? 1 : a < b ? -1 : a > b ? 1 : 0;
  const stability = (match: RegExpExecArray) => (match[2] === undefined ? 2 : match[2] === 'beta' ? 1 : 0);
  return stability(right) - stability(left) || Number(right[1]) - Number(left[1]) || Number(right[3] ?? 0) - Number(left[3] ?? 0);
}
