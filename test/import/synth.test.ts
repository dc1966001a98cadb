// Synth with custom resources: objects of imported classes are validated against the CRD their class
// carries, so are objects of CRDs listed in cdk8s.yaml and of CRDs the program renders; a rendered CRD
// is installed before its custom resources by both Argo CD and Flux.
import { ApiObject, type Chart } from 'cdk8s';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CustomResourceDefinition } from '../../lib/import';
import { defineProgram, render, settingsFrom, type RenderOptions } from '../../lib/synth';
import { ConfigError } from '../../lib/synth/config';
import { Gadget, Widget, widgetDefinition, WidgetV1beta1 } from './generated/example.kubeforge.dev';
import { FIXTURES } from './helpers';

const DELIVERY = { repository: { url: 'https://git.example.com/shop.git', revision: 'main' }, argocd: {}, flux: {} };

function settings(extra: Record<string, unknown> = {}) {
  return settingsFrom({ kubeforge: { ...DELIVERY, ...extra } }, 'cdk8s.yaml', FIXTURES);
}

function programOf(build: (scope: Chart) => void) {
  return defineProgram({ environments: { dev: {} }, apps: { shop: build } });
}

function findingsOf(program: ReturnType<typeof programOf>, options: Partial<RenderOptions> = {}) {
  const rendering = render(program, { settings: settings(), ...options });
  return {
    rendering,
    findings: rendering.environments.flatMap((environment) =>
      environment.results.flatMap((result) => result.findings.filter((finding) => finding.severity === 'error').map((finding) => ({ ...finding, name: result.name, kind: result.kind, file: result.file, constructPath: result.constructPath }))),
    ),
    /** A delivery object found by identity, wherever the delivery tree puts it. */
    delivery: (kind: string, name: string) => {
      for (const candidate of rendering.files) {
        if (!candidate.path.startsWith('delivery/')) continue;
        const object = load(candidate.content) as { kind?: string; metadata?: { name?: string } } | null;
        if (object?.kind === kind && object.metadata?.name === name) return object as any;
      }
      throw new Error(`no delivery object ${kind} ${name}`);
    },
    file: (path: string) => {
      const file = rendering.files.find((candidate) => candidate.path === path);
      if (!file) throw new Error(`${path} not rendered; rendered: ${rendering.files.map((candidate) => candidate.path).join(', ')}`);
      return file.content;
    },
  };
}

function validWidgets(scope: Chart): void {
  new Widget(scope, 'good', { metadata: { name: 'good' }, spec: { mode: 'fast', port: 8080, name: 'good', backends: [{ host: 'a', weight: null }], template: { apiVersion: 'v1', kind: 'ConfigMap', data: {} } } });
  new WidgetV1beta1(scope, 'old', { metadata: { name: 'old' }, spec: { size: 2 } });
  new Gadget(scope, 'gadget', { metadata: { name: 'blue' }, spec: { color: 'red' } });
}

