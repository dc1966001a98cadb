// The engine: registry, configuration, ignore annotation, crash isolation, indexes by caller position.

import { describe, expect, it } from 'vitest';
import {
  defaultRegistry,
  listRules,
  mergeRulesConfigs,
  parseRuleFlags,
  parseRulesConfig,
  Rule,
  RuleRegistry,
  RulesConfigError,
  runRules,
} from '../../lib/validate/rules';
import { parseIgnoreAnnotation } from '../../lib/validate/rules/annotations';
import { check, configMap, deployment, firstContainer, ignoring } from './fixtures';

function rule(id: string, check: Rule['check'] = () => []): Rule {
  return { id, severity: 'warning', scope: 'object', kinds: 'any', description: 'Test rule.', hint: 'Fix it.', check };
}

describe('registry', () => {
  it('refuses a duplicate id', () => {
    const registry = new RuleRegistry([rule('no-foo')]);
    expect(() => registry.register(rule('no-foo'))).toThrow('rule id "no-foo" is already registered');
  });

  it('refuses the reserved rule-crash id and ids that are not kebab-case', () => {
    expect(() => new RuleRegistry([rule('rule-crash')])).toThrow('reserved');
    expect(() => new RuleRegistry([rule('NoFoo')])).toThrow('kebab-case');
  });

  it('ships rules with unique ids, one-line descriptions and hints', () => {
    for (const shipped of defaultRegistry.list()) {
      expect(shipped.description).not.toContain('\n');
      expect(shipped.hint).not.toContain('\n');
      expect(shipped.hint.length).toBeGreaterThan(10);
    }
    expect(new Set(defaultRegistry.list().map((shipped) => shipped.id)).size).toBe(defaultRegistry.list().length);
  });
});

describe('configuration', () => {
  const latest = () => [deployment()].map((web) => ((firstContainer(web).image = 'nginx'), web));

  it('changes the severity of a rule', () => {
    const { findings } = check(latest(), { rules: { 'image-tag-latest': 'error' } });
    expect(findings.find((finding) => finding.rule === 'image-tag-latest')?.severity).toBe('error');
  });

  it('turns a rule off', () => {
    const { findings, silenced } = check(latest(), { rules: { 'image-tag-latest': 'off' } });
    expect(findings.filter((finding) => finding.rule === 'image-tag-latest')).toEqual([]);
    expect(silenced).toBe(0);
  });

  it('fails on unknown rule ids and settings instead of ignoring them', () => {
    expect(() => runRules([], { rules: { 'image-tag-lastest': 'off' } })).toThrow(RulesConfigError);
    expect(() => runRules([], { rules: { 'image-tag-latest': 'loud' as 'off' } })).toThrow('use one of off, error, warning, info');
  });

  it('reads the cdk8s.yaml section and CLI flags, flags winning', () => {
    const file = parseRulesConfig({ rules: { 'image-no-digest': 'off', 'run-as-root': 'warning' } });
    const flags = parseRuleFlags(['run-as-root=error', 'probes-missing=info,replicas-single=off']);
    expect(mergeRulesConfigs(file, flags).rules).toEqual({ 'image-no-digest': 'off', 'run-as-root': 'error', 'probes-missing': 'info', 'replicas-single': 'off' });
    expect(() => parseRuleFlags(['run-as-root'])).toThrow('is not <rule>=<off|error|warning|info>');
    expect(() => parseRulesConfig({ rule: {} })).toThrow('unknown key');
    expect(parseRulesConfig(undefined)).toEqual({});
  });

  it('lists rules sorted by id with the configured severity', () => {
    const listed = listRules({ rules: { 'image-no-digest': 'off' } });
    expect(listed.map((entry) => entry.id)).toEqual([...listed.map((entry) => entry.id)].sort());
    expect(listed.find((entry) => entry.id === 'image-no-digest')).toMatchObject({ severity: 'off', defaultSeverity: 'info' });
  });
});

