import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, test } from 'vitest';
import { project, type Project } from './helpers';

let current: Project | undefined;
afterEach(() => current?.remove());

function open(options: Parameters<typeof project>[0] = {}): Project {
  current = project(options);
  return current;
}

describe('synth layout', () => {
  test('writes one file per resource under dist/<env>/<app>/ named <Kind>[.<group>].<name>[.<namespace>].yaml', async () => {
    const shop = open();
    const run = await shop.synth();
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const files = [...shop.tree().keys()].filter((path) => path.startsWith('dev/'));
    expect(files).toEqual([
      'dev/platform/.kubeforge',
      'dev/platform/ClusterRole.rbac.authorization.k8s.io.pod-reader.yaml',
      'dev/platform/Namespace.jobs.yaml',
      'dev/platform/Namespace.web.yaml',
      'dev/platform/kustomization.yaml',
      'dev/web/.kubeforge',
      'dev/web/ConfigMap.settings.yaml',
      'dev/web/Deployment.apps.web.yaml',
      'dev/web/HorizontalPodAutoscaler.autoscaling.web.yaml',
      'dev/web/Ingress.networking.k8s.io.web.yaml',
      'dev/web/Secret.token.yaml',
      'dev/web/Service.web.yaml',
      'dev/web/kustomization.yaml',
      'dev/worker/.kubeforge',
      'dev/worker/ConfigMap.worker.monitoring.yaml',
      'dev/worker/Deployment.apps.worker.yaml',
      'dev/worker/kustomization.yaml',
    ]);
    expect(run.stdout).toMatch(/^dev: 2 apps, 11 objects, (?:0 errors, \d+ warnings, )?\d+ files written, 0 unchanged \(\d+\.\d\d s\)$/m);
  });

  test('lists resources in Helm install order, then by name, as the only content of kustomization.yaml', async () => {
    const shop = open();
    await shop.synth();
    expect(shop.read('dev/web/kustomization.yaml')).toBe(
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '  - Secret.token.yaml',
        '  - ConfigMap.settings.yaml',
        '  - Service.web.yaml',
        '  - Deployment.apps.web.yaml',
        '  - HorizontalPodAutoscaler.autoscaling.web.yaml',
        '  - Ingress.networking.k8s.io.web.yaml',
        '',
      ].join('\n'),
    );
    expect(shop.read('dev/platform/kustomization.yaml')).toBe(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - Namespace.jobs.yaml\n  - Namespace.web.yaml\n  - ClusterRole.rbac.authorization.k8s.io.pod-reader.yaml\n',
    );
  });

  test('gives namespaced objects the app namespace and cluster-scoped objects none', async () => {
    const shop = open();
    await shop.synth();
    const role = load(shop.read('dev/platform/ClusterRole.rbac.authorization.k8s.io.pod-reader.yaml')) as { metadata: Record<string, unknown> };
    expect(role.metadata).toEqual({ name: 'pod-reader' });
    const namespace = load(shop.read('dev/platform/Namespace.web.yaml')) as { metadata: Record<string, unknown> };
    expect(namespace.metadata).toEqual({ name: 'web' });
    expect((load(shop.read('dev/web/Service.web.yaml')) as { metadata: { namespace: string } }).metadata.namespace).toBe('web');
    expect((load(shop.read('dev/worker/Deployment.apps.worker.yaml')) as { metadata: { namespace: string } }).metadata.namespace).toBe('jobs');
    expect((load(shop.read('dev/worker/ConfigMap.worker.monitoring.yaml')) as { metadata: { namespace: string } }).metadata.namespace).toBe('monitoring');
  });

  test('emits sorted keys with apiVersion, kind and metadata first, quoted YAML 1.1 look-alikes, canonical quantities, no empty noise', async () => {
    const shop = open();
    await shop.synth();
    expect(shop.read('dev/web/ConfigMap.settings.yaml')).toBe(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: settings',
        '  namespace: web',
        'data:',
        '  ANSWER: "yes"',
        '  AT: "12:30"',
        '  EMPTY: ""',
        '  FEATURE: "on"',
        '  MODE: debug',
        '  SCALE: "1e3"',
        '  TAG: "1.10"',
        '  UMASK: "0777"',
        '',
      ].join('\n'),
    );
    const deployment = shop.read('dev/web/Deployment.apps.web.yaml');
    expect(deployment).toContain('            requests:\n              cpu: 250m\n              memory: 1Gi\n');
    expect(deployment).toContain('            limits:\n              cpu: "1"\n              memory: 1536Mi\n');
    expect(deployment).not.toContain('annotations: {}');
    expect(deployment).not.toContain('securityContext');
    expect(deployment).not.toContain('\r');
  });

  test('annotates pod templates with a checksum of each ConfigMap and Secret they consume, changing with the data', async () => {
    const shop = open({ env: { KUBEFORGE_CHECKSUM_KEY: 'key-held-by-ci' } });
    await shop.synth();
    type Workload = { spec: { template: { metadata: { annotations: Record<string, string> } } } };
    const before = load(shop.read('dev/web/Deployment.apps.web.yaml')) as Workload;
    const annotations = before.spec.template.metadata.annotations;
    expect(Object.keys(annotations)).toEqual(['checksum.kubeforge.io/configmap-settings', 'checksum.kubeforge.io/secret-token']);
    expect(annotations['checksum.kubeforge.io/secret-token']).toMatch(/^[0-9a-f]{64}$/);
    const drifted = await shop.synth('--entry', join(__dirname, 'fixtures', 'shop-drift.js'));
    expect(drifted.code).toBe(0);
    const after = load(shop.read('dev/web/Deployment.apps.web.yaml')) as Workload;
    expect(after.spec.template.metadata.annotations['checksum.kubeforge.io/secret-token']).not.toBe(annotations['checksum.kubeforge.io/secret-token']);
    expect(after.spec.template.metadata.annotations['checksum.kubeforge.io/configmap-settings']).toBe(annotations['checksum.kubeforge.io/configmap-settings']);
  });

  test('keys the Secret checksum: the plain sha256 of the data never appears, and another key gives another value', async () => {
    const { createHash } = await import('node:crypto');
    const digestOf = (value: string) => createHash('sha256').update(`{"binaryData":null,"data":null,"stringData":{"token":"${value}"}}`).digest('hex');
    const first = open({ env: { KUBEFORGE_CHECKSUM_KEY: 'one key' } });
    await first.synth('--env', 'dev');
    const keyed = (load(first.read('dev/web/Deployment.apps.web.yaml')) as Record<string, any>).spec.template.metadata.annotations['checksum.kubeforge.io/secret-token'];
    expect(first.read('dev/web/Secret.token.yaml')).toContain('alpha-secret-value');
    expect(keyed).not.toBe(digestOf('alpha-secret-value'));
    first.remove();
    const second = open({ env: { KUBEFORGE_CHECKSUM_KEY: 'another key' } });
    await second.synth('--env', 'dev');
    expect((load(second.read('dev/web/Deployment.apps.web.yaml')) as Record<string, any>).spec.template.metadata.annotations['checksum.kubeforge.io/secret-token']).not.toBe(keyed);
  });

  test('gives a Secret no checksum without a key, and warns that its pods will not roll', async () => {
    const shop = open();
    const run = await shop.synth('--env', 'dev');
    expect(run.code).toBe(0);
    const annotations = (load(shop.read('dev/web/Deployment.apps.web.yaml')) as Record<string, any>).spec.template.metadata.annotations;
    expect(Object.keys(annotations)).toEqual(['checksum.kubeforge.io/configmap-settings']);
    expect(run.stderr).toMatch(/^warning: dev: Deployment\/web .*no checksum of Secret "token".*KUBEFORGE_CHECKSUM_KEY is not set \[secret-checksum-key\]$/m);
  });

  test('renders only the selected environments and apps', async () => {
    const shop = open();
    const run = await shop.synth('--env', 'prod', '--app', 'web');
    expect(run.code).toBe(0);
    expect(new Set([...shop.tree().keys()].map((path) => path.split('/').slice(0, 2).join('/')))).toEqual(new Set(['prod/web']));
    expect(run.stdout).toMatch(/^prod: 1 app, /);
    const unknown = await shop.synth('--env', 'staging');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown environment "staging"');
  });

  test('bundle layout writes one file per app with the objects in order', async () => {
    const shop = open();
    const run = await shop.synth('--layout', 'bundle');
    expect(run.code).toBe(0);
    expect([...shop.tree().keys()].filter((path) => path.startsWith('dev/'))).toEqual(['dev/.kubeforge', 'dev/platform.yaml', 'dev/web.yaml', 'dev/worker.yaml']);
    const kinds = shop.read('dev/web.yaml').split('---\n').filter(Boolean).map((text) => (load(text) as { kind: string }).kind);
    expect(kinds).toEqual(['Secret', 'ConfigMap', 'Service', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress']);
    // Switching back removes the bundles synth wrote.
    await shop.synth();
    expect(existsSync(join(shop.directory, 'dist', 'dev', 'web.yaml'))).toBe(false);
    expect(existsSync(join(shop.directory, 'dist', 'dev', 'web', 'kustomization.yaml'))).toBe(true);
  });
});

