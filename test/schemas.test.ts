// The committed schemas/ are what scripts/gen-schemas.ts writes: unedited, self-contained, strict, prose-free.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../lib/validate/ajv';
import { DEFINITIONS_ID } from '../lib/validate/schema';
import { KUBERNETES_VERSIONS } from '../lib/k8s/versions';

const SCHEMAS = resolve(__dirname, '..', 'schemas');
const manifest = JSON.parse(readFileSync(join(SCHEMAS, 'manifest.json'), 'utf8'));

type Schema = Record<string, unknown>;

function load(version: string): { definitions: Record<string, Schema>; kinds: Record<string, string> } {
  return {
    definitions: JSON.parse(readFileSync(join(SCHEMAS, `v${version}`, 'definitions.json'), 'utf8')).definitions,
    kinds: JSON.parse(readFileSync(join(SCHEMAS, `v${version}`, 'index.json'), 'utf8')).kinds,
  };
}

/** Calls `visit` on every schema object (not on property-name maps). */
function eachSchema(schema: Schema, visit: (schema: Schema) => void): void {
  visit(schema);
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') for (const property of Object.values(value as Record<string, Schema>)) eachSchema(property, visit);
    else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object' && value !== null) eachSchema(value as Schema, visit);
    else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) for (const branch of value) eachSchema(branch, visit);
  }
}

describe.each(KUBERNETES_VERSIONS)('schemas/v%s', (version) => {
  const { definitions, kinds } = load(version);

  it('matches the hashes its generator recorded (no hand edits)', () => {
    for (const file of ['definitions.json', 'index.json']) {
      const text = readFileSync(join(SCHEMAS, `v${version}`, file), 'utf8');
      expect(createHash('sha256').update(text).digest('hex'), file).toBe(manifest.versions[version].files[file]);
    }
  });

  it('resolves every $ref, carries no description and rejects unknown fields', () => {
    const problems: string[] = [];
    for (const [name, definition] of Object.entries(definitions)) {
      eachSchema(definition, (schema) => {
        if ('description' in schema) problems.push(`${name}: description`);
        if (typeof schema.$ref === 'string' && !definitions[schema.$ref.replace('#/definitions/', '')]) problems.push(`${name}: dangling ${schema.$ref}`);
        if (schema.properties && schema.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) problems.push(`${name}: not strict`);
      });
    }
    expect(problems).toEqual([]);
  });

  it('indexes (apiVersion, kind) to definitions of that kind', () => {
    expect(kinds['apps/v1/Deployment']).toBe('io.k8s.api.apps.v1.Deployment');
    expect(kinds['v1/ConfigMap']).toBe('io.k8s.api.core.v1.ConfigMap');
    expect(kinds['autoscaling/v2/HorizontalPodAutoscaler']).toBe('io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler');
    for (const [key, name] of Object.entries(kinds)) {
      const kind = key.slice(key.lastIndexOf('/') + 1);
      const kindSchema = (definitions[name].properties as Record<string, Schema> | undefined)?.kind;
      if (Array.isArray(kindSchema?.enum)) expect(kindSchema.enum, key).toContain(kind);
    }
  });

  it('keeps list-map keys, int-or-string, quantities and nullable optional fields', () => {
    const container = definitions['io.k8s.api.core.v1.Container'].properties as Record<string, Schema>;
    expect(container.ports).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['containerPort', 'protocol'] });
    expect(container.env).toMatchObject({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] });
    expect(container.name).toEqual({ type: 'string' });
    expect(container.workingDir).toEqual({ type: ['string', 'null'] });
    const port = (definitions['io.k8s.api.core.v1.ServicePort'].properties as Record<string, Schema>).targetPort;
    expect(port.type).toEqual(['integer', 'string', 'null']);
    const requests = (definitions['io.k8s.api.core.v1.ResourceRequirements'].properties as Record<string, Schema>).requests;
    expect((requests.additionalProperties as Schema).format).toBe('quantity');
    const metadata = (definitions['io.k8s.api.apps.v1.Deployment'].properties as Record<string, Schema>).metadata;
    expect(metadata).toEqual({ anyOf: [{ type: 'null' }, { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }] });
  });

  it('is a valid schema set that ajv compiles for every kind', () => {
    const ajv = createAjv();
    ajv.addSchema({ $id: DEFINITIONS_ID, definitions });
    const sample = ['apps/v1/Deployment', 'v1/Pod', 'batch/v1/CronJob', 'networking.k8s.io/v1/Ingress', 'apiextensions.k8s.io/v1/CustomResourceDefinition'];
    const keys = version === KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1] ? Object.keys(kinds) : sample;
    for (const key of keys) expect(ajv.getSchema(`${DEFINITIONS_ID}#/definitions/${kinds[key]}`), key).toBeTypeOf('function');
  });
});

describe('precompiled validators', () => {
  it('were built from the committed schemas (npm run build regenerates them)', () => {
    for (const version of KUBERNETES_VERSIONS) {
      const file = resolve(__dirname, '..', '.build', 'validators', `v${version}.js`);
      expect(existsSync(file), `${file} is missing: npm ci (or npm run build) writes it`).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(`exports.sourceHash = ${JSON.stringify(manifest.versions[version].files['definitions.json'])};`);
    }
  });
});
