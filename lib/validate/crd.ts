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
  readonly schema: JsonSchema;
  /** Where the CRD came from, for messages. */
  readonly source: string;
  /** 0-based index of the CRD's YAML document in `source`. */
  readonly document: number;
  /** The CRD's metadata.name. */
  readonly crd: string;
  /** Keywords dropped from this version's schema, each a `crd-schema` finding on the CRD itself. */
  readonly problems: CrdProblem[];
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

interface Walk {
  /** Where the schema node sits in the CRD object. */
  readonly segments: (string | number)[];
  /** The custom resource field the node describes, for messages (`spec.rules[].host`). */
  readonly field: string;
  /** Inside allOf/anyOf/oneOf/not: constraints on values only, the API server prunes nothing there. */
  readonly inJunctor: boolean;
  readonly onProblem: (problem: { segments: (string | number)[]; field: string; message: string }) => void;
}

function child(walk: Walk, segments: (string | number)[], field: string, inJunctor = walk.inJunctor): Walk {
  return { segments: [...walk.segments, ...segments], field, inJunctor, onProblem: walk.onProblem };
}

/**
 * Structural schema → strict JSON Schema: nulls allowed for non-required fields, and unknown fields rejected
 * where the API server would prune them: in `properties` outside logical junctors, unless
 * x-kubernetes-preserve-unknown-fields. Patterns Go cannot compile are dropped and reported.
 */
