// One case per behaviour of `kubeforge validate`'s reading and schema checks, each on a tiny fixture written
// for it (rules are off here: test/validate/rules.test.ts covers them in validate).
import { describe, expect, it } from 'vitest';
import { fixture, validateJson, type JsonReport } from './helpers';

interface Expected {
  readonly code: 0 | 1;
  readonly summary?: Partial<JsonReport['summary']>;
  /** Findings that must be present: rule, path, and line where given. */
  readonly findings?: readonly { rule: string; path?: string; line?: number; column?: number; message?: RegExp; name?: string }[];
  /** Total number of findings, where the case pins it. */
  readonly findingCount?: number;
}

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly expected: Expected;
}

const CASES: Case[] = [
  { name: 'passes when a single Deployment is valid (int-or-string as integer and percent, quantities as numbers)', args: [fixture('deployment-valid.yaml')], expected: { code: 0, summary: { resources: 1, valid: 1 }, findingCount: 0 } },
  { name: 'passes when a multi-document file holds valid objects, skipping empty and comment-only documents', args: [fixture('multi-valid.yaml')], expected: { code: 0, summary: { resources: 2, valid: 2 }, findingCount: 0 } },
  { name: 'passes when a JSON file holds a valid object', args: [fixture('configmap.json')], expected: { code: 0, summary: { resources: 1, valid: 1 } } },
  { name: 'expands a v1 List into its items and validates each', args: [fixture('list.yaml')], expected: { code: 1, summary: { resources: 2, valid: 1, invalid: 1 }, findings: [{ rule: 'schema', path: 'metadata.labelz', line: 12, column: 7, name: 'two', message: /did you mean "labels"/ }] } },
  { name: 'passes when a file is empty (no resources)', args: [fixture('empty.yaml')], expected: { code: 0, summary: { resources: 0 } } },
  { name: 'passes when a file holds only comments (no resources)', args: [fixture('comments.yaml')], expected: { code: 0, summary: { resources: 0 } } },
  {
    name: 'fails when a document is not YAML, with line and column, and still validates the other documents',
    args: [fixture('not-yaml.yaml')],
    expected: { code: 1, summary: { resources: 3, valid: 1, invalid: 1, errors: 1 }, findings: [{ rule: 'yaml', line: 9, column: 1 }, { rule: 'schema', path: 'metadata.unknownField', line: 14, column: 3, name: 'third' }] },
  },
  { name: 'fails when a mapping has a duplicate key, naming the key and its line', args: [fixture('duplicate-key.yaml')], expected: { code: 1, summary: { invalid: 1 }, findings: [{ rule: 'duplicate-key', line: 7, column: 3, message: /duplicate key "mode"/ }] } },
  { name: 'fails when a mapping key is a collection (an unrendered template), naming the object', args: [fixture('template-keys.yaml')], expected: { code: 1, summary: { errors: 1 }, findings: [{ rule: 'yaml', line: 6, column: 12, name: 'templated', message: /unrendered template/ }] } },
  { name: 'fails when kind is missing', args: [fixture('missing-kind.yaml')], expected: { code: 1, summary: { errors: 1 }, findings: [{ rule: 'missing-kind', message: /kind is missing/ }] } },
  { name: 'fails when apiVersion is missing', args: [fixture('missing-api-version.yaml')], expected: { code: 1, summary: { errors: 1 }, findings: [{ rule: 'missing-api-version', message: /apiVersion is missing/ }] } },
  { name: 'fails when kind is null', args: [fixture('null-kind.yaml')], expected: { code: 1, summary: { errors: 1 }, findings: [{ rule: 'missing-kind', path: 'kind', line: 2, message: /kind is null/ }] } },
  { name: 'passes when metadata has generateName and no name', args: [fixture('generate-name.yaml')], expected: { code: 0, summary: { valid: 1 } } },
  { name: 'passes when optional fields are explicitly null (creationTimestamp, labels, replicas, env)', args: [fixture('nulls.yaml')], expected: { code: 0, summary: { valid: 1 }, findingCount: 0 } },
  { name: 'fails when a field is unknown in strict mode, with its path and a suggestion', args: [fixture('unknown-field.yaml')], expected: { code: 1, findings: [{ rule: 'schema', path: 'spec.ports[0].targetPrt', line: 10, column: 7, message: /unknown field "targetPrt"; did you mean "targetPort"/ }], findingCount: 1 } },
  { name: 'passes when a field is unknown and --no-strict is given', args: ['--no-strict', fixture('unknown-field.yaml')], expected: { code: 0, summary: { valid: 1 }, findingCount: 0 } },
  {
    name: 'fails when a field has the wrong type, with its path and line (YAML 1.1 yes is a boolean)',
    args: [fixture('wrong-type.yaml')],
    expected: { code: 1, findings: [{ rule: 'schema', path: 'spec.replicas', line: 6, column: 3, message: /expected integer, got string "three"/ }, { rule: 'schema', path: 'spec.template.spec.containers[0].workingDir', line: 17, column: 11, message: /expected string, got boolean true/ }], findingCount: 2 },
  },
  { name: 'fails when YAML 1.1 scalars give a ConfigMap non-string data (yes, 0777)', args: [fixture('yaml11.yaml')], expected: { code: 1, findings: [{ rule: 'schema', path: 'data.enabled', line: 6, message: /got boolean true/ }, { rule: 'schema', path: 'data.mode', line: 7, message: /got integer 511/ }], findingCount: 2 } },
  { name: 'fails when the apiVersion of a kind is not served, naming the versions that are', args: [fixture('unknown-kind.yaml')], expected: { code: 1, summary: { errors: 1 }, findings: [{ rule: 'unknown-kind', path: 'apiVersion', line: 1, message: /use apiVersion "networking.k8s.io\/v1"/ }] } },
  { name: 'skips unknown kinds with --ignore-missing-schemas', args: ['--ignore-missing-schemas', fixture('unknown-kind.yaml')], expected: { code: 0, summary: { skipped: 1 }, findingCount: 0 } },
  {
    name: 'fails when list-map entries repeat a key (containers by name, ports by containerPort and protocol, env by name)',
    args: [fixture('list-map-duplicates.yaml')],
    expected: {
      code: 1,
      findings: [
        { rule: 'list-map-duplicate', path: 'spec.containers[0].ports[1].containerPort', line: 11 },
        { rule: 'list-map-duplicate', path: 'spec.containers[0].env[1].name', line: 18 },
        { rule: 'list-map-duplicate', path: 'spec.containers[1].name', line: 20, message: /name "app" is already used by entry \[0\]/ },
      ],
      findingCount: 3,
    },
  },
  { name: 'fails on the second definition of the same object (group, kind, namespace, name)', args: [fixture('duplicate-object.yaml')], expected: { code: 1, summary: { valid: 2, invalid: 1 }, findings: [{ rule: 'duplicate-object', path: 'metadata.name', line: 16, message: /already defined at .*duplicate-object.yaml:1/ }], findingCount: 1 } },
  { name: 'fails on a custom resource without its CRD', args: [fixture('crd', 'widgets.yaml')], expected: { code: 1, summary: { errors: 2 }, findings: [{ rule: 'unknown-kind', message: /--crd/ }] } },
  {
    name: 'validates custom resources against a CRD given with --crd (int-or-string, preserve-unknown-fields, embedded resource, list-map keys)',
    args: ['--crd', fixture('crd', 'widgets-crd.yaml'), fixture('crd', 'widgets.yaml')],
    expected: {
      code: 1,
      summary: { resources: 2, valid: 1, invalid: 1 },
      findings: [
        { rule: 'schema', path: 'spec.size', name: 'bad', line: 22, message: /must be >= 1/ },
        { rule: 'schema', path: 'spec.colour', name: 'bad', line: 24, message: /unknown field "colour"/ },
        { rule: 'list-map-duplicate', path: 'spec.parts[1].name', name: 'bad', line: 27 },
      ],
      findingCount: 3,
    },
  },
  { name: 'registers a CRD found among the inputs', args: [fixture('crd')], expected: { code: 1, summary: { resources: 3, valid: 2, invalid: 1 } } },
  { name: 'skips kinds given with --skip', args: ['--skip', 'Secret', fixture('kinds.yaml')], expected: { code: 0, summary: { resources: 2, valid: 1, skipped: 1 } } },
  { name: 'skips kinds given with --skip apiVersion/KIND', args: ['--skip', 'v1/ServiceAccount,v1/Secret', fixture('kinds.yaml')], expected: { code: 0, summary: { skipped: 2 } } },
  { name: 'fails on kinds given with --reject', args: ['--reject', 'Secret', fixture('kinds.yaml')], expected: { code: 1, summary: { valid: 1, invalid: 1 }, findings: [{ rule: 'rejected-kind', path: 'kind', line: 2, name: 'token' }] } },
  { name: 'reports an unreadable path as an error, not a crash', args: [fixture('no-such-file.yaml')], expected: { code: 1, summary: { errors: 1 }, findings: [{ rule: 'io', message: /no such file/ }] } },
  { name: 'validates against an older Kubernetes version when asked', args: ['--kubernetes-version', '1.33', fixture('deployment-valid.yaml')], expected: { code: 0, summary: { valid: 1 } } },
];

