// Strict schemas that kubeconform reads from disk, so the validate benchmark's peer validates for real (there is
// no network here, and kubeconform without schemas measures nothing). Layout and form of kubernetes-json-schema,
// kubeconform's default: <dir>/v<version>-standalone-strict/<kind><-group><-version>.json, every $ref inlined.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './measure';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

export const KUBERNETES_VERSION = '1.36.0';
const DEFINITIONS = join(REPO, '..', 'shared', 'kubernetes-openapi', `v${KUBERNETES_VERSION}`, '_definitions.json');

// An anyOf with a null branch would cost kubeconform an error per branch tried: null goes into the inlined type instead.
const NULLABLE_REF = 'x-nullable-ref';

function nullable(schema: Schema): Schema {
  if (schema.type === undefined && schema.$ref === undefined) return schema; // untyped: null is already allowed
  if (schema.type === undefined) return { ...schema, [NULLABLE_REF]: true }; // null added where the $ref is inlined
  const result: Schema = { ...schema, type: [...(Array.isArray(schema.type) ? schema.type : [schema.type]), 'null'] };
  if (Array.isArray(schema.enum)) result.enum = [...schema.enum, null];
  return result;
}

/** Drops prose and adds strictness as kubernetes-json-schema's strict flavour does: unknown fields rejected, null allowed where optional. */
function strict(source: Json): Json {
  if (Array.isArray(source)) return source.map(strict);
  if (source === null || typeof source !== 'object') return source;
  const out: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'description') continue;
    if (key === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const required = new Set(Array.isArray(source.required) ? source.required : []);
      const properties: Schema = {};
      for (const [name, property] of Object.entries(value)) {
        const converted = strict(property) as Schema;
        properties[name] = required.has(name) ? converted : nullable(converted);
      }
      out.properties = properties;
    } else {
      out[key] = strict(value);
    }
  }
  if (out.properties !== undefined && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

const REF_PREFIX = '#/definitions/';

/** Replaces every $ref by its definition; a recursive one (JSONSchemaProps only) accepts anything, as a standalone file cannot point back. */
function inline(schema: Json, definitions: Schema, stack: string[]): Json {
  if (Array.isArray(schema)) return schema.map((item) => inline(item, definitions, stack));
  if (schema === null || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith(REF_PREFIX)) {
    const name = schema.$ref.slice(REF_PREFIX.length);
    if (stack.includes(name)) return {};
    const definition = inline(definitions[name], definitions, [...stack, name]) as Schema;
    return schema[NULLABLE_REF] === true ? nullable(definition) : definition;
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = inline(value, definitions, stack);
  return out;
}

/**
 * Writes the schemas under `folder` and returns kubeconform's -schema-location template, or undefined (with the
 * reason) when the OpenAPI definitions of ../shared are not beside the repository.
 */
export function writeKubeconformSchemas(folder: string): { template?: string; missing?: string } {
  if (!existsSync(DEFINITIONS)) return { missing: `no ${join('..', 'shared', 'kubernetes-openapi', `v${KUBERNETES_VERSION}`)} beside the repository` };
  const definitions = (JSON.parse(readFileSync(DEFINITIONS, 'utf8')) as { definitions: Schema }).definitions;
  const target = join(folder, `v${KUBERNETES_VERSION}-standalone-strict`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const strictDefinitions = strict(definitions) as Schema;
  for (const [name, definition] of Object.entries(definitions)) {
    const kinds = (definition as Schema)['x-kubernetes-group-version-kind'];
    if (!Array.isArray(kinds)) continue;
    for (const entry of kinds as Schema[]) {
      const group = String(entry.group);
      // kubeconform's {{ .KindSuffix }}: the first label of the group (if any), then the version.
      const suffix = `${group === '' ? '' : `-${group.split('.')[0].toLowerCase()}`}-${String(entry.version).toLowerCase()}`;
      writeFileSync(join(target, `${String(entry.kind).toLowerCase()}${suffix}.json`), JSON.stringify(inline(strictDefinitions[name], strictDefinitions, [name])));
    }
  }
  return { template: join(folder, '{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}', '{{ .ResourceKind }}{{ .KindSuffix }}.json') };
}
