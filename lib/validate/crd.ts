// CustomResourceDefinitions as schemas: custom resources validate against their CRD's openAPIV3Schema,
// made strict the way the API server's strict field validation is.
import type { ValidateFunction } from 'ajv';
import type Ajv from 'ajv';
import { createAjv } from './ajv';
import { formats } from './formats';
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

/** Structural schema → strict JSON Schema: nulls allowed for non-required fields, unknown fields rejected. */
export function strictCrdSchema(source: unknown): JsonSchema {
  if (!isRecord(source)) return {};
  const out: JsonSchema = {};
  for (const key of Object.keys(source)) {
    if (!KEPT.has(key)) continue;
    const value = source[key];
    if (key === 'properties' && isRecord(value)) {
      const required = new Set(Array.isArray(source.required) ? source.required : []);
      const properties: JsonSchema = {};
      for (const [name, property] of Object.entries(value)) {
        const converted = strictCrdSchema(property);
        properties[name] = required.has(name) ? converted : allowNull(converted);
      }
      out.properties = properties;
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && isRecord(value)) {
      out[key] = strictCrdSchema(value);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map(strictCrdSchema);
    } else if (key === 'format') {
      if (typeof value === 'string' && value in formats) out.format = value;
    } else {
      out[key] = value;
    }
  }
  if (source['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    delete out.anyOf;
  }
  if (source['x-kubernetes-embedded-resource'] === true) {
    out.properties = { ...embeddedResourceProperties(), ...((out.properties as JsonSchema) ?? {}) };
  }
  if (out.properties !== undefined && out.additionalProperties === undefined && source['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  if (source.nullable === true) return allowNull(out);
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
export function schemasOfCrd(crd: unknown, source: string): CustomResourceSchema[] {
  if (!isRecord(crd) || !isRecord(crd.spec)) return [];
  const spec = crd.spec;
  const group = typeof spec.group === 'string' ? spec.group : '';
  const kind = isRecord(spec.names) && typeof spec.names.kind === 'string' ? spec.names.kind : '';
  if (!group || !kind || !Array.isArray(spec.versions)) return [];
  const schemas: CustomResourceSchema[] = [];
  for (const version of spec.versions) {
    if (!isRecord(version) || typeof version.name !== 'string') continue;
    const validation = isRecord(version.schema) ? version.schema.openAPIV3Schema : isRecord(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
    const root = strictCrdSchema(validation ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
    root.type = 'object';
    root.properties = { ...((root.properties as JsonSchema) ?? {}), ...embeddedResourceProperties() };
    if (root.additionalProperties === undefined && (validation as JsonSchema | undefined)?.['x-kubernetes-preserve-unknown-fields'] !== true) {
      root.additionalProperties = false;
    }
    schemas.push({ key: kindKey(`${group}/${version.name}`, kind), schema: root, source });
  }
  return schemas;
}

/** Custom resource kinds known to one run: from --crd files and CRDs among the inputs. */
export class CrdRegistry {
  private readonly schemas = new Map<string, CustomResourceSchema>();
  private readonly validators = new Map<string, ValidateFunction | Error>();
  private ajv: Ajv | undefined;

  constructor(private readonly builtIns: SchemaSet) {}

  add(crd: unknown, source: string): void {
    for (const schema of schemasOfCrd(crd, source)) {
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
      compiled = new Error(`the schema of CRD ${schema.source} does not compile: ${(error as Error).message}`);
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
