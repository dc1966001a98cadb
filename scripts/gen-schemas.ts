// Generates schemas/ from the Kubernetes OpenAPI definitions: strict, compact, without upstream prose.
//   npm run schemas                 regenerate schemas/ from ../shared/kubernetes-openapi
//   npm run schemas -- --check      exit 1 when the committed files differ from a regeneration
//   --source DIR                    read the definitions from another folder
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KUBERNETES_VERSIONS } from '../lib/k8s/versions';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const REPO = resolve(__dirname, '..', '..');
const SCHEMA_DIR = join(REPO, 'schemas');

/** Keywords carried into the generated schemas; everything else (prose, patch hints) is dropped. */
const KEPT_KEYWORDS = new Set([
  '$ref', 'type', 'format', 'enum', 'properties', 'required', 'items', 'additionalProperties', 'oneOf', 'anyOf',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource',
]);

/** Leaf definitions that are inlined where referenced: cheaper to validate and clearer errors. */
const INLINED: Record<string, Schema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: ['integer', 'string'], 'x-kubernetes-int-or-string': true },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: ['string', 'number'], format: 'quantity' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
};

const REF_PREFIX = '#/definitions/';

function refName(ref: string): string {
  if (!ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
  return ref.slice(REF_PREFIX.length);
}

/** Null is accepted wherever the API server's JSON decoding treats it as "not set". */
export function nullable(schema: Schema): Schema {
  if (schema.$ref !== undefined) return { anyOf: [{ type: 'null' }, schema] };
  const type = schema.type;
  if (type === undefined) return schema; // no type: anything, null included
  const types = Array.isArray(type) ? type : [type];
  const result: Schema = { ...schema, type: types.includes('null') ? types : [...types, 'null'] };
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) result.enum = [...schema.enum, null];
  return result;
}

function transform(source: Json): Schema {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) throw new Error('schema must be an object');
  if (typeof source.$ref === 'string' && INLINED[refName(source.$ref)]) return { ...INLINED[refName(source.$ref)] };
  const out: Schema = {};
  for (const key of Object.keys(source).sort()) {
    if (!KEPT_KEYWORDS.has(key)) continue;
    const value = source[key];
    if (key === 'properties') {
      const required = new Set(Array.isArray(source.required) ? source.required : []);
      const properties: Schema = {};
      for (const name of Object.keys(value as Schema).sort()) {
        const property = transform((value as Schema)[name]);
        properties[name] = required.has(name) ? property : nullable(property);
      }
      out.properties = properties;
    } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = transform(value);
    } else if (key === 'oneOf' || key === 'anyOf') {
      out[key] = (value as Json[]).map(transform);
    } else {
      out[key] = value;
    }
  }
  // The only oneOfs upstream are unions of scalar types: a type list says the same and reports better.
  if (Array.isArray(out.oneOf) && out.oneOf.every((branch) => Object.keys(branch as Schema).join() === 'type')) {
    out.type = (out.oneOf as Schema[]).map((branch) => branch.type as string);
    delete out.oneOf;
  }
  if (out.properties !== undefined && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

export interface GeneratedVersion {
  files: Record<string, string>;
}

/** One definition per line: compact, yet a regeneration shows up in `git diff` per definition. */
function writeDefinitions(definitions: Record<string, Schema>): string {
  const names = Object.keys(definitions).sort();
  const lines = names.map((name, i) => `${JSON.stringify(name)}:${JSON.stringify(definitions[name])}${i < names.length - 1 ? ',' : ''}`);
  return `{"definitions":{\n${lines.join('\n')}\n}}\n`;
}

export function generateVersion(sourceText: string): GeneratedVersion {
  const source = JSON.parse(sourceText).definitions as Record<string, Schema>;
  const definitions: Record<string, Schema> = {};
  const kinds: Record<string, string> = {};
  for (const name of Object.keys(source).sort()) {
    definitions[name] = INLINED[name] ? { ...INLINED[name] } : transform(source[name]);
    const gvks = source[name]['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks) || name.startsWith('io.k8s.apimachinery.pkg.apis.meta.')) continue;
    for (const gvk of gvks as Schema[]) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : String(gvk.version);
      kinds[`${apiVersion}/${gvk.kind}`] = name;
    }
  }
  const sortedKinds: Record<string, string> = {};
  for (const key of Object.keys(kinds).sort()) sortedKinds[key] = kinds[key];
  return {
    files: {
      'definitions.json': writeDefinitions(definitions),
      'index.json': `${JSON.stringify({ kinds: sortedKinds }, null, 1)}\n`,
    },
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const sourceFlag = argv.indexOf('--source');
  const sourceDir = sourceFlag >= 0 ? resolve(argv[sourceFlag + 1]) : resolve(REPO, '..', 'shared', 'kubernetes-openapi');
  const manifest: Record<string, { source: string; files: Record<string, string> }> = {};
  const outputs: Record<string, string> = {};
  for (const version of KUBERNETES_VERSIONS) {
    const sourceFile = join(sourceDir, `v${version}.0`, '_definitions.json');
    if (!existsSync(sourceFile)) {
      process.stderr.write(`gen-schemas: ${sourceFile} not found; pass --source DIR with v<version>.0/_definitions.json inside\n`);
      return 2;
    }
    const sourceText = readFileSync(sourceFile, 'utf8');
    const generated = generateVersion(sourceText);
    manifest[version] = { source: sha256(sourceText), files: {} };
    for (const [file, text] of Object.entries(generated.files)) {
      outputs[join(`v${version}`, file)] = text;
      manifest[version].files[file] = sha256(text);
    }
  }
  outputs['manifest.json'] = `${JSON.stringify({ generator: 'scripts/gen-schemas.ts', versions: manifest }, null, 2)}\n`;

  if (check) {
    const stale = Object.entries(outputs).filter(([file, text]) => {
      const path = join(SCHEMA_DIR, file);
      return !existsSync(path) || readFileSync(path, 'utf8') !== text;
    });
    for (const [file] of stale) process.stderr.write(`schemas/${file} differs from a regeneration; run npm run schemas\n`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const [file, text] of Object.entries(outputs)) {
    const path = join(SCHEMA_DIR, file);
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  process.stdout.write(`gen-schemas: wrote ${Object.keys(outputs).length} files for ${KUBERNETES_VERSIONS.join(', ')}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