describe('synth of custom resources', () => {
  it('passes valid objects of imported classes, and places them by the scope their CRD declares', () => {
    const { rendering, findings, file } = findingsOf(programOf(validWidgets));
    expect(findings).toEqual([]);
    expect(rendering.errors).toBe(0);
    expect(load(file('dev/shop/Widget.example.kubeforge.dev.good.yaml'))).toMatchObject({ apiVersion: 'example.kubeforge.dev/v1', kind: 'Widget', metadata: { name: 'good', namespace: 'shop' }, spec: { port: 8080 } });
    expect(load(file('dev/shop/Widget.example.kubeforge.dev.old.yaml'))).toMatchObject({ apiVersion: 'example.kubeforge.dev/v1beta1' });
    // Gadget is cluster-scoped: the platform app, no namespace.
    expect((load(file('dev/platform/Gadget.example.kubeforge.dev.blue.yaml')) as { metadata: object }).metadata).toEqual({ name: 'blue' });
  });

  it('fails invalid objects of imported classes with the file, the object, the field and what is expected', () => {
    const { rendering, findings } = findingsOf(
      programOf((scope) => {
        new Widget(scope, 'bad-name', { metadata: { name: 'bad-name' }, spec: { mode: 'fast', port: 'http', name: 'Bad_Name' } });
        new WidgetV1beta1(scope, 'too-small', { metadata: { name: 'too-small' }, spec: { size: 0 } });
        // What the types stop, a cast lets through; the schema still catches it.
        new Widget(scope, 'typo', { metadata: { name: 'typo' }, spec: { mode: 'fast', port: 1, replica: 2 } as never });
      }),
    );
    expect(rendering.errors).toBe(3);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'schema', file: 'dist/dev/shop/Widget.example.kubeforge.dev.bad-name.yaml', constructPath: 'shop/bad-name', path: 'spec.name', message: expect.stringContaining('^[a-z][-a-z0-9]*$') }),
        expect.objectContaining({ rule: 'schema', name: 'too-small', path: 'spec.size', message: expect.stringMatching(/>= 1/) }),
        expect.objectContaining({ rule: 'schema', name: 'typo', path: 'spec.replica', message: 'unknown field "replica"; did you mean "replicas"?' }),
      ]),
    );
  });

  it('names the ways to make a CRD known when a custom resource has none', () => {
    const { findings } = findingsOf(
      programOf((scope) => {
        new ApiObject(scope, 'mystery', { apiVersion: 'other.kubeforge.dev/v1', kind: 'Mystery', metadata: { name: 'plum' }, spec: { clue: 'pipe' } });
      }),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'unknown-kind', name: 'plum', path: 'apiVersion', constructPath: 'shop/mystery' });
    expect(findings[0].message).toContain('`kubeforge import CRD-FILE`');
    expect(findings[0].message).toContain('`kubeforge.crds` in cdk8s.yaml');
    expect(findings[0].message).toContain('render the CRD in the program');
    expect(findings[0].message).not.toContain('--crd');
  });

  it('validates custom resources against the CRDs listed under kubeforge.crds in cdk8s.yaml', () => {
    const program = programOf((scope) => {
      new ApiObject(scope, 'plum', { apiVersion: 'other.kubeforge.dev/v1', kind: 'Mystery', metadata: { name: 'plum' }, spec: { clue: 'pipe' } });
      new ApiObject(scope, 'peacock', { apiVersion: 'other.kubeforge.dev/v1', kind: 'Mystery', metadata: { name: 'peacock' }, spec: { clue: 'rope' } });
    });
    const { findings } = findingsOf(program, { settings: settings({ crds: ['config-crds'] }) });
    expect(findings).toEqual([expect.objectContaining({ rule: 'schema', name: 'peacock', path: 'spec.clue', message: '"rope" is not allowed; expected one of "pipe", "candlestick"' })]);
    expect(() => render(program, { settings: settings({ crds: ['no-such-folder'] }) })).toThrow(ConfigError);
    expect(() => render(program, { settings: settings({ crds: ['no-such-folder'] }) })).toThrow(/cdk8s\.yaml: kubeforge\.crds: .*no-such-folder: no such file or folder; fix the path or remove the entry/);
  });

  const renderedCrdProgram = programOf((scope) => {
    new CustomResourceDefinition(scope, 'widgets', widgetDefinition);
    // Plain ApiObjects: only the rendered CRD can tell synth what a Widget is.
    new ApiObject(scope, 'good', { apiVersion: 'example.kubeforge.dev/v1', kind: 'Widget', metadata: { name: 'good' }, spec: { mode: 'safe', port: 80 } });
    new ApiObject(scope, 'bad', { apiVersion: 'example.kubeforge.dev/v1', kind: 'Widget', metadata: { name: 'bad' }, spec: { mode: 'slow', port: 80 } });
    new ApiObject(scope, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, data: {} });
  });

  it('validates custom resources against a CRD the program renders, also when only their app is rendered', () => {
    for (const apps of [undefined, ['shop']]) {
      const { findings } = findingsOf(renderedCrdProgram, { apps });
      expect(findings).toEqual([expect.objectContaining({ rule: 'schema', name: 'bad', path: 'spec.mode', message: expect.stringContaining('"slow" is not allowed') })]);
    }
  });

  it('installs a rendered CRD before its custom resources: platform folder, Argo CD waves and dry-run skip, Flux dependsOn', () => {
    const program = programOf((scope) => {
      new CustomResourceDefinition(scope, 'widgets', widgetDefinition);
      new Widget(scope, 'good', { metadata: { name: 'good' }, spec: { mode: 'safe', port: 80 } });
      new ApiObject(scope, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' }, data: {} });
    });
    const { findings, file, delivery } = findingsOf(program);
    expect(findings).toEqual([]);
    expect(file('dev/platform/kustomization.yaml')).toContain('CustomResourceDefinition.apiextensions.k8s.io.widgets.example.kubeforge.dev.yaml');
    const crd = load(file('dev/platform/CustomResourceDefinition.apiextensions.k8s.io.widgets.example.kubeforge.dev.yaml')) as { metadata: object; spec: { versions: unknown[] } };
    expect(crd.metadata).toEqual({ name: 'widgets.example.kubeforge.dev' });
    expect(crd.spec.versions).toHaveLength(3);
    // Argo CD: the platform Application syncs first; the custom resource waits for the app's other objects and skips the dry run.
    const widget = load(file('dev/shop/Widget.example.kubeforge.dev.good.yaml')) as { metadata: { annotations?: Record<string, string> } };
    expect(widget.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true', 'argocd.argoproj.io/sync-wave': '1' });
    expect((load(file('dev/shop/ConfigMap.config.yaml')) as { metadata: object }).metadata).not.toHaveProperty('annotations');
    const platformApplication = delivery('Application', 'dev-platform');
    const shopApplication = delivery('Application', 'dev-shop');
    expect(Number(platformApplication.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThan(Number(shopApplication.metadata.annotations['argocd.argoproj.io/sync-wave']));
    // Flux: the app's Kustomization depends on the platform one, which holds the CRD.
    expect(delivery('Kustomization', 'dev-shop').spec.dependsOn).toEqual([{ name: 'dev-platform' }]);
    expect(delivery('Kustomization', 'dev-platform').spec.path).toBe('./dist/dev/platform');
  });

  it('leaves custom resources of CRDs it does not render, and settings made on an object, as they are', () => {
    const { file } = findingsOf(
      programOf((scope) => {
        new CustomResourceDefinition(scope, 'widgets', widgetDefinition);
        new Widget(scope, 'waved', { metadata: { name: 'waved', annotations: { 'argocd.argoproj.io/sync-wave': '5', 'argocd.argoproj.io/sync-options': 'Prune=false' } }, spec: { mode: 'safe', port: 80 } });
        new Gadget(scope, 'gadget', { metadata: { name: 'blue' } });
      }),
    );
    expect((load(file('dev/shop/Widget.example.kubeforge.dev.waved.yaml')) as { metadata: { annotations: object } }).metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-options': 'Prune=false,SkipDryRunOnMissingResource=true',
      'argocd.argoproj.io/sync-wave': '5',
    });
    expect((load(file('dev/platform/Gadget.example.kubeforge.dev.blue.yaml')) as { metadata: object }).metadata).toEqual({ name: 'blue' });
  });

  it('adds no Argo CD annotations when the project does not deliver with Argo CD', () => {
    const rendering = render(renderedCrdProgram, { settings: settingsFrom({ kubeforge: { flux: {} } }) });
    const widget = rendering.files.find((file) => file.path === 'dev/shop/Widget.example.kubeforge.dev.good.yaml');
    expect(widget?.content).not.toContain('argocd');
  });

  it('lets the rules see custom resources that own pods: a Service selecting an operator\'s pods is not reported', () => {
    const { findings } = findingsOf(
      programOf((scope) => {
        // The operator behind Widget creates pods labelled from spec.template; the Service fronts them.
        new Widget(scope, 'db', { metadata: { name: 'db' }, spec: { mode: 'safe', port: 5432, template: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { app: 'db' } } } } });
        new ApiObject(scope, 'db-service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] } });
        new ApiObject(scope, 'orphan', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orphan' }, spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] } });
      }),
    );
    expect(findings.map((finding) => `${finding.name} ${finding.rule}`)).toEqual(['orphan service-selector-matches-nothing']);
  });
});
