import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleApps, exampleEnvironments } from '../../apps';
import { Writable } from 'node:stream';
import { runDiffCommand } from '../../lib/cli/diff';
import { changeGraphSection, changesToMermaid, graphChanges, graphFromPaths } from '../../lib/graph';
import { REPO } from '../validate/helpers';
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

describe('the graph section of kubeforge diff -o markdown', () => {
  it('draws each changed app before and after, with the links the change adds', async () => {
    const output = mkdtempSync(join(tmpdir(), 'kubeforge-graph-diff-'));
    try {
      const program = defineProgram({ environments: exampleEnvironments, apps: exampleApps });
      const settings = settingsFrom({ kubeforge: { kubernetesVersion: '1.36' } });
      await synthesize(program, { settings, outputDirectory: output, outputLabel: 'dist' });
      // The committed tree lacks the cpuhog Service: rendering it again adds the Service and its link.
      rmSync(join(output, 'dev', 'kube-alive', 'Service.cpuhog.yaml'));
      const { rendering, plan } = await synthesize(program, { settings, outputDirectory: output, outputLabel: 'dist', check: true });
      const section = changeGraphSection(rendering, plan!, settings);
      const text = section({ environment: 'dev', app: 'kube-alive', diffs: [] })!;
      expect(text.startsWith('Links of the app (green: added by this change, dashed red: removed):\n\n```mermaid\nflowchart LR\n')).toBe(true);
      expect(text.endsWith('\n```')).toBe(true);
      const lines = text.split('\n');
      const edgeLines = lines.filter((line) => /\|"/.test(line));
      const added = edgeLines.filter((line) => line.includes('|"+ '));
      expect(added).toHaveLength(1);
      expect(added[0]).toContain('|"+ selects"|');
      expect(lines).toContain(`  linkStyle ${edgeLines.indexOf(added[0])} stroke:#2f855a,stroke-width:2px`);
      expect(lines.some((line) => line.includes('["Service cpuhog"]'))).toBe(true);
      expect(lines.some((line) => line.includes('model-server'))).toBe(false);
      expect(section({ environment: 'dev', app: 'delivery/argocd', diffs: [] })).toBeUndefined();
      // A comment has room for a few graphs; past its budget a line says how to draw the app instead.
      const small = changeGraphSection(rendering, plan!, settings, 100)({ environment: 'dev', app: 'kube-alive', diffs: [] });
      expect(small).toMatch(/^Graph of kube-alive left out \(\d+ characters, more than this comment has left for graphs\): `kubeforge graph --env dev --app kube-alive --format html` draws it\.$/);
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  }, 60_000);

  it('is part of the markdown comment unless --no-graph', async () => {
    const output = mkdtempSync(join(tmpdir(), 'kubeforge-graph-diff-cli-'));
    try {
      const program = defineProgram({ environments: exampleEnvironments, apps: exampleApps });
      await synthesize(program, { settings: settingsFrom({ kubeforge: { kubernetesVersion: '1.36' } }), outputDirectory: output, outputLabel: 'dist' });
      rmSync(join(output, 'dev', 'kube-alive', 'Service.cpuhog.yaml'));
      const run = async (...argv: string[]) => {
        const chunks: string[] = [];
        const sink = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
        const quiet = new Writable({ write(_chunk, _encoding, done) { done(); } });
        const code = await runDiffCommand(['-o', 'markdown', '--env', 'dev', '--out-dir', output, ...argv], { stdout: sink, stderr: quiet, cwd: REPO, env: process.env });
        return { code, text: chunks.join('') };
      };
      const withGraph = await run();
      expect(withGraph.code).toBe(1);
      expect(withGraph.text).toContain('### dev / kube-alive');
      expect(withGraph.text).toContain('```mermaid\nflowchart LR');
      expect(withGraph.text).toContain('|"+ selects"|');
      const without = await run('--no-graph');
      expect(without.text).not.toContain('```mermaid');
      expect(without.text).toContain('### dev / kube-alive');
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  }, 120_000);
});