describe('ignore annotation', () => {
  it('reads ids separated by commas or spaces and drops the reason after --', () => {
    expect([...parseIgnoreAnnotation('a-rule, b-rule c-rule -- because: reasons, more')]).toEqual(['a-rule', 'b-rule', 'c-rule']);
    expect([...parseIgnoreAnnotation('')]).toEqual([]);
  });

  it('silences only the named rules of the annotated object', () => {
    const quiet = ignoring(deployment('quiet'), 'image-tag-latest');
    const loud = deployment('loud');
    firstContainer(quiet).image = 'nginx';
    firstContainer(loud).image = 'nginx';
    const { findings, silenced } = check([quiet, loud]);
    expect(findings.filter((finding) => finding.rule === 'image-tag-latest').map((finding) => finding.object)).toEqual([1]);
    expect(findings.filter((finding) => finding.rule === 'image-no-digest').map((finding) => finding.object)).toEqual([0, 1]);
    expect(silenced).toBe(1);
  });
});

describe('run', () => {
  it('returns findings under the caller index', () => {
    const web = deployment();
    firstContainer(web).image = 'nginx';
    const outcome = runRules([
      { object: configMap(), index: 7 },
      { object: web, index: 42 },
    ]);
    expect([...outcome.findings.keys()]).toEqual([42]);
  });

  it('reports a throwing rule as rule-crash and keeps running the others', () => {
    const registry = new RuleRegistry([
      rule('explodes', () => {
        throw new Error('boom');
      }),
      rule('reports', () => [{ message: 'seen by the second rule', path: ['metadata', 'name'] }]),
    ]);
    const outcome = runRules([{ object: configMap(), index: 0 }], {}, { registry });
    expect(outcome.findings.get(0)?.map(({ rule: id, severity, path }) => ({ id, severity, path }))).toEqual([
      { id: 'rule-crash', severity: 'error', path: '' },
      { id: 'reports', severity: 'warning', path: 'metadata.name' },
    ]);
    expect(outcome.findings.get(0)?.[0].message).toContain('rule "explodes" failed on this object (boom)');
  });

  it('never crashes on malformed objects', () => {
    const garbage: unknown[] = [
      null,
      7,
      'text',
      [],
      {},
      { kind: 5, metadata: [] },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 5, labels: [1], annotations: 'x' }, spec: 'x' },
      { apiVersion: 'apps/v1', kind: 'Deployment', spec: { selector: { matchLabels: 1, matchExpressions: [null, { key: 1 }] }, template: { metadata: null, spec: { containers: [null, 1, { name: 5, image: 7, ports: 'x', env: [null, { name: 'A_TOKEN', value: 3 }], securityContext: { capabilities: { add: [1, null] } } }], volumes: [null, { hostPath: 'x' }, { projected: { sources: [null] } }] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: 'x', spec: { selector: [1], ports: [null, { targetPort: {} }] } },
      { apiVersion: 'batch/v1', kind: 'CronJob', spec: { schedule: 5, timeZone: 7, jobTemplate: null } },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, metrics: [null, { type: 'Resource', resource: null }] } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', spec: { selector: 'x', minAvailable: {} } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', spec: { rules: [null, { http: { paths: [null, { backend: { service: { name: 1 } } }] } }], tls: [null, {}] } },
    ];
    const outcome = runRules(garbage.map((object, index) => ({ object: object as Record<string, unknown>, index })));
    const crashes = [...outcome.findings.values()].flat().filter((finding) => finding.rule === 'rule-crash');
    expect(crashes).toEqual([]);
  });

  it('does not apply built-in rules to a custom kind of the same name in another group', () => {
    const custom = { apiVersion: 'example.com/v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'nothing' } } };
    expect(check([custom]).findings.filter((finding) => finding.rule.startsWith('service-'))).toEqual([]);
  });
});
