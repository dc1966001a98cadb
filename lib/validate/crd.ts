// CustomResourceDefinitions as schemas: custom resources validate against their CRD's openAPIV3Schema,
// made strict the way the API server's strict field validation is.
import type { ValidateFunction } from 'ajv';
import type Ajv from 'ajv';
import { createAjv } from './ajv';
import { formats } from './formats';
import { compileGoRegExp } from './go-regexp';
import { DEFINITIONS_ID, kindKey, type JsonSchema, type SchemaSet } from './schema';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const KEPT = new Set([
  'type', 'format', 'enum', 'properties', 'required', 'items', 'additionalProperties', 'allOf', 'anyOf', 'oneOf', 'not',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems',
  'uniqueItems', 'minProperties', 'maxProperties', 'multipleOf',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource',
]);

export interface CustomResourceSchema {
  readonly key: string;
  /** The strict schema, patterns included (checked with Go's syntax on first use: see CrdRegistry). */
  readonly schema: JsonSchema;
  /** Where the CRD came from, for messages. */
  readonly source: string;
  /** 0-based index of the CRD's YAML document in `source`. */
  readonly document: number;
  /** The CRD's metadata.name, and the version this schema is for. */
  readonly crd: string;
  readonly version: string;
  /** Where `schema` comes from inside the CRD object (spec.versions[i].schema.openAPIV3Schema or spec.validation...). */
  readonly schemaPath: (string | number)[];
}

