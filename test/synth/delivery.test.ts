import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, test } from 'vitest';
import { DELIVERY_CONFIG, fixtureEntry, project, type Project } from './helpers';

let current: Project | undefined;
afterEach(() => current?.remove());

function open(options: Parameters<typeof project>[0] = {}): Project {
  current = project(options);
  return current;
}

type Manifest = Record<string, any>;

function manifest(shop: Project, path: string): Manifest {
  return load(shop.read(path)) as Manifest;
}

describe('Argo CD delivery', () => {
  test('a root Application per environment syncs the delivery folder, which lists it and an Application per app', async () => {
    const shop = open({ config: DELIVERY_CONFIG });
    const run = await shop.synth();
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    expect([...shop.tree().keys()].filter((path) => path.startsWith('delivery/argocd/dev/'))).toEqual([
      'delivery/argocd/dev/.kubeforge',
      'delivery/argocd/dev/Application.argoproj.io.dev-platform.yaml',
      'delivery/argocd/dev/Application.argoproj.io.dev-web.yaml',
      'delivery/argocd/dev/Application.argoproj.io.dev-worker.yaml',
      'delivery/argocd/dev/Application.argoproj.io.dev.yaml',
      'delivery/argocd/dev/kustomization.yaml',
    ]);
    const root = manifest(shop, 'delivery/argocd/dev/Application.argoproj.io.dev.yaml');
    expect(root.spec.source).toEqual({ repoURL: 'https://git.example.com/shop.git', targetRevision: 'main', path: 'dist/delivery/argocd/dev' });
    expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
    expect(manifest(shop, 'delivery/argocd/dev/kustomization.yaml').resources).toContain('Application.argoproj.io.dev.yaml');

    const application = manifest(shop, 'delivery/argocd/dev/Application.argoproj.io.dev-web.yaml');
    expect(application.metadata.namespace).toBe('argocd');
    expect(application.spec.source).toEqual({ repoURL: 'https://git.example.com/shop.git', targetRevision: 'main', path: 'dist/dev/web' });
    expect(application.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'web' });
    for (const app of [root, application]) {
      expect(app.metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
      expect(app.metadata.annotations['argocd.argoproj.io/manifest-generate-paths']).toBe('.');
      expect(app.spec.syncPolicy).toEqual({
        automated: { prune: true, selfHeal: true },
        retry: { limit: 10, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
      });
    }
    expect(application.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(manifest(shop, 'delivery/argocd/dev/Application.argoproj.io.dev-platform.yaml').metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
  });

  test('an app removed from the code leaves the folder the root syncs, so Argo CD prunes it', async () => {
    const shop = open({ config: DELIVERY_CONFIG });
    await shop.synth();
    expect((await shop.synth('--entry', fixtureEntry('shop-without-worker'))).code).toBe(0);
    const tree = shop.tree();
    expect(tree.has('delivery/argocd/dev/Application.argoproj.io.dev-worker.yaml')).toBe(false);
    expect(manifest(shop, 'delivery/argocd/dev/kustomization.yaml').resources).not.toContain('Application.argoproj.io.dev-worker.yaml');
    expect(tree.has('delivery/flux/dev/kubeforge/Kustomization.kustomize.toolkit.fluxcd.io.dev-worker.yaml')).toBe(false);
    expect([...tree.keys()].some((path) => path.startsWith('dev/worker/'))).toBe(false);
  });

  test('cascadeDelete: false drops the finalizer, retryLimit sets the attempts', async () => {
    const shop = open({ config: DELIVERY_CONFIG.replace('argocd: {}', 'argocd:\n    cascadeDelete: false\n    retryLimit: 3') });
    expect((await shop.synth()).code).toBe(0);
    const application = manifest(shop, 'delivery/argocd/prod/Application.argoproj.io.prod-web.yaml');
    expect(application.metadata.finalizers).toBeUndefined();
    expect(application.spec.syncPolicy.retry.limit).toBe(3);
    const broken = await shop.synth('--config', 'broken.yaml');
    expect(broken.code).toBe(2);
  });

  test('applicationSet: true writes one ApplicationSet with a Git directory generator over the app folders', async () => {
    const shop = open({ config: DELIVERY_CONFIG.replace('argocd: {}', 'argocd:\n    applicationSet: true') });
    const run = await shop.synth();
    expect(run.stderr).not.toMatch(/^error:/m);
    expect([...shop.tree().keys()].filter((path) => path.startsWith('delivery/argocd/prod/'))).toEqual([
      'delivery/argocd/prod/.kubeforge',
      'delivery/argocd/prod/Application.argoproj.io.prod.yaml',
      'delivery/argocd/prod/ApplicationSet.argoproj.io.prod.yaml',
      'delivery/argocd/prod/kustomization.yaml',
    ]);
    const set = manifest(shop, 'delivery/argocd/prod/ApplicationSet.argoproj.io.prod.yaml');
    expect(set.spec.generators).toEqual([{ git: { repoURL: 'https://git.example.com/shop.git', revision: 'main', directories: [{ path: 'dist/prod/*' }] } }]);
    expect(set.spec.template.metadata.name).toBe('prod-{{.path.basename}}');
    expect(set.spec.template.spec.source.path).toBe('{{.path.path}}');
    expect(set.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: false });
  });

  test('refuses a negative or fractional retryLimit, naming the key', async () => {
    const shop = open({ config: DELIVERY_CONFIG.replace('argocd: {}', 'argocd:\n    retryLimit: 2.5') });
    const run = await shop.synth();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('kubeforge.argocd.retryLimit: expected a whole number of attempts');
  });
});

test('an output folder at the root of the repository gives paths without ./ or a leading dot folder', async () => {
  const shop = open({ config: DELIVERY_CONFIG.replace('revision: main', 'revision: main\n    path: ./') });
  expect((await shop.synth('--env', 'dev')).code).toBe(0);
  expect(manifest(shop, 'delivery/argocd/dev/Application.argoproj.io.dev-web.yaml').spec.source.path).toBe('dev/web');
  expect(manifest(shop, 'delivery/argocd/dev/Application.argoproj.io.dev.yaml').spec.source.path).toBe('delivery/argocd/dev');
  expect(manifest(shop, 'delivery/flux/dev/kubeforge/Kustomization.kustomize.toolkit.fluxcd.io.dev-web.yaml').spec.path).toBe('./dev/web');
});

describe('Flux delivery', () => {
  test('writes the Kustomizations into <cluster folder>/kubeforge and nothing that flux bootstrap writes', async () => {
    const shop = open({ config: DELIVERY_CONFIG });
    expect((await shop.synth()).code).toBe(0);
    expect([...shop.tree().keys()].filter((path) => path.startsWith('delivery/flux/dev/'))).toEqual([
      'delivery/flux/dev/kubeforge/.kubeforge',
      'delivery/flux/dev/kubeforge/Kustomization.kustomize.toolkit.fluxcd.io.dev-platform.yaml',
      'delivery/flux/dev/kubeforge/Kustomization.kustomize.toolkit.fluxcd.io.dev-web.yaml',
      'delivery/flux/dev/kubeforge/Kustomization.kustomize.toolkit.fluxcd.io.dev-worker.yaml',
      'delivery/flux/dev/kubeforge/kustomization.yaml',
    ]);
    const worker = manifest(shop, 'delivery/flux/dev/kubeforge/Kustomization.kustomize.toolkit.fluxcd.io.dev-worker.yaml');
    expect(worker.spec).toMatchObject({ path: './dist/dev/worker', prune: true, dependsOn: [{ name: 'dev-platform' }], sourceRef: { kind: 'GitRepository', name: 'flux-system' } });
    expect(manifest(shop, 'delivery/flux/dev/kubeforge/Kustomization.kustomize.toolkit.fluxcd.io.dev-platform.yaml').spec.dependsOn).toBeUndefined();
  });

  test('leaves the files of flux bootstrap and of people in the cluster folder alone, and does not call them stray', async () => {
    const shop = open({ config: DELIVERY_CONFIG });
    const cluster = join(shop.directory, 'dist', 'delivery', 'flux', 'dev');
    mkdirSync(join(cluster, 'flux-system'), { recursive: true });
    writeFileSync(join(cluster, 'flux-system', 'kustomization.yaml'), 'resources: [gotk-components.yaml, gotk-sync.yaml]\n');
    writeFileSync(join(cluster, 'infrastructure.yaml'), 'kind: Kustomization\n');
    expect((await shop.synth()).code).toBe(0);
    expect(shop.read('delivery/flux/dev/flux-system/kustomization.yaml')).toBe('resources: [gotk-components.yaml, gotk-sync.yaml]\n');
    expect(shop.read('delivery/flux/dev/infrastructure.yaml')).toBe('kind: Kustomization\n');
    expect(existsSync(join(cluster, 'kustomization.yaml'))).toBe(false);
    const check = await shop.synth('--check');
    expect(check.stdout).toContain('dist/ is up to date');
    expect(check.code).toBe(0);
  });

  test('moves the Kustomizations of an older tree out of the cluster folder', async () => {
    const shop = open({ config: DELIVERY_CONFIG });
    const cluster = join(shop.directory, 'dist', 'delivery', 'flux', 'dev');
    mkdirSync(cluster, { recursive: true });
    writeFileSync(join(cluster, 'kustomization.yaml'), 'resources:\n  - Kustomization.kustomize.toolkit.fluxcd.io.dev-web.yaml\n');
    writeFileSync(join(cluster, 'Kustomization.kustomize.toolkit.fluxcd.io.dev-web.yaml'), 'old: true\n');
    writeFileSync(join(cluster, '.kubeforge'), '# marker\nkustomization.yaml\nKustomization.kustomize.toolkit.fluxcd.io.dev-web.yaml\n');
    writeFileSync(join(cluster, 'infrastructure.yaml'), 'kind: Kustomization\n');
    const run = await shop.synth();
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('stray');
    expect([...shop.tree().keys()].filter((path) => path.startsWith('delivery/flux/dev/') && !path.startsWith('delivery/flux/dev/kubeforge/'))).toEqual(['delivery/flux/dev/infrastructure.yaml']);
  });
});

describe('delivery objects against the Argo CD and Flux schemas', () => {
  test('pass when rendered as configured, with Applications, an ApplicationSet and the bundle layout', async () => {
    for (const config of [DELIVERY_CONFIG, DELIVERY_CONFIG.replace('argocd: {}', 'argocd:\n    applicationSet: true')]) {
      for (const layout of ['files', 'bundle']) {
        const shop = open({ config });
        const run = await shop.synth('--layout', layout);
        expect(run.stderr).not.toMatch(/^(error|warning): .*delivery/m);
        expect(run.code).toBe(0);
        shop.remove();
      }
    }
  });

  test('fail when a field breaks the Flux schema, and nothing is written', async () => {
    const shop = open({ config: DELIVERY_CONFIG.replace('flux: {}', 'flux:\n    interval: soon') });
    const run = await shop.synth();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Kustomization\/dev-web.*spec\.interval/);
    expect(existsSync(join(shop.directory, 'dist'))).toBe(false);
  });
});

test('every kustomization.yaml says apiVersion kustomize.config.k8s.io/v1beta1 and kind Kustomization', async () => {
  const shop = open({ config: DELIVERY_CONFIG });
  await shop.synth();
  const kustomizations = [...shop.tree()].filter(([path]) => path.endsWith('kustomization.yaml'));
  expect(kustomizations.length).toBe(10);
  for (const [, content] of kustomizations) {
    expect(content.startsWith('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n')).toBe(true);
  }
});

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

// Without kubectl these tests are reported as skipped, not passed.
describe.skipIf(!hasKubectl)('kubectl kustomize', () => {
  test('builds every folder with a kustomization.yaml, delivery folders included, into the objects of its files', async () => {
    const shop = open({ config: DELIVERY_CONFIG });
    await shop.synth();
    const tree = shop.tree();
    const folders = [...tree.keys()].filter((path) => path.endsWith('/kustomization.yaml')).map((path) => path.slice(0, -'/kustomization.yaml'.length));
    expect(folders).toContain('delivery/argocd/dev');
    expect(folders).toContain('delivery/flux/prod/kubeforge');
    expect(folders.length).toBe(10);
    for (const folder of folders) {
      const output = execFileSync('kubectl', ['kustomize', join(shop.directory, 'dist', folder)], { encoding: 'utf8' });
      const built = output.split(/^---\n/m).map((text) => load(text) as Manifest).map((object) => `${object.kind}/${object.metadata.name}`).sort();
      const listed = (manifest(shop, `${folder}/kustomization.yaml`).resources as string[])
        .map((file) => manifest(shop, `${folder}/${file}`))
        .map((object) => `${object.kind}/${object.metadata.name}`)
        .sort();
      expect(built).toEqual(listed);
    }
  });
});