describe('synth ownership', () => {
  test('removes stale files only in folders it owns and never touches foreign files', async () => {
    const shop = open();
    mkdirSync(join(shop.directory, 'dist', 'dev', 'web'), { recursive: true });
    writeFileSync(join(shop.directory, 'dist', 'README.md'), 'not ours\n');
    writeFileSync(join(shop.directory, 'dist', 'dev', 'web', 'notes.txt'), 'not ours either\n');
    expect((await shop.synth()).code).toBe(0);
    await shop.synth('--entry', join(__dirname, 'fixtures', 'shop-drift.js'));
    const tree = shop.tree();
    expect(tree.get('README.md')).toBe('not ours\n');
    expect(tree.get('dev/web/notes.txt')).toBe('not ours either\n');
    expect(tree.has('dev/worker/ConfigMap.worker.monitoring.yaml')).toBe(false);
    expect(tree.has('dev/web/ConfigMap.extra.yaml')).toBe(true);
  });

  test('refuses to overwrite a file it did not write', async () => {
    const shop = open();
    mkdirSync(join(shop.directory, 'dist', 'dev', 'web'), { recursive: true });
    writeFileSync(join(shop.directory, 'dist', 'dev', 'web', 'Service.web.yaml'), 'hand: written\n');
    const run = await shop.synth();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('dev/web/Service.web.yaml');
    expect([...shop.tree().keys()]).toEqual(['dev/web/Service.web.yaml']);
  });
});
