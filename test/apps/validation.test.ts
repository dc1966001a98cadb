import { describe, expect, it } from 'vitest';
import { APP_NAMES, ENVIRONMENT_NAMES, findingsOf, renderApp } from './render';

describe('every example app in every environment', () => {
  for (const environment of ENVIRONMENT_NAMES) {
    for (const app of APP_NAMES) {
      it(`passes when ${environment}/${app} has no construct problems, schema errors, or error or warning findings`, () => {
        const rendered = renderApp(app, environment);
        expect(rendered.problems).toEqual([]);
        expect(rendered.objects.length).toBeGreaterThan(0);
        const serious = findingsOf(rendered).filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
        expect(serious.map((finding) => finding.line)).toEqual([]);
      });
    }
  }

  it('gives every namespaced object the namespace of its app, and cluster-scoped objects none', () => {
    for (const app of APP_NAMES) {
      const rendered = renderApp(app, 'prod');
      for (const object of rendered.objects) {
        const clusterScoped = object.kind === 'ClusterRole' || object.kind === 'ClusterRoleBinding' || object.kind === 'CustomResourceDefinition';
        expect(object.metadata.namespace, `${object.kind} ${object.metadata.name}`).toBe(clusterScoped ? undefined : rendered.namespace);
      }
    }
  });
});
