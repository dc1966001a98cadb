// The shapes of mainstream installs (fixtures in fixtures/world, written here after kube-prometheus, Argo CD,
// ingress-nginx, cert-manager and Online Boutique) give no error finding, and the real problems beside them stay errors.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentsOf } from '../../lib/validate/files';
import type { Finding } from '../../lib/validate/result';
import { projectForRules, resolveReferences, RuleContext, RuleSession } from '../../lib/validate/rules';
import { validateJson } from '../validate/helpers';
import { check, container, deployment, job, Manifest, secret, service } from './fixtures';

const WORLD = join(__dirname, 'fixtures', 'world');
const world = (name: string) => join(WORLD, `${name}.yaml`);
const KNOWN_GOOD = ['kube-prometheus', 'argocd', 'ingress-nginx', 'cert-manager', 'online-boutique'];

function errorsOf(report: Awaited<ReturnType<typeof validateJson>>['report']): string[] {
  return report.resources.flatMap((resource) => resource.findings.filter((finding) => finding.severity === 'error').map((finding) => `${resource.kind}/${resource.name} ${finding.rule}`));
}

describe('known-good installs', () => {
  it.each(KNOWN_GOOD)('passes when %s is validated whole', async (name) => {
    const { code, report } = await validateJson('--whole', world(name));
    expect(errorsOf(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it.each(KNOWN_GOOD)('passes when %s is validated as possibly partial input', async (name) => {
    const { code, report } = await validateJson(world(name));
    expect(errorsOf(report)).toEqual([]);
    expect(code).toBe(0);
  });

  it('reports a StatefulSet serviceName without a Service as a warning (Argo CD application controller)', async () => {
    const { report } = await validateJson('--whole', world('argocd'));
    const findings = report.resources.flatMap((resource) => resource.findings.filter((finding) => finding.rule === 'statefulset-service-missing'));
    expect(findings.map((finding) => finding.severity)).toEqual(['warning']);
  });
});

describe('real problems beside those shapes', () => {
  it('fails when the input is whole: selector typo next to a custom resource, a Secret nothing creates, a missing ConfigMap, an undeclared named probe port', async () => {
    const { code, report } = await validateJson('--whole', world('true-positives'));
    expect(code).toBe(1);
    expect(errorsOf(report).sort()).toEqual([
      'Deployment/grafana configmap-ref-missing',
      'Deployment/grafana probe-port-missing',
      'Deployment/grafana secret-ref-missing',
      'Service/prometheus-k8s service-selector-matches-nothing',
    ]);
  });

  it('keeps object-level problems errors and reports absent objects at info when the input may be partial', async () => {
    const { code, report } = await validateJson(world('true-positives'));
    expect(code).toBe(1);
    expect(errorsOf(report)).toEqual(['Deployment/grafana probe-port-missing']);
    const absent = report.resources.flatMap((resource) => resource.findings.filter((finding) => ['configmap-ref-missing', 'secret-ref-missing', 'service-selector-matches-nothing'].includes(finding.rule)));
    expect(absent).toHaveLength(3);
    for (const finding of absent) {
      expect(finding.severity).toBe('info');
      expect(finding.message).toContain('--whole');
    }
  });
});

describe('objects the run creates', () => {
  const withSecretVolume = (name: string): Manifest => {
    const web = deployment('web');
    web.spec.template.spec.volumes = [{ name: 'tls', secret: { secretName: name } }];
    return web;
  };
  const secretRefs = (manifests: Manifest[]) => check(manifests).findings.filter((finding) => finding.rule === 'secret-ref-missing');

  it('passes when a Job names the Secret in its args', () => {
    const certgen = job('certgen');
    certgen.spec.template.spec.containers[0].args = ['create', '--secret-name=web-tls'];
    expect(secretRefs([withSecretVolume('web-tls'), certgen])).toEqual([]);
  });

  it('fails when the Job names only a longer name that contains it', () => {
    const certgen = job('certgen');
    certgen.spec.template.spec.containers[0].args = ['--secret-name=web-tls-old'];
    expect(secretRefs([withSecretVolume('web-tls'), certgen])).toHaveLength(1);
  });

  it('passes when an init container runs as a ServiceAccount bound to a ClusterRole that may create secrets', () => {
    const web = withSecretVolume('web-token');
    web.spec.template.spec.serviceAccountName = 'init';
    web.spec.template.spec.initContainers = [{ ...container('init'), command: ['generate'] }];
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'secret-writer' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }] };
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'init' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'secret-writer' }, subjects: [{ kind: 'ServiceAccount', name: 'init', namespace: 'default' }] };
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'init' } };
    expect(secretRefs([web, role, binding, account])).toEqual([]);
    // The same grant to another account, or on configmaps only, creates nothing.
    const other = { ...binding, subjects: [{ kind: 'ServiceAccount', name: 'someone-else', namespace: 'default' }] };
    expect(secretRefs([web, role, other, account])).toHaveLength(1);
    const configMapsOnly = { ...role, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['create'] }] };
    expect(secretRefs([web, configMapsOnly, binding, account])).toHaveLength(1);
  });

  it('does not count a running container as a creator, only Jobs and init containers', () => {
    const writer = deployment('writer');
    writer.spec.template.spec.containers[0].args = ['--secret-name=web-tls'];
    expect(secretRefs([withSecretVolume('web-tls'), writer])).toHaveLength(1);
  });

  it('passes when a custom resource names the Secret in secretName (its operator creates it)', () => {
    const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web' }, spec: { secretName: 'web-tls' } };
    expect(secretRefs([withSecretVolume('web-tls'), certificate])).toEqual([]);
  });
});

