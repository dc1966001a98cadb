import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleApps, exampleEnvironments } from '../../apps';
import { graphFromProgram, graphToSvg } from '../../lib/graph';
import { defineProgram, settingsFrom } from '../../lib/synth';

describe("the README's picture", () => {
  it('apps/ml-model.graph.svg is what kubeforge graph draws for ml-model in dev today', () => {
    const program = defineProgram({ environments: exampleEnvironments, apps: exampleApps });
    const graph = graphFromProgram(program, { settings: settingsFrom({ kubeforge: { kubernetesVersion: '1.36' } }), outputLabel: 'dist', environment: 'dev', apps: ['ml-model'] });
    const committed = readFileSync(join(__dirname, '..', '..', 'apps', 'ml-model.graph.svg'), 'utf8');
    expect(committed === graphToSvg(graph), 'apps/ml-model.graph.svg is stale: run `npm run picture` and commit it').toBe(true);
  });
});
