// Strictness only where the API server prunes: unknown fields are those outside a node's `properties` (outside
// allOf/anyOf/oneOf/not), kept by x-kubernetes-preserve-unknown-fields, plus apiVersion/kind/metadata of
// embedded resources; junctor branches constrain values only.
import { describe, expect, it } from 'vitest';
import { strictCrdSchema } from '../../lib/validate/crd';
import { validateObjects } from '../../lib/validate/engine';
import { fixture, validateJson, type JsonReport } from './helpers';

function resource(report: JsonReport, name: string) {
  const found = report.resources.find((entry) => entry.name === name);
  if (!found) throw new Error(`no resource ${name} in the report`);
  return found;
}

function crd(openAPIV3Schema: Record<string, unknown>) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'things.test.example.com' },
    spec: { group: 'test.example.com', scope: 'Namespaced', names: { kind: 'Thing', plural: 'things' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }] },
  };
}

function check(schema: Record<string, unknown>, spec: unknown) {
  const report = validateObjects([{ object: crd(schema) }, { object: { apiVersion: 'test.example.com/v1', kind: 'Thing', metadata: { name: 't', namespace: 'default' }, spec } }]);
  return report.results.find((result) => result.kind === 'Thing')!;
}

describe('strict CRD schemas follow pruning', () => {
  it('passes when a Gateway-like Gateway uses addresses whose items carry oneOf/anyOf/not branches, and embedded, int-or-string and preserved fields', async () => {
    const { report } = await validateJson('--no-rules', '--crd', fixture('crd-structural', 'gateways-crd.yaml'), fixture('crd-structural', 'gateways.yaml'));
    expect(resource(report, 'valid')).toMatchObject({ status: 'valid', findings: [] });
  });

  it('fails when a Gateway-like Gateway breaks the branches, an enum, strictness at every pruned level, or int-or-string', async () => {
    const { code, report } = await validateJson('--no-rules', '--crd', fixture('crd-structural', 'gateways-crd.yaml'), fixture('crd-structural', 'gateways.yaml'));
    expect(code).toBe(1);
    const findings = resource(report, 'invalid').findings;
    const paths = findings.map((finding) => finding.path);
    expect(paths).toContain('spec.addresses[0]');
    expect(findings).toContainEqual(expect.objectContaining({ path: 'spec.addresses[0]', message: expect.stringMatching(/missing required field "value"/) }));
    expect(findings).toContainEqual(expect.objectContaining({ path: 'spec.addresses[0]', message: expect.stringMatching(/oneOf/) }));
    expect(findings).toContainEqual(expect.objectContaining({ path: 'spec.addresses[1].zone', line: 53, message: expect.stringMatching(/unknown field "zone"/) }));
    expect(paths).toContain('spec.listeners[0].allowedRoutes.namespaces.from');
    expect(paths).toContain('spec.infrastructure.parametersRef.metadata.nam');
    expect(paths).toContain('spec.infrastructure.parametersRef.data');
    expect(paths).toContain('spec.infrastructure.maxUnavailable');
    expect(paths).toContain('spec.infrastructure.extra.pinned.colour');
    // No finding about type or value: they are declared outside the branches.
    expect(findings.filter((finding) => /unknown field "(type|value)"/.test(finding.message))).toEqual([]);
    expect(findings).toHaveLength(9);
  });

  it('adds additionalProperties: false to structural properties only, never inside allOf, anyOf, oneOf or not', () => {
    const strict = strictCrdSchema({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'object', properties: { c: { type: 'string' } } } },
      oneOf: [{ required: ['a'], properties: { a: { minLength: 1 } } }, { properties: { b: { properties: { c: { enum: ['x'] } } } } }],
      anyOf: [{ properties: { a: { pattern: '^a' } } }],
      allOf: [{ properties: { b: { required: ['c'] } } }],
      not: { properties: { a: { enum: ['forbidden'] } }, required: ['a'] },
    });
    expect(strict.additionalProperties).toBe(false);
    expect((strict.properties as Record<string, Record<string, unknown>>).b.additionalProperties).toBe(false);
    expect(JSON.stringify([strict.oneOf, strict.anyOf, strict.allOf, strict.not])).not.toContain('additionalProperties');
  });

  it('fails when a value matches a not branch, and passes otherwise (no strictness inverted by not)', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { mode: { type: 'string' }, level: { type: 'integer' } }, not: { properties: { mode: { enum: ['off'] } }, required: ['mode'] } } } };
    expect(check(schema, { mode: 'on', level: 1 }).status).toBe('valid');
    expect(check(schema, { mode: 'off' }).status).toBe('invalid');
  });

  it('passes when oneOf branches each name only some fields, and fails when no branch or two branches match', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: { secretRef: { type: 'string' }, inline: { type: 'string' }, note: { type: 'string' } },
          oneOf: [{ required: ['secretRef'] }, { required: ['inline'] }],
        },
      },
    };
    expect(check(schema, { secretRef: 's', note: 'n' }).status).toBe('valid');
    expect(check(schema, { inline: 'i' }).status).toBe('valid');
    expect(check(schema, { note: 'n' }).status).toBe('invalid');
    expect(check(schema, { secretRef: 's', inline: 'i' }).status).toBe('invalid');
    expect(check(schema, { secretRef: 's', extra: 1 }).findings).toEqual([expect.objectContaining({ path: 'spec.extra', message: expect.stringMatching(/unknown field "extra"/) })]);
  });

  it('keeps unknown fields where x-kubernetes-preserve-unknown-fields is set, and is strict again below a nested schema', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { config: { type: 'object', properties: { depth: { type: 'integer' } } } },
        },
      },
    };
    expect(check(schema, { anything: { goes: true }, config: { depth: 1 } }).status).toBe('valid');
    expect(check(schema, { config: { depth: 1, width: 2 } }).findings).toEqual([expect.objectContaining({ path: 'spec.config.width' })]);
  });

  it('accepts null for nullable and optional fields, and refuses it for required ones', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, note: { type: 'string' }, list: { type: 'array', nullable: true, items: { type: 'string' } } } } } };
    expect(check(schema, { name: 'a', note: null, list: null }).status).toBe('valid');
    expect(check(schema, { name: null }).status).toBe('invalid');
  });

  it('never suggests the unknown field itself as "did you mean"', () => {
    // A non-structural schema (fields only inside a branch): the API server prunes them, kubeforge reports them.
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { kind: { type: 'string' } }, anyOf: [{ properties: { value: { type: 'string' } } }] } } };
    const result = check(schema, { kind: 'a', value: 'b', vlue: 'c', knd: 'd' });
    const messages = result.findings.map((finding) => finding.message);
    expect(messages).toEqual([
      'unknown field "value"; remove it (or use --no-strict to allow unknown fields)',
      'unknown field "vlue"; remove it (or use --no-strict to allow unknown fields)',
      'unknown field "knd"; did you mean "kind"?',
    ]);
  });
});
