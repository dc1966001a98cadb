// Partial and whole input, and kustomization folders as units: what `kubeforge validate` calls an error depends on
// whether the input may be only part of an application.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateJson } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'kubeforge-units-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const file = join(root, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n';
const DEPLOYMENT = (name: string, configMap = `${name}-settings`) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: app
          image: registry.example.com/app:1.0.0
          ports:
            - { name: http, containerPort: 8080 }
          envFrom:
            - configMapRef: { name: ${configMap} }
`;
const CONFIG_MAP = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  mode: fast\n`;
const KUSTOMIZATION = (resources: string[], extra = '') => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((resource) => `  - ${resource}\n`).join('')}${extra}`;

type Report = Awaited<ReturnType<typeof validateJson>>['report'];
const findings = (report: Report, rule: string) => report.resources.flatMap((resource) => resource.findings.filter((finding) => finding.rule === rule).map((finding) => ({ ...finding, name: resource.name, file: resource.file })));

describe('partial input', () => {
  it('passes when one valid Service file is given alone, noting at info that its pods are not in the input', async () => {
    const { code, report } = await validateJson(write('partial/service.yaml', SERVICE));
    expect(code).toBe(0);
    expect(findings(report, 'service-selector-matches-nothing').map((finding) => finding.severity)).toEqual(['info']);
  });

  it('fails when the same Service is declared whole with --whole', async () => {
    const { code, report } = await validateJson('--whole', write('partial/service.yaml', SERVICE));
    expect(code).toBe(1);
    expect(findings(report, 'service-selector-matches-nothing').map((finding) => finding.severity)).toEqual(['error']);
  });

  it('passes when a Deployment comes without its ConfigMap, and fails with --whole', async () => {
    const file = write('partial/deployment.yaml', DEPLOYMENT('web'));
    expect((await validateJson(file)).code).toBe(0);
    const whole = await validateJson('--whole', file);
    expect(whole.code).toBe(1);
    expect(findings(whole.report, 'configmap-ref-missing')).toHaveLength(1);
  });

  it('checks duplicates per folder: separate apps in sibling folders do not clash, two files of one folder do', async () => {
    write('apps/one/config.yaml', CONFIG_MAP('settings'));
    write('apps/two/config.yaml', CONFIG_MAP('settings'));
    expect(findings((await validateJson(join(root, 'apps'))).report, 'duplicate-object')).toEqual([]);
    write('apps/two/again.yaml', CONFIG_MAP('settings'));
    const { report } = await validateJson(join(root, 'apps'));
    expect(findings(report, 'duplicate-object').map((finding) => finding.file.endsWith('two/config.yaml'))).toEqual([true]);
    // Whole input is one application: the same object in two folders is a duplicate.
    const whole = await validateJson('--whole', join(root, 'apps', 'one'), join(root, 'apps', 'two', 'config.yaml'));
    expect(findings(whole.report, 'duplicate-object')).toHaveLength(1);
  });

  it('reads a file given on its own as partial even when its folder has a kustomization', async () => {
    write('single/kustomization.yaml', KUSTOMIZATION(['deployment.yaml']));
    const file = write('single/deployment.yaml', DEPLOYMENT('web'));
    expect((await validateJson(file)).code).toBe(0);
  });
});

describe('kustomization folders', () => {
  it('are whole: a reference to an object absent from the folder is an error', async () => {
    write('whole/app/kustomization.yaml', KUSTOMIZATION(['deployment.yaml']));
    write('whole/app/deployment.yaml', DEPLOYMENT('web'));
    const { code, report } = await validateJson(join(root, 'whole'));
    expect(code).toBe(1);
    expect(findings(report, 'configmap-ref-missing').map((finding) => finding.severity)).toEqual(['error']);
  });

  it('are one unit each: the same object in sibling folders is no duplicate, and references do not cross folders', async () => {
    for (const app of ['one', 'two']) {
      write(`siblings/${app}/kustomization.yaml`, KUSTOMIZATION(['deployment.yaml', 'config.yaml']));
      write(`siblings/${app}/deployment.yaml`, DEPLOYMENT('web'));
      write(`siblings/${app}/config.yaml`, CONFIG_MAP('web-settings'));
    }
    write('siblings/three/kustomization.yml', KUSTOMIZATION(['deployment.yaml']));
    write('siblings/three/deployment.yaml', DEPLOYMENT('web'));
    const { code, report } = await validateJson(join(root, 'siblings'));
    expect(findings(report, 'duplicate-object')).toEqual([]);
    expect(findings(report, 'configmap-ref-missing').map((finding) => [finding.file.endsWith('three/deployment.yaml'), finding.severity])).toEqual([[true, 'error']]);
    expect(code).toBe(1);
  });

  it('find duplicates within a folder', async () => {
    write('duplicates/app/kustomization.yaml', KUSTOMIZATION(['a.yaml', 'b.yaml']));
    write('duplicates/app/a.yaml', CONFIG_MAP('settings'));
    write('duplicates/app/b.yaml', CONFIG_MAP('settings'));
    const { report } = await validateJson(join(root, 'duplicates'));
    expect(findings(report, 'duplicate-object')).toHaveLength(1);
  });

  it('recognise the kustomization and the files it uses as patches or configurations, not as resources', async () => {
    write('config/app/kustomization.yaml', KUSTOMIZATION(['deployment.yaml'], 'patches:\n  - path: replicas.yaml\nconfigurations:\n  - kustomizeconfig.yaml\nconfigMapGenerator:\n  - name: web-settings\n    literals: [mode=fast]\n'));
    write('config/app/deployment.yaml', DEPLOYMENT('web'));
    write('config/app/replicas.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n');
    write('config/app/kustomizeconfig.yaml', 'nameReference:\n  - kind: ConfigMap\n    fieldSpecs: []\n');
    const { code, report } = await validateJson(join(root, 'config'));
    expect(report.resources.map((resource) => resource.file.slice(resource.file.lastIndexOf('/') + 1))).toEqual(['deployment.yaml']);
    // The ConfigMap comes from configMapGenerator.
    expect(findings(report, 'configmap-ref-missing')).toEqual([]);
    expect(code).toBe(0);
  });

  it('are partial when their resources come from outside the folder (an overlay on ../base)', async () => {
    write('overlay/base/deployment.yaml', DEPLOYMENT('web'));
    write('overlay/prod/kustomization.yaml', KUSTOMIZATION(['../base', 'extra.yaml']));
    write('overlay/prod/extra.yaml', DEPLOYMENT('api', 'api-settings'));
    const { code, report } = await validateJson(join(root, 'overlay', 'prod'));
    expect(findings(report, 'configmap-ref-missing').map((finding) => finding.severity)).toEqual(['info']);
    expect(code).toBe(0);
  });

  it('give every namespaced object the kustomization namespace for the rules', async () => {
    write('namespaced/app/kustomization.yaml', KUSTOMIZATION(['deployment.yaml', 'config.yaml'], 'namespace: shop\n'));
    write('namespaced/app/deployment.yaml', DEPLOYMENT('web'));
    write('namespaced/app/config.yaml', CONFIG_MAP('web-settings').replace('  name: web-settings\n', '  name: web-settings\n  namespace: shop\n'));
    const { report } = await validateJson(join(root, 'namespaced'));
    expect(findings(report, 'configmap-ref-missing')).toEqual([]);
  });
});