describe('kubeforge validate conformance', () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const { code, report } = await validateJson('--no-rules', ...testCase.args);
      const findings = report.resources.flatMap((resource) => resource.findings.map((finding) => ({ ...finding, name: resource.name })));
      expect(code, JSON.stringify(findings, null, 1)).toBe(testCase.expected.code);
      if (testCase.expected.summary) expect(report.summary).toMatchObject(testCase.expected.summary);
      if (testCase.expected.findingCount !== undefined) expect(findings, JSON.stringify(findings, null, 1)).toHaveLength(testCase.expected.findingCount);
      for (const expected of testCase.expected.findings ?? []) {
        const match = findings.find((finding) =>
          finding.rule === expected.rule &&
          (expected.path === undefined || finding.path === expected.path) &&
          (expected.line === undefined || finding.line === expected.line) &&
          (expected.column === undefined || finding.column === expected.column) &&
          (expected.name === undefined || finding.name === expected.name) &&
          (expected.message === undefined || expected.message.test(finding.message)));
        expect(match, `expected ${JSON.stringify({ ...expected, message: expected.message?.source })} among ${JSON.stringify(findings, null, 1)}`).toBeDefined();
      }
    });
  }

  it('gives every finding file, line, column, kind, name, path, rule and message', async () => {
    const { report } = await validateJson('--no-rules', fixture('wrong-type.yaml'));
    const resource = report.resources[0];
    expect(resource).toMatchObject({ file: fixture('wrong-type.yaml'), kind: 'Deployment', name: 'wrong', status: 'invalid' });
    for (const finding of resource.findings) {
      expect(finding).toEqual(expect.objectContaining({ rule: 'schema', severity: 'error', line: expect.any(Number), column: expect.any(Number), path: expect.any(String), message: expect.any(String) }));
    }
  });
});
