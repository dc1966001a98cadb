// CRD `pattern` keywords as the API server applies them: Go RE2, linear time; a pattern Go cannot compile is one
// crd-schema finding on the CRD, and the CRD's other fields still apply to its custom resources.
import { describe, expect, it } from 'vitest';
import { validateObjects } from '../../lib/validate/engine';
import { fixture, kubeforgeProcess, validateJson, type JsonReport } from './helpers';

function resource(report: JsonReport, name: string) {
  const found = report.resources.find((entry) => entry.name === name);
  if (!found) throw new Error(`no resource ${name} in the report`);
  return found;
}

function crd(pattern: string, extraProperties: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'probes.test.example.com' },
    spec: {
      group: 'test.example.com',
      scope: 'Namespaced',
      names: { kind: 'Probe', plural: 'probes' },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { value: { type: 'string', pattern }, ...extraProperties } } } } },
      }],
    },
  };
}

function probe(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'test.example.com/v1', kind: 'Probe', metadata: { name, namespace: 'default' }, spec };
}

describe('CRD patterns with Go semantics', () => {
  it('passes when a PrometheusRule-like resource matches RE2-only patterns ((?i), durations) and fails on the values that do not', async () => {
    const { code, report } = await validateJson('--no-rules', '--crd', fixture('crd-re2', 'alertrules-crd.yaml'), fixture('crd-re2', 'alertrules.yaml'));
    expect(code).toBe(1);
    expect(resource(report, 'node-alerts')).toMatchObject({ status: 'valid', findings: [] });
    const bad = resource(report, 'bad-alerts');
    expect(bad.status).toBe('invalid');
    expect(bad.findings.map((finding) => [finding.rule, finding.path, finding.line])).toEqual([
      ['schema', 'spec.groups[0].interval', 29],
      ['schema', 'spec.groups[0].partial_response_strategy', 30],
    ]);
    expect(bad.findings[1].message).toContain('^(?i)(abort|warn)?$');
  });

  it('fails when a value matches only under JavaScript\'s Unicode \\s (U+00A0), as the API server would', () => {
    const report = validateObjects([{ object: crd('^[\\w\\s:/.\\\\-]+$') }, { object: probe('nbsp', { value: 'C:/a\u00a0b' }) }, { object: probe('ascii', { value: 'C:/a b\\c' }) }]);
    const byName = Object.fromEntries(report.results.map((result) => [result.name, result]));
    expect(byName.nbsp.status).toBe('invalid');
    expect(byName.nbsp.findings[0]).toMatchObject({ rule: 'schema', path: 'spec.value' });
    expect(byName.ascii.status).toBe('valid');
  });

  it('validates ^(a+)+$ against 28 a and a b quickly (no backtracking engine on a pattern from the input)', () => {
    const started = performance.now();
    const report = validateObjects([{ object: crd('^(a+)+$') }, { object: probe('redos', { value: `${'a'.repeat(28)}b` }) }]);
    expect(report.results.find((result) => result.name === 'redos')?.status).toBe('invalid');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('reports a pattern Go cannot compile once, on the CRD (version, field, pattern), and still validates the other fields', async () => {
    const { code, report } = await validateJson('--no-rules', fixture('crd-re2', 'broken-pattern-crd.yaml'), fixture('crd-re2', 'backups.yaml'));
    expect(code).toBe(1);
    const definition = resource(report, 'backups.storage.example.com');
    expect(definition.status).toBe('invalid');
    expect(definition.findings).toHaveLength(1);
    const [finding] = definition.findings;
    expect(finding).toMatchObject({ rule: 'crd-schema', severity: 'error', path: 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.bucket.pattern', line: 26 });
    expect(finding.message).toContain('"backups.storage.example.com"');
    expect(finding.message).toContain('version v1alpha1');
    expect(finding.message).toContain('field spec.bucket');
    expect(finding.message).toContain('"^(?!tmp-)[a-z0-9-]+$"');
    expect(finding.message).toContain('Go RE2 syntax');
    // The dropped pattern no longer applies; everything else of the schema does.
    expect(resource(report, 'nightly')).toMatchObject({ status: 'valid', findings: [] });
    const broken = resource(report, 'broken');
    expect(broken.findings.map((entry) => [entry.rule, entry.path])).toEqual([
      ['schema', 'spec.schedule'],
      ['schema', 'spec.retentionDays'],
      ['schema', 'spec.retention'],
    ]);
    expect(report.resources.flatMap((entry) => entry.findings).filter((entry) => entry.rule === 'crd-schema')).toHaveLength(1);
  });

  it('reports a pattern Go cannot compile in a --crd file as one result for that file, placed at the pattern', async () => {
    const { report } = await validateJson('--no-rules', '--crd', fixture('crd-re2', 'broken-pattern-crd.yaml'), fixture('crd-re2', 'backups.yaml'));
    const definitions = report.resources.filter((entry) => entry.kind === 'CustomResourceDefinition');
    expect(definitions).toHaveLength(1);
    expect(definitions[0].file).toBe(fixture('crd-re2', 'broken-pattern-crd.yaml'));
    expect(definitions[0].findings).toEqual([expect.objectContaining({ rule: 'crd-schema', line: 26, column: 19 })]);
    expect(resource(report, 'broken').findings).toHaveLength(3);
  });

  it('reports each uncompilable pattern of a CRD given in memory, and nothing for the custom resources about it', () => {
    const report = validateObjects([
      { object: crd('^(?<=x)a$', { other: { type: 'string', pattern: 'a{2000}' }, count: { type: 'integer' } }), file: 'probes-crd.yaml' },
      { object: probe('fine', { value: 'anything', other: 'b', count: 1 }), file: 'probes.yaml' },
      { object: probe('wrong-type', { count: 'one' }), file: 'probes.yaml' },
    ]);
    const definition = report.results.find((result) => result.kind === 'CustomResourceDefinition')!;
    expect(definition.findings.map((finding) => [finding.rule, finding.path])).toEqual([
      ['crd-schema', 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.value.pattern'],
      ['crd-schema', 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.other.pattern'],
    ]);
    expect(definition.findings[1].message).toMatch(/invalid repeat count/);
    expect(report.results.find((result) => result.name === 'fine')?.status).toBe('valid');
    expect(report.results.find((result) => result.name === 'wrong-type')?.findings).toEqual([expect.objectContaining({ rule: 'schema', path: 'spec.count' })]);
  });

  it('reports a pattern that is not a string once (the CRD\'s own schema), and validates the rest', () => {
    const report = validateObjects([{ object: crd(42 as unknown as string, { count: { type: 'integer' } }) }, { object: probe('p', { value: 'x', count: 'one' }) }]);
    expect(report.results.find((result) => result.kind === 'CustomResourceDefinition')?.findings).toEqual([
      expect.objectContaining({ rule: 'schema', path: 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.value.pattern' }),
    ]);
    expect(report.results.find((result) => result.name === 'p')?.findings).toEqual([expect.objectContaining({ path: 'spec.count' })]);
  });

  it('reports a CRD passed as an option (not among the objects) as a result of its own', () => {
    const report = validateObjects([{ object: probe('p', { value: 'x' }) }], { crds: [crd('(?!x)')] });
    expect(report.results.map((result) => [result.kind, result.status, result.findings.map((finding) => finding.rule)])).toEqual([
      ['Probe', 'valid', []],
      ['CustomResourceDefinition', 'invalid', ['crd-schema']],
    ]);
  });

  it('reports a bad pattern of a schema shared by every version (spec.validation) once', () => {
    const shared = {
      apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', metadata: { name: 'probes.test.example.com' },
      spec: {
        group: 'test.example.com', names: { kind: 'Probe', plural: 'probes' }, versions: [{ name: 'v1' }, { name: 'v2' }],
        validation: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { value: { type: 'string', pattern: 'a{5000}' } } } } } },
      },
    };
    // Given as an option: Kubernetes 1.36 no longer serves v1beta1 CRDs, so as an input it would be unknown-kind.
    const report = validateObjects([{ object: probe('one', { value: 'x' }) }, { object: { ...probe('two', { value: 'y' }), apiVersion: 'test.example.com/v2' } }], { crds: [shared] });
    expect(report.results.flatMap((result) => result.findings).filter((finding) => finding.rule === 'crd-schema').map((finding) => finding.path)).toEqual([
      'spec.validation.openAPIV3Schema.properties.spec.properties.value.pattern',
    ]);
  });

  it('says nothing about a CRD given as an option whose kind no object uses (a catalog of CRDs costs nothing)', () => {
    const report = validateObjects([{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } } }], { crds: [crd('(?!x)')] });
    expect(report.results.map((result) => result.kind)).toEqual(['ConfigMap']);
  });

  it('works from the command line as users run it', () => {
    const run = kubeforgeProcess(['validate', '--no-rules', '--crd', fixture('crd-re2', 'alertrules-crd.yaml'), fixture('crd-re2', 'alertrules.yaml')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/alertrules\.yaml:30:7: error AlertRule\/bad-alerts .*partial_response_strategy/);
    expect(run.stdout).not.toMatch(/does not compile/);
  });
});