/** A keyword of a CRD's schema that kubeforge cannot check (a pattern Go does not compile): the rest still applies. */
export interface CrdProblem {
  /** Path of the keyword inside the CRD object, e.g. spec.versions[0].schema.openAPIV3Schema.properties.spec.pattern. */
  readonly segments: (string | number)[];
  readonly message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function embeddedResourceProperties(): JsonSchema {
  return {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { $ref: `${DEFINITIONS_ID}#/definitions/${OBJECT_META}` },
  };
}

/**
 * Structural schema → strict JSON Schema: nulls allowed for non-required fields, and unknown fields rejected
 * where the API server would prune them: in `properties` outside logical junctors (allOf/anyOf/oneOf/not,
 * which only constrain values), unless x-kubernetes-preserve-unknown-fields.
 */
export function strictCrdSchema(source: unknown, inJunctor = false): JsonSchema {
  if (!isRecord(source)) return {};
  const out: JsonSchema = {};
  for (const key of Object.keys(source)) {
    if (!KEPT.has(key)) continue;
    const value = source[key];
    if (key === 'properties' && isRecord(value)) {
      const required = new Set(Array.isArray(source.required) ? source.required : []);
      const properties: JsonSchema = {};
      for (const [name, property] of Object.entries(value)) {
        const converted = strictCrdSchema(property, inJunctor);
        properties[name] = required.has(name) ? converted : allowNull(converted);
      }
      out.properties = properties;
    } else if ((key === 'items' || key === 'additionalProperties') && isRecord(value)) {
      out[key] = strictCrdSchema(value, inJunctor);
    } else if (key === 'not' && isRecord(value)) {
      out.not = strictCrdSchema(value, true);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((branch) => strictCrdSchema(branch, true));
    } else if (key === 'format') {
      if (typeof value === 'string' && value in formats) out.format = value;
    } else if (key === 'pattern') {
      // A pattern that is not a string is dropped: the CRD's own schema check reports it.
      if (typeof value === 'string') out.pattern = value;
    } else {
      out[key] = value;
    }
  }
  if (source['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    delete out.anyOf;
  }
  if (inJunctor) return source.nullable === true ? allowNull(out) : out;
  if (source['x-kubernetes-embedded-resource'] === true) {
    out.properties = { ...embeddedResourceProperties(), ...((out.properties as JsonSchema) ?? {}) };
  }
  if (out.properties !== undefined && out.additionalProperties === undefined && source['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  if (source.nullable === true) return allowNull(out);
  return out;
}

/**
 * A copy of a strict schema without the patterns Go cannot compile, and a problem for each. The strict schema
 * keeps the source's layout (properties, items, additionalProperties, junctors), so paths map back to the CRD.
 */
function withoutUncompilablePatterns(schema: JsonSchema, segments: (string | number)[], field: string, problems: { segments: (string | number)[]; field: string; message: string }[]): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (typeof schema.pattern === 'string') {
    const compiled = compileGoRegExp(schema.pattern);
    if (compiled instanceof Error) {
      delete out.pattern;
      problems.push({ segments: [...segments, 'pattern'], field, message: `pattern ${JSON.stringify(schema.pattern)} is not a Go (RE2) regular expression: ${compiled.message}` });
    }
  }
  if (isRecord(schema.properties)) {
    const properties: JsonSchema = {};
    for (const [name, property] of Object.entries(schema.properties)) {
      properties[name] = isRecord(property) ? withoutUncompilablePatterns(property, [...segments, 'properties', name], field === '' ? name : `${field}.${name}`, problems) : property;
    }
    out.properties = properties;
  }
  if (isRecord(schema.items)) out.items = withoutUncompilablePatterns(schema.items, [...segments, 'items'], `${field}[]`, problems);
  if (isRecord(schema.additionalProperties)) out.additionalProperties = withoutUncompilablePatterns(schema.additionalProperties, [...segments, 'additionalProperties'], `${field}[*]`, problems);
  if (isRecord(schema.not)) out.not = withoutUncompilablePatterns(schema.not, [...segments, 'not'], field, problems);
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[junctor];
    if (Array.isArray(branches)) out[junctor] = branches.map((branch, index) => (isRecord(branch) ? withoutUncompilablePatterns(branch, [...segments, junctor, index], field, problems) : branch));
  }
  return out;
}

function allowNull(schema: JsonSchema): JsonSchema {
  if (schema.type === undefined) return schema;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('null')) return schema;
  const result: JsonSchema = { ...schema, type: [...types, 'null'] };
  if (Array.isArray(schema.enum)) result.enum = [...schema.enum, null];
  return result;
}

export function isCustomResourceDefinition(object: unknown): boolean {
  return isRecord(object) && object.kind === 'CustomResourceDefinition' && typeof object.apiVersion === 'string' && object.apiVersion.startsWith('apiextensions.k8s.io/');
}

/** The schemas a CRD object defines, one per served version (CRDs without a schema define none). */
export function schemasOfCrd(crd: unknown, source: string, document = 0): CustomResourceSchema[] {
  if (!isRecord(crd) || !isRecord(crd.spec)) return [];
  const spec = crd.spec;
  const group = typeof spec.group === 'string' ? spec.group : '';
  const kind = isRecord(spec.names) && typeof spec.names.kind === 'string' ? spec.names.kind : '';
  const name = isRecord(crd.metadata) && typeof crd.metadata.name === 'string' ? crd.metadata.name : '';
  if (!group || !kind || !Array.isArray(spec.versions)) return [];
  const schemas: CustomResourceSchema[] = [];
  spec.versions.forEach((version, index) => {
    if (!isRecord(version) || typeof version.name !== 'string') return;
    const own = isRecord(version.schema) ? version.schema.openAPIV3Schema : undefined;
    const validation = own ?? (isRecord(spec.validation) ? spec.validation.openAPIV3Schema : undefined);
    const schemaPath = own !== undefined ? ['spec', 'versions', index, 'schema', 'openAPIV3Schema'] : ['spec', 'validation', 'openAPIV3Schema'];
    const root = strictCrdSchema(validation ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    root.type = 'object';
    root.properties = { ...((root.properties as JsonSchema) ?? {}), ...embeddedResourceProperties() };
    if (root.additionalProperties === undefined && (validation as JsonSchema | undefined)?.['x-kubernetes-preserve-unknown-fields'] !== true) {
      root.additionalProperties = false;
    }
    schemas.push({ key: kindKey(`${group}/${version.name}`, kind), schema: root, source, document, crd: name, version: version.name, schemaPath });
  });
  return schemas;
}

/** Custom resource kinds known to one run: from --crd files and CRDs among the inputs. */
interface CrdWithProblems {
  readonly source: string;
  readonly document: number;
  readonly crd: string;
  readonly problems: CrdProblem[];
}

/**
 * Custom resource kinds known to one run: from --crd files and CRDs among the inputs. Patterns are checked with
 * Go's syntax when a kind is first used or its CRD is validated, not when a CRD is read: a catalog of CRDs
 * passed with --crd costs nothing for the kinds the inputs do not use.
 */
export class CrdRegistry {
  private readonly schemas = new Map<string, CustomResourceSchema>();
  private readonly checked = new Map<string, { schema: JsonSchema; problems: CrdProblem[] }>();
  private readonly validators = new Map<string, ValidateFunction | Error>();
  private ajv: Ajv | undefined;

  constructor(private readonly builtIns: SchemaSet) {}

  add(crd: unknown, source: string, document = 0): void {
    for (const schema of schemasOfCrd(crd, source, document)) this.set(schema);
  }

  private set(schema: CustomResourceSchema): void {
    this.schemas.set(schema.key, schema);
    this.checked.delete(schema.key);
    this.validators.delete(schema.key);
  }

  get size(): number {
    return this.schemas.size;
  }

  has(apiVersion: string, kind: string): boolean {
    return this.schemas.has(kindKey(apiVersion, kind));
  }

  schemaOf(apiVersion: string, kind: string): JsonSchema | undefined {
    return this.schemas.get(kindKey(apiVersion, kind))?.schema;
  }

  /** The schema of `key` without the patterns Go cannot compile, and a problem for each (computed once). */
  private checkedSchema(key: string): { schema: JsonSchema; problems: CrdProblem[] } {
    const cached = this.checked.get(key);
    if (cached) return cached;
    const entry = this.schemas.get(key)!;
    const found: { segments: (string | number)[]; field: string; message: string }[] = [];
    const schema = withoutUncompilablePatterns(entry.schema, entry.schemaPath, '', found);
    const problems = found.map((problem) => ({
      segments: problem.segments,
      message: `CRD ${JSON.stringify(entry.crd)} version ${entry.version}, ${problem.field === '' ? 'the object itself' : `field ${problem.field}`}: ${problem.message}; the API server refuses this CRD, and kubeforge validates the field without the pattern: write it in Go RE2 syntax`,
    }));
    const result = { schema, problems };
    this.checked.set(key, result);
    return result;
  }

  /** The problems of every schema of one CRD, once per place (versions may share spec.validation). */
  private problemsOfSchemas(keys: readonly string[]): CrdProblem[] {
    const byPath = new Map<string, CrdProblem>();
    for (const key of keys) for (const problem of this.checkedSchema(key).problems) byPath.set(JSON.stringify(problem.segments), problem);
    return [...byPath.values()];
  }

  /** The keywords dropped from the CRD `name` read from `source` (reported on the CRD object). */
  problemsOf(source: string, name: string): CrdProblem[] {
    return this.problemsOfSchemas([...this.schemas.values()].filter((schema) => schema.source === source && schema.crd === name).map((schema) => schema.key));
  }

  /**
   * CRDs with dropped keywords that are not among the validated inputs (--crd files, CRDs given as options),
   * among those whose kinds the inputs use (`usedKinds`: `apiVersion/kind` keys).
   */
  withProblemsOutside(sources: ReadonlySet<string>, usedKinds: ReadonlySet<string>): CrdWithProblems[] {
    const keysByCrd = new Map<string, CustomResourceSchema[]>();
    for (const schema of this.schemas.values()) {
      if (sources.has(schema.source) || !usedKinds.has(schema.key)) continue;
      const id = `${schema.source}\u0000${schema.crd}`;
      keysByCrd.set(id, [...(keysByCrd.get(id) ?? []), schema]);
    }
    const result: CrdWithProblems[] = [];
    for (const schemas of keysByCrd.values()) {
      const problems = this.problemsOfSchemas(schemas.map((schema) => schema.key));
      if (problems.length > 0) result.push({ source: schemas[0].source, document: schemas[0].document, crd: schemas[0].crd, problems });
    }
    return result;
  }

  apiVersionsOf(kind: string): string[] {
    const versions: string[] = [];
    for (const key of this.schemas.keys()) {
      const slash = key.lastIndexOf('/');
      if (key.slice(slash + 1) === kind) versions.push(key.slice(0, slash));
    }
    return versions;
  }

  /** The compiled validator, or the Error that explains why the CRD's schema does not compile. */
  validatorFor(apiVersion: string, kind: string): ValidateFunction | Error | undefined {
    const key = kindKey(apiVersion, kind);
    const cached = this.validators.get(key);
    if (cached) return cached;
    const entry = this.schemas.get(key);
    if (!entry) return undefined;
    if (!this.ajv) {
      this.ajv = createAjv();
      this.ajv.addSchema({ $id: DEFINITIONS_ID, definitions: this.builtIns.definitions });
    }
    let compiled: ValidateFunction | Error;
    try {
      compiled = this.ajv.compile(this.checkedSchema(key).schema);
    } catch (error) {
      compiled = new Error(`the schema of CRD ${JSON.stringify(entry.crd)} (${entry.source}) for ${key} does not compile: ${(error as Error).message}; fix the CRD`);
    }
    this.validators.set(key, compiled);
    return compiled;
  }

  /** Plain data for a worker thread, which builds its own registry from it. */
  toJSON(): { crd: CustomResourceSchema[] } {
    return { crd: [...this.schemas.values()] };
  }

  addSchemas(schemas: readonly CustomResourceSchema[]): void {
    for (const schema of schemas) this.set(schema);
  }
}