describe('pods owned by custom resources', () => {
  const selectorRules = (manifests: Manifest[]) => check(manifests).findings.filter((finding) => finding.rule === 'service-selector-matches-nothing').map((finding) => finding.object);

  it('passes when the selector matches the pod labels of a custom resource of the namespace', () => {
    const prometheus = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'k8s' }, spec: { podMetadata: { labels: { app: 'prometheus' } } } };
    expect(selectorRules([service('web', { selector: { app: 'prometheus' } }), prometheus])).toEqual([]);
  });

  it('passes when the selector is the operator convention <kind>: <name>', () => {
    const alertmanager = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Alertmanager', metadata: { name: 'main' }, spec: {} };
    expect(selectorRules([service('web', { selector: { alertmanager: 'main' } }), alertmanager])).toEqual([]);
  });

  it('fails when the custom resource is in another namespace or is a built-in kind', () => {
    const elsewhere = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'k8s', namespace: 'monitoring' }, spec: { podMetadata: { labels: { app: 'prometheus' } } } };
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', labels: { app: 'prometheus' } } };
    expect(selectorRules([service('web', { selector: { app: 'prometheus' } }), elsewhere, configMap])).toEqual([0]);
  });
});

describe('probe ports', () => {
  it('passes when a probe uses a port number that no container declares', () => {
    const web = deployment('web');
    web.spec.template.spec.containers[0].livenessProbe = { httpGet: { path: '/healthz', port: 10254 } };
    expect(check([web]).findings.filter((finding) => finding.rule === 'probe-port-missing')).toEqual([]);
  });
});

describe('partial input', () => {
  it('reports absent objects at info unless the input is whole', () => {
    const web = deployment('web');
    web.spec.template.spec.volumes = [{ name: 'config', configMap: { name: 'settings' } }];
    const partial = check([web, service('api')], {}, { whole: false }).findings.filter((finding) => finding.rule.endsWith('-missing') || finding.rule.includes('nothing'));
    expect(partial.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['configmap-ref-missing', 'info'],
      ['service-selector-matches-nothing', 'info'],
    ]);
    const whole = check([web, service('api')]).findings.filter((finding) => finding.rule.endsWith('-missing') || finding.rule.includes('nothing'));
    expect(whole.map((finding) => finding.severity)).toEqual(['error', 'error']);
  });

  it('keeps findings about objects that are present at their severity', () => {
    const db = { ...deployment('db'), kind: 'StatefulSet' };
    db.spec.serviceName = 'db';
    const notHeadless = service('db');
    const found = check([db, notHeadless, secret()], { rules: { 'statefulset-service-missing': 'error' } }, { whole: false }).findings.filter((finding) => finding.rule === 'statefulset-service-missing');
    expect(found.map((finding) => finding.severity)).toEqual(['error']);
  });
});

describe('the world fixtures in two phases', () => {
  it.each([...KNOWN_GOOD, 'true-positives'])('finds the same on projections as on whole objects: %s', (name) => {
    const objects = documentsOf(readFileSync(world(name), 'utf8')) as Manifest[];
    const subjects = objects.map((object, index) => ({ object, index }));
    const session = new RuleSession();
    const describeAll = (outcomes: { findings: Map<number, Finding[]> }[]) => outcomes.flatMap((outcome) => [...outcome.findings].flatMap(([index, list]) => list.map((finding) => `${index} ${finding.rule} ${finding.path} ${finding.message}`))).sort();
    const phased = [session.checkObjects(subjects), session.checkAcross(subjects.map(({ object, index }) => ({ object: projectForRules(object), index })))];
    expect(describeAll(phased)).toEqual(describeAll([session.checkAll(subjects)]));
  });
});

describe('resolved references, for tools that draw or follow them', () => {
  const resolved = (name: string) => {
    const objects = documentsOf(readFileSync(world(name), 'utf8')) as Manifest[];
    const context = new RuleContext(objects.map((object, index) => ({ object, index })));
    return context.objects.flatMap((object) => resolveReferences(context, object)).map((reference) => ({
      from: `${reference.from.kind}/${reference.from.name}`,
      to: `${reference.kind}/${reference.name}`,
      resolution: reference.resolution,
      targets: reference.targets.map((target) => `${target.kind}/${target.name}`),
      createdBy: reference.createdBy,
    }));
  };

  it('tells what the run creates, and by what', () => {
    const redis = resolved('argocd').filter((reference) => reference.to === 'Secret/argocd-redis');
    expect(redis).toHaveLength(3);
    for (const reference of redis) {
      expect(reference.resolution).toBe('created-by-run');
      expect(reference.createdBy).toContain('init container "secret-init" of Deployment "argocd-redis"');
    }
  });

  it('tells which custom resource owns the selected pods', () => {
    const service = resolved('kube-prometheus').find((reference) => reference.from === 'Service/prometheus-k8s');
    expect(service).toMatchObject({ resolution: 'pod-owner', targets: ['Prometheus/k8s'] });
  });

  it('tells found and missing references apart', () => {
    const references = resolved('cert-manager').concat(resolved('true-positives'));
    expect(references.find((reference) => reference.from === 'Ingress/web' && reference.to === 'Service/web')).toMatchObject({ resolution: 'found', targets: ['Service/web'] });
    expect(references.find((reference) => reference.to === 'Secret/grafana-admin-pasword')).toMatchObject({ resolution: 'missing', targets: [] });
  });
});
