import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changesToMermaid, graphChanges, graphFromPaths } from '../../lib/graph';

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
