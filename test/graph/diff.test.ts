import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleApps, exampleEnvironments } from '../../apps';
import { changeGraphs, changesToMermaid, graphChanges, graphFromPaths } from '../../lib/graph';
import { defineProgram, settingsFrom, synthesize } from '../../lib/synth';

const BROKEN = readFileSync(join(__dirname, 'fixtures', 'broken.yaml'), 'utf8');

describe('graph changes for a pull request comment', () => {
  it('marks the links and objects a change adds and removes', async () => {
    const before = await graphFromPaths({ paths: ['-'], stdin: BROKEN });
    // The change: the ConfigMap goes away (its link now points at a missing node), a PVC is added.
    const changed = BROKEN.replace(/---\napiVersion: v1\nkind: ConfigMap\n[\s\S]*?mode: production\n/, '') +
      '---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: web-data, namespace: shop}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n';
    const after = await graphFromPaths({ paths: ['-'], stdin: changed });
    const changes = graphChanges(before, after);
    expect(Object.fromEntries(changes.nodes)).toEqual({
      'PersistentVolumeClaim/shop/web-data': 'added',
      'missing:ConfigMap/shop/web-settings': 'added',
      'ConfigMap/shop/web-settings': 'removed',
      'missing:PersistentVolumeClaim/shop/web-data': 'removed',
    });
    const edges = [...changes.edges].map(([key, change]) => `${change} ${key.split('\u0000').slice(0, 3).join(' ')}`).sort();
    expect(edges).toEqual([
      'added Deployment.apps/shop/web PersistentVolumeClaim/shop/web-data mounts',
      'added Deployment.apps/shop/web missing:ConfigMap/shop/web-settings uses',
      'removed Deployment.apps/shop/web ConfigMap/shop/web-settings uses',
      'removed Deployment.apps/shop/web missing:PersistentVolumeClaim/shop/web-data mounts',
    ]);
  });

  it('draws them in Mermaid: added links green, removed links dashed red, both labelled', async () => {
    const withApp = (text: string) => text.replace(/namespace: shop\n/g, 'namespace: shop\n  labels: {app.kubernetes.io/part-of: shop}\n');
    const before = await graphFromPaths({ paths: ['-'], stdin: withApp(BROKEN) });
    const after = await graphFromPaths({ paths: ['-'], stdin: withApp(BROKEN.replace('claimName: web-data', 'claimName: web-cache')) });
    const lines = changesToMermaid(before, after, ['shop']).text.split('\n');
    const added = lines.findIndex((line) => line.includes('|"+ mounts pvc-ref-missing"|'));
    const removed = lines.findIndex((line) => line.includes('|"- mounts pvc-ref-missing"|'));
    expect(added).toBeGreaterThan(0);
    expect(removed).toBeGreaterThan(0);
    expect(lines[removed]).toContain(' -.->');
    const edgeLines = lines.filter((line) => /\|"/.test(line));
    expect(lines).toContain(`  linkStyle ${edgeLines.indexOf(lines[added])} stroke:#2f855a,stroke-width:2px`);
    expect(lines).toContain(`  linkStyle ${edgeLines.indexOf(lines[removed])} stroke:#c53030`);
    expect(lines.some((line) => line.startsWith('  class ') && line.endsWith(' added'))).toBe(true);
    expect(changesToMermaid(before, before, ['shop']).text).not.toMatch(/\|"[+-] /);
    expect(changesToMermaid(before, after, ['shop']).tooBig).toBeUndefined();
  });
});

describe('change graphs of a synth plan', () => {
  it('draws the apps whose files differ from the committed tree, with the links added', () => {
    const output = mkdtempSync(join(tmpdir(), 'kubeforge-graph-diff-'));
    try {
      const program = defineProgram({ environments: exampleEnvironments, apps: exampleApps });
      const settings = settingsFrom({ kubeforge: { kubernetesVersion: '1.36' } });
      synthesize(program, { settings, outputDirectory: output, outputLabel: 'dist' });
      // The committed tree lacks the cpuhog Service: rendering it again adds the Service and its link.
      rmSync(join(output, 'dev', 'kube-alive', 'Service.cpuhog.yaml'));
      const { rendering, plan } = synthesize(program, { settings, outputDirectory: output, outputLabel: 'dist', check: true });
      const graphs = changeGraphs(rendering, plan!, settings);
      expect(graphs.map((graph) => [graph.environment, graph.apps])).toEqual([['dev', ['kube-alive']]]);
      const lines = graphs[0].mermaid.split('\n');
      const edgeLines = lines.filter((line) => /\|"/.test(line));
      const added = edgeLines.filter((line) => line.includes('|"+ '));
      expect(added).toHaveLength(1);
      expect(added[0]).toContain('|"+ selects"|');
      expect(lines).toContain(`  linkStyle ${edgeLines.indexOf(added[0])} stroke:#2f855a,stroke-width:2px`);
      expect(lines.some((line) => line.includes('["Service cpuhog"]'))).toBe(true);
      expect(lines.some((line) => line.includes('model-server'))).toBe(false);
      expect(graphs[0].tooBig).toBeUndefined();
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  }, 60_000);
});
