// Every finding id of the validator is turned off or re-graded by --rule and by cdk8s.yaml, except those that say
// the file cannot be read as Kubernetes objects; --ignore-filename-pattern leaves files out.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRulesCommand } from '../../lib/cli/rules';
import { validateObjects } from '../../lib/validate';
import { GRADABLE_VALIDATOR_RULES, VALIDATOR_RULES } from '../../lib/validate/rule-catalog';
import { kubeforge, REPO, validateJson } from './helpers';

const folder = mkdtempSync(join(tmpdir(), 'kubeforge-grading-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(folder, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const CONFIG_MAP = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}data:\n  mode: fast\n`;

const BAD_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.example.com
spec:
  group: example.com
  names: { kind: Gadget, listKind: GadgetList, plural: gadgets, singular: gadget }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: string, pattern: "([a-z" }
---
apiVersion: example.com/v1
kind: Gadget
metadata:
  name: one
spec:
  size: small
`;

/** For each gradable id: the files (and flags) that produce exactly that finding at error severity. */
const CASES: Record<string, { args: () => string[] }> = {
  schema: { args: () => [write('schema.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: [1]\n')] },
  'list-map-duplicate': {
    args: () => [write('list-map.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27.3\n    - name: app\n      image: nginx:1.27.3\n')],
  },
  'duplicate-object': { args: () => [write('duplicate/a.yaml', CONFIG_MAP('settings')), write('duplicate/b.yaml', CONFIG_MAP('settings'))] },
  'duplicate-key': { args: () => [write('duplicate-key.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n  mode: slow\n')] },
  'crd-schema': { args: () => [write('bad-crd.yaml', BAD_CRD)] },
  'unknown-kind': { args: () => [write('unknown-kind.yaml', 'apiVersion: v1\nkind: Gizmo\nmetadata:\n  name: one\n')] },
  'rejected-kind': { args: () => ['--reject', 'ConfigMap', write('rejected.yaml', CONFIG_MAP('settings'))] },
};

function findingsOf(report: Awaited<ReturnType<typeof validateJson>>['report'], rule: string) {
  return report.resources.flatMap((resource) => resource.findings.filter((finding) => finding.rule === rule));
}

describe('re-grading the validator findings', () => {
  it('has a case for every gradable id', () => {
    expect(Object.keys(CASES).sort()).toEqual([...GRADABLE_VALIDATOR_RULES].sort());
  });

  describe.each(Object.keys(CASES))('%s', (rule) => {
    it('is an error by default', async () => {
      const { code, report } = await validateJson('--no-rules', ...CASES[rule].args());
      expect(findingsOf(report, rule).map((finding) => finding.severity)).toEqual(['error']);
      expect(code).toBe(1);
    });

    it('becomes a warning with --rule, and the run passes', async () => {
      const { code, report } = await validateJson('--no-rules', '--rule', `${rule}=warning`, ...CASES[rule].args());
      expect(findingsOf(report, rule).map((finding) => finding.severity)).toEqual(['warning']);
      expect(code).toBe(0);
    });

    it('is turned off with --rule and counted as silenced', async () => {
      const { code, report } = await validateJson('--no-rules', '--rule', `${rule}=off`, ...CASES[rule].args());
      expect(findingsOf(report, rule)).toEqual([]);
      expect(report.summary.silenced).toBe(1);
      expect(code).toBe(0);
    });
  });

  it('reads the settings from cdk8s.yaml (kubeforge.rules), with rules on', async () => {
    const config = write('config/cdk8s.yaml', 'kubeforge:\n  rules:\n    duplicate-object: info\n    crd-schema: off\n');
    const { code, report } = await validateJson('--config', config, ...CASES['duplicate-object'].args(), ...CASES['crd-schema'].args());
    expect(findingsOf(report, 'duplicate-object').map((finding) => finding.severity)).toEqual(['info']);
    expect(findingsOf(report, 'crd-schema')).toEqual([]);
    expect(report.resources.find((resource) => resource.kind === 'CustomResourceDefinition')?.status).toBe('valid');
    expect(code).toBe(0);
  });

  it('re-grades the findings of objects validated in memory, as synth does with kubeforge.rules', () => {
    const settings = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } };
    const graded = validateObjects([{ object: settings }, { object: settings }], { findingSettings: { rules: { 'duplicate-object': 'warning' } } });
    expect(graded.results[1].findings.map((finding) => [finding.rule, finding.severity])).toEqual([['duplicate-object', 'warning']]);
    expect(graded.results[1].status).toBe('valid');
    expect(validateObjects([{ object: settings }, { object: settings }]).results[1].status).toBe('invalid');
  });

  it('are listed by kubeforge rules with the setting in effect', async () => {
    let stdout = '';
    const sink = { write: (chunk: string) => ((stdout += chunk), true) } as unknown as NodeJS.WritableStream;
    await runRulesCommand(['-o', 'json', '--rule', 'duplicate-object=warning'], { stdout: sink, stderr: sink, cwd: REPO, env: {} });
    const listed = JSON.parse(stdout) as { id: string; severity: string; scope: string }[];
    expect(listed.filter((entry) => entry.scope === 'validator').map((entry) => entry.id)).toEqual([...GRADABLE_VALIDATOR_RULES]);
    expect(listed.find((entry) => entry.id === 'duplicate-object')?.severity).toBe('warning');
  });

  it('silences a validator finding on one object with the kubeforge.io/ignore annotation', async () => {
    const file = write('ignored.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  annotations:\n    kubeforge.io/ignore: schema -- generated by a tool we do not control\ndata: [1]\n');
    const { code, report } = await validateJson('--no-rules', file);
    expect(findingsOf(report, 'schema')).toEqual([]);
    expect(report.summary.silenced).toBe(1);
    expect(code).toBe(0);
  });

  it.each(Object.keys(VALIDATOR_RULES).filter((rule) => !GRADABLE_VALIDATOR_RULES.includes(rule)))('refuses to turn off %s, saying why', async (rule) => {
    const run = await kubeforge('validate', '--rule', `${rule}=off`, CASES.schema.args()[0]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`"${rule}" findings cannot be turned off or re-graded`);
  });
});

describe('--ignore-filename-pattern', () => {
  const tree = () => {
    write('ignore/app/web.yaml', CONFIG_MAP('web'));
    write('ignore/app/web_test.yaml', 'not: [valid');
    write('ignore/vendor/chart.yaml', 'apiVersion: v1\nkind: Gizmo\nmetadata:\n  name: one\n');
    return join(folder, 'ignore');
  };

  it('leaves out files whose path matches, patterns repeatable', async () => {
    const root = tree();
    const { code, report } = await validateJson('--ignore-filename-pattern', '_test\\.yaml$', '--ignore-filename-pattern', '(^|/)vendor/', root);
    expect(report.resources.map((resource) => resource.name)).toEqual(['web']);
    expect(code).toBe(0);
  });

  it('matches paths relative to the working folder', async () => {
    const root = tree();
    const relativeRoot = relative(REPO, root).split('\\').join('/');
    const { report } = await validateJson('--ignore-filename-pattern', `^${relativeRoot.replace(/[.]/g, '\\.')}/app/`, root);
    expect(report.resources.map((resource) => resource.kind)).toEqual(['Gizmo']);
  });

  it('runs a pattern that would backtrack exponentially in linear time', async () => {
    const deep = write(`ignore-long/${'a'.repeat(200)}.yaml`, CONFIG_MAP('long'));
    const started = Date.now();
    const { report } = await validateJson('--ignore-filename-pattern', '(a+)+$', deep);
    expect(report.resources).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('is a usage error when the pattern is not a regular expression', async () => {
    const run = await kubeforge('validate', '--ignore-filename-pattern', '([a-z', tree());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--ignore-filename-pattern "([a-z" is not a regular expression');
  });
});
