import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject } from 'cdk8s';
import { afterEach, describe, expect, test } from 'vitest';
import { defineProgram, environmentOf, render, settingsFrom, synthesize } from '../../lib/synth';

let folder: string | undefined;
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface Values {
  readonly replicas: number;
}

const program = defineProgram<Values>({
  environments: { dev: { replicas: 1 }, prod: { replicas: 5 } },
  apps: {
    api: (scope, environment) => {
      new ApiObject(scope, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api' }, data: { replicas: String(environment.values.replicas) } });
    },
    jobs: {
      namespace: (environment) => `jobs-${environment.name}`,
      environments: ['prod'],
      build: (scope) => {
        new ApiObject(scope, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'jobs' }, data: { env: environmentOf<Values>(scope).name } });
      },
    },
  },
});

describe('program model', () => {
  test('renders each app per environment with its values, namespace and environment filter', () => {
    const rendering = render(program, { settings: settingsFrom({}) });
    expect(rendering.errors).toBe(0);
    const paths = rendering.files.map((file) => file.path);
    expect(paths).toContain('dev/api/ConfigMap.api.yaml');
    expect(paths).not.toContain('dev/jobs/ConfigMap.jobs.yaml');
    expect(paths).toContain('prod/jobs/ConfigMap.jobs.yaml');
    const jobs = rendering.files.find((file) => file.path === 'prod/jobs/ConfigMap.jobs.yaml');
    expect(jobs?.content).toContain('namespace: jobs-prod');
    expect(jobs?.content).toContain('env: prod');
    expect(rendering.files.find((file) => file.path === 'prod/api/ConfigMap.api.yaml')?.content).toContain('replicas: "5"');
  });

  test('fails early when names are not DNS labels or an environment is reserved', () => {
    expect(() => defineProgram({ environments: { Dev: {} }, apps: {} })).toThrow('environment "Dev": names must be DNS labels');
    expect(() => defineProgram({ environments: { delivery: {} }, apps: {} })).toThrow('reserved');
    expect(() => defineProgram({ environments: { dev: {} }, apps: { web: { build: () => undefined, environments: ['qa'] } } })).toThrow('unknown environment "qa"');
  });

  test('reports an app that throws as a finding and writes nothing', async () => {
    folder = mkdtempSync(join(tmpdir(), 'kubeforge-program-'));
    const broken = defineProgram({
      environments: { dev: {} },
      apps: {
        web: () => {
          throw new Error('image tag missing');
        },
      },
    });
    const synthesis = await synthesize(broken, { settings: settingsFrom({}), outputDirectory: join(folder, 'dist') });
    expect(synthesis.written).toBe(false);
    // The message names the line of the app's code that threw.
    expect(synthesis.rendering.environments[0].results[0].findings[0]).toMatchObject({ rule: 'app-build', message: expect.stringMatching(/^app "web" failed to build: image tag missing \(thrown at test\/synth\/program\.test\.ts:\d+:\d+\)$/) });
  });
});