function strictSchema(source: unknown, walk: Walk): JsonSchema {
  if (!isRecord(source)) return {};
  const out: JsonSchema = {};
  for (const key of Object.keys(source)) {
    if (!KEPT.has(key)) continue;
    const value = source[key];
    if (key === 'properties' && isRecord(value)) {
      const required = new Set(Array.isArray(source.required) ? source.required : []);
      const properties: JsonSchema = {};
      for (const [name, property] of Object.entries(value)) {
        const converted = strictSchema(property, child(walk, ['properties', name], walk.field === '' ? name : `${walk.field}.${name}`));
        properties[name] = required.has(name) ? converted : allowNull(converted);
      }
      out.properties = properties;
    } else if (key === 'items' && isRecord(value)) {
      out.items = strictSchema(value, child(walk, ['items'], `${walk.field}[]`));
    } else if (key === 'additionalProperties' && isRecord(value)) {
      out.additionalProperties = strictSchema(value, child(walk, ['additionalProperties'], `${walk.field}[*]`));
    } else if (key === 'not' && isRecord(value)) {
      out.not = strictSchema(value, child(walk, ['not'], walk.field, true));
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((branch, index) => strictSchema(branch, child(walk, [key, index], walk.field, true)));
    } else if (key === 'format') {
      if (typeof value === 'string' && value in formats) out.format = value;
    } else if (key === 'pattern') {
      // A pattern that is not a string is dropped too: the CRD's own schema check reports it.
      if (typeof value !== 'string') continue;
      const compiled = compileGoRegExp(value);
      if (compiled instanceof Error) {
        walk.onProblem({ segments: [...walk.segments, 'pattern'], field: walk.field, message: `pattern ${JSON.stringify(value)} is not a Go (RE2) regular expression: ${compiled.message}` });
      } else {
        out.pattern = value;
      }
    } else {
      out[key] = value;
    }
  }
  if (source['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    delete out.anyOf;
  }
  if (walk.inJunctor) return source.nullable === true ? allowNull(out) : out;
  if (source['x-kubernetes-embedded-resource'] === true) {
    out.properties = { ...embeddedResourceProperties(), ...((out.properties as JsonSchema) ?? {}) };
  }
  if (out.properties !== undefined && out.additionalProperties === undefined && source['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  if (source.nullable === true) return allowNull(out);
  return out;
}

/** The strict form of one CRD schema; problems (dropped keywords) are ignored. */
export function strictCrdSchema(source: unknown): JsonSchema {
  return strictSchema(source, { segments: [], field: '', inJunctor: false, onProblem: () => {} });
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
  let sharedSchemaChecked = false;
  spec.versions.forEach((version, index) => {
    if (!isRecord(version) || typeof version.name !== 'string') return;
    const own = isRecord(version.schema) ? version.schema.openAPIV3Schema : undefined;
    const validation = own ?? (isRecord(spec.validation) ? spec.validation.openAPIV3Schema : undefined);
    const segments = own !== undefined ? ['spec', 'versions', index, 'schema', 'openAPIV3Schema'] : ['spec', 'validation', 'openAPIV3Schema'];
    const problems: CrdProblem[] = [];
    // A schema shared by every version (spec.validation) is reported once, with the first version.
    const report = own !== undefined || !sharedSchemaChecked;
    if (own === undefined) sharedSchemaChecked = true;
    const onProblem: Walk['onProblem'] = (problem) => {
      if (!report) return;
      const field = problem.field === '' ? 'the object itself' : `field ${problem.field}`;
      problems.push({
        segments: problem.segments,
        message: `CRD ${JSON.stringify(name)} version ${version.name}, ${field}: ${problem.message}; the API server refuses this CRD, and kubeforge validates the field without the pattern: write it in Go RE2 syntax`,
      });
    };
    const root = strictSchema(validation ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, { segments, field: '', inJunctor: false, onProblem });
    root.type = 'object';
    root.properties = { ...((root.properties as JsonSchema) ?? {}), ...embeddedResourceProperties() };
    if (root.additionalProperties === undefined && (validation as JsonSchema | undefined)?.['x-kubernetes-preserve-unknown-fields'] !== true) {
      root.additionalProperties = false;
    }
    schemas.push({ key: kindKey(`${group}/${version.name}`, kind), schema: root, source, document, crd: name, problems });
  });
  return schemas;
}

/** Custom resource kinds known to one run: from --crd files and CRDs among the inputs. */
export class CrdRegistry {
  private readonly schemas = new Map<string, CustomResourceSchema>();
  private readonly validators = new Map<string, ValidateFunction | Error>();
  private ajv: Ajv | undefined;

  constructor(private readonly builtIns: SchemaSet) {}

  add(crd: unknown, source: string, document = 0): void {
    for (const schema of schemasOfCrd(crd, source, document)) {
      this.schemas.set(schema.key, schema);
      this.validators.delete(schema.key);
    }
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

  /** The keywords dropped from the CRD `name` read from `source` (reported on the CRD object). */
  problemsOf(source: string, name: string): CrdProblem[] {
    const problems: CrdProblem[] = [];
    for (const schema of this.schemas.values()) if (schema.source === source && schema.crd === name) problems.push(...schema.problems);
    return problems;
  }

  /** CRDs with dropped keywords whose source is none of `sources` (--crd files, CRDs given as options). */
  withProblemsOutside(sources: ReadonlySet<string>): { source: string; document: number; crd: string; problems: CrdProblem[] }[] {
    const byCrd = new Map<string, { source: string; document: number; crd: string; problems: CrdProblem[] }>();
    for (const schema of this.schemas.values()) {
      if (schema.problems.length === 0 || sources.has(schema.source)) continue;
      const id = `${schema.source}\u0000${schema.crd}`;
      const entry = byCrd.get(id) ?? { source: schema.source, document: schema.document, crd: schema.crd, problems: [] };
      entry.problems.push(...schema.problems);
      byCrd.set(id, entry);
    }
    return [...byCrd.values()];
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
    const schema = this.schemas.get(key);
    if (!schema) return undefined;
    if (!this.ajv) {
      this.ajv = createAjv();
      this.ajv.addSchema({ $id: DEFINITIONS_ID, definitions: this.builtIns.definitions });
    }
    let compiled: ValidateFunction | Error;
    try {
      compiled = this.ajv.compile(schema.schema);
    } catch (error) {
      compiled = new Error(`the schema of CRD ${JSON.stringify(schema.crd)} (${schema.source}) for ${key} does not compile: ${(error as Error).message}; fix the CRD`);
    }
    this.validators.set(key, compiled);
    return compiled;
  }

  /** Plain data for a worker thread, which builds its own registry from it. */
  toJSON(): { crd: CustomResourceSchema[] } {
    return { crd: [...this.schemas.values()] };
  }

  addSchemas(schemas: readonly CustomResourceSchema[]): void {
    for (const schema of schemas) this.schemas.set(schema.key, schema);
  }
}
