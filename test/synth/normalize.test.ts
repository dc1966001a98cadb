// What synth adds to objects on their way out: config checksums on pod templates, namespaces of
// ServiceAccount subjects, and the GitOps tools' namespaces taken as existing by the gate.
import { ApiObject, type Chart } from 'cdk8s';
import { load } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { ConfigMap, CronJob, Deployment, EnvFrom, Job, Probe, Volume } from '../../lib';
import { defineProgram, render, settingsFrom } from '../../lib/synth';

type Manifest = Record<string, any>;

/** Renders one app `web` (namespace `web`) in one environment `dev`, in memory. */
function renderApp(build: (scope: Chart) => void, config: Record<string, unknown> = {}) {
  const program = defineProgram({ environments: { dev: {} }, apps: { web: (scope) => build(scope) } });
  const rendering = render(program, { settings: settingsFrom(config) });
  const objects = new Map<string, Manifest>();
  for (const file of rendering.files) {
    if (file.resources.length === 1) objects.set(file.path, load(file.content) as Manifest);
  }
  return { rendering, objects, object: (path: string) => objects.get(path) as Manifest };
}

const CONFIGMAP_CHECKSUM = 'checksum.kubeforge.io/configmap-settings';

describe('synth config checksums', () => {
  const deploymentReading = (logLevel: string, replicas = 2) =>
    renderApp((scope) => {
      const settings = new ConfigMap(scope, 'settings', { name: 'settings', data: { LOG_LEVEL: logLevel } });
      new Deployment(scope, 'api', {
        replicas,
        containers: [{ image: 'api:1.0.0', envFrom: [EnvFrom.configMap(settings)], readiness: Probe.http('/healthz', 8080) }],
      });
    });

  test('gives the pod template of a kubeforge Deployment the synth checksum of the ConfigMap it reads, and only that one', () => {
    const { rendering, object } = deploymentReading('info');
    expect(rendering.errors).toBe(0);
    const annotations = object('dev/web/Deployment.apps.api.yaml').spec.template.metadata.annotations;
    expect(Object.keys(annotations)).toEqual([CONFIGMAP_CHECKSUM]);
    expect(annotations[CONFIGMAP_CHECKSUM]).toMatch(/^[0-9a-f]{64}$/);
  });

  test('changes the checksum when the ConfigMap content changes, and only then', () => {
    const checksum = (logLevel: string, replicas?: number) =>
      deploymentReading(logLevel, replicas).object('dev/web/Deployment.apps.api.yaml').spec.template.metadata.annotations[CONFIGMAP_CHECKSUM];
    expect(checksum('info', 2)).toBe(checksum('info', 5));
    expect(checksum('info')).not.toBe(checksum('debug'));
  });

  test('annotates the job template of a CronJob but never the immutable pod template of a Job', () => {
    const { rendering, object } = renderApp((scope) => {
      const settings = new ConfigMap(scope, 'settings', { name: 'settings', data: { MODEL: 'v1' } });
      const config = Volume.fromConfigMap('config', settings);
      new Job(scope, 'train', { containers: [{ image: 'train:1.0.0', volumeMounts: [{ path: '/etc/train', volume: config }] }] });
      new CronJob(scope, 'nightly', { schedule: '0 3 * * *', containers: [{ image: 'train:1.0.0', volumeMounts: [{ path: '/etc/train', volume: config }] }] });
    });
    expect(rendering.errors).toBe(0);
    expect(object('dev/web/Job.batch.train.yaml').spec.template.metadata.annotations).toBeUndefined();
    const cronAnnotations = object('dev/web/CronJob.batch.nightly.yaml').spec.jobTemplate.spec.template.metadata.annotations;
    expect(Object.keys(cronAnnotations)).toEqual([CONFIGMAP_CHECKSUM]);
  });
});

describe('synth ServiceAccount subjects', () => {
  test('gives ServiceAccount subjects of role bindings that name no namespace the app namespace', () => {
    const subjects = [
      { kind: 'ServiceAccount', name: 'reader' },
      { kind: 'ServiceAccount', name: 'auditor', namespace: 'audit' },
      { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
    ];
    const { rendering, object } = renderApp((scope) => {
      const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' };
      new ApiObject(scope, 'cluster-binding', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'readers' }, roleRef, subjects });
      new ApiObject(scope, 'binding', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'readers' }, roleRef, subjects });
    }, { kubeforge: { rules: { 'namespace-missing': 'off' } } });
    expect(rendering.errors).toBe(0);
    const expected = [
      { kind: 'ServiceAccount', name: 'reader', namespace: 'web' },
      { kind: 'ServiceAccount', name: 'auditor', namespace: 'audit' },
      { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
    ];
    const clusterBinding = object('dev/platform/ClusterRoleBinding.rbac.authorization.k8s.io.readers.yaml');
    expect(clusterBinding.metadata.namespace).toBeUndefined();
    expect(clusterBinding.subjects).toEqual(expected);
    expect(object('dev/web/RoleBinding.rbac.authorization.k8s.io.readers.yaml').subjects).toEqual(expected);
  });

  test('fills in the namespace of a RoleBinding placed outside the app namespace, as the API server reads it', () => {
    const { object } = renderApp((scope) => {
      new ApiObject(scope, 'binding', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'readers', namespace: 'monitoring' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader' }],
      });
    });
    expect(object('dev/web/RoleBinding.rbac.authorization.k8s.io.readers.monitoring.yaml').subjects).toEqual([{ kind: 'ServiceAccount', name: 'reader', namespace: 'monitoring' }]);
  });
});

describe('synth delivery objects in the GitOps tools namespaces', () => {
  const delivery = {
    repository: { url: 'https://git.example.com/shop.git', revision: 'main' },
    argocd: { namespace: 'gitops' },
    flux: {},
  };

  test('passes when Applications and Kustomizations live in the tools namespaces that the run does not create', () => {
    const { rendering } = renderApp((scope) => {
      new ApiObject(scope, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { MODE: 'fast' } });
    }, { kubeforge: delivery });
    const deliveryResults = rendering.environments.flatMap((environment) => environment.results).filter((result) => result.file?.includes('/delivery/'));
    expect(deliveryResults.flatMap((result) => result.findings)).toEqual([]);
    expect(rendering.warnings).toBe(0);
    const deliveryFiles = rendering.files.filter((file) => file.path.startsWith('delivery/') && file.resources.length > 0);
    expect(deliveryFiles.map((file) => (load(file.content) as Manifest).metadata.namespace)).toEqual(['gitops', 'gitops', 'gitops', 'flux-system', 'flux-system']);
    for (const file of deliveryFiles) expect(file.content).not.toContain('kubeforge.io/external-refs');
  });

  test('still warns about an app object in a namespace that nothing creates', () => {
    const { rendering } = renderApp((scope) => {
      new ApiObject(scope, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'flux-system' }, data: { MODE: 'fast' } });
    }, { kubeforge: delivery });
    const findings = rendering.environments.flatMap((environment) => environment.results).flatMap((result) => result.findings);
    expect(findings.map((finding) => finding.rule)).toEqual(['namespace-missing']);
  });
});
