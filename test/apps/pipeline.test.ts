import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleApps, exampleEnvironments } from '../../apps';
import { defineProgram, formatFindings, settingsFrom, synthesize } from '../../lib/synth';
import type { Rendering } from '../../lib/synth';

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the example apps through the whole synth pipeline', () => {
  const output = mkdtempSync(join(tmpdir(), 'kubeforge-apps-'));
  let rendering: Rendering;
  beforeAll(async () => {
    const program = defineProgram({ environments: exampleEnvironments, apps: exampleApps });
    rendering = (await synthesize(program, { settings: settingsFrom({ kubeforge: { kubernetesVersion: '1.36' } }), outputDirectory: output, outputLabel: 'dist' })).rendering;
  });
  afterAll(() => rmSync(output, { recursive: true, force: true }));

  it('renders every app in dev and prod with no error or warning findings', () => {
    expect(rendering.errors, formatFindings(rendering)).toBe(0);
    expect(rendering.warnings, formatFindings(rendering)).toBe(0);
    for (const environment of ['dev', 'prod']) {
      expect(readdirSync(join(output, environment)).sort()).toEqual(['kube-alive', 'ml-model', 'observability', 'php-nginx', 'platform', 'redis']);
    }
  });

  it.skipIf(!hasKubectl())('builds every rendered app folder with kubectl kustomize', () => {
    for (const environment of ['dev', 'prod']) {
      for (const app of readdirSync(join(output, environment))) {
        expect(() => execFileSync('kubectl', ['kustomize', join(output, environment, app)], { stdio: 'pipe' }), `${environment}/${app}`).not.toThrow();
      }
    }
  });
});
