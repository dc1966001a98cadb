// `kubeforge validate dist/` on the trees synth writes: the example apps in every environment, Argo CD and Flux
// objects included, pass with exit 0; each app folder is one unit, dev and prod do not clash.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSynthCommand } from '../../lib/cli/synth';
import { MARKER_FILE } from '../../lib/synth/tree';
import { SYNTH_MARKER_FILE } from '../../lib/validate/units';
import { readTree } from '../synth/helpers';
import { REPO, validateJson } from './helpers';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Synthesizes the example apps (apps/main.ts, compiled) into a temporary project; returns its dist folder. */
async function synthesize(settings: string): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'kubeforge-dist-'));
  folders.push(directory);
  const entry = join(REPO, '.build', 'apps', 'main.js');
  writeFileSync(join(directory, 'cdk8s.yaml'), `app: node ${JSON.stringify(entry)}\noutput: dist\nkubeforge:\n  repository: { url: https://git.example.com/platform.git, revision: main, path: dist }\n${settings}`);
  let stderr = '';
  const sink = (append: (text: string) => void) => ({ write: (chunk: string) => (append(String(chunk)), true) }) as unknown as NodeJS.WritableStream;
  const code = await runSynthCommand(['--quiet'], { stdout: sink(() => {}), stderr: sink((text) => (stderr += text)), cwd: directory, env: {} });
  expect(stderr).not.toMatch(/error/i);
  expect(code).toBe(0);
  return join(directory, 'dist');
}

describe.each([
  ['one file per resource, an Argo CD Application and a Flux Kustomization per app', '  argocd: { project: default, namespace: argocd }\n  flux: { namespace: flux-system, sourceRef: { kind: GitRepository, name: flux-system } }\n'],
  ['one file per app, an Argo CD ApplicationSet per environment', '  layout: bundle\n  argocd: { project: default, namespace: argocd, applicationSet: true }\n'],
])('validate on the tree synth writes: %s', (_name, settings) => {
  it('passes with exit 0, every manifest read, no duplicate across environments', { timeout: 120_000 }, async () => {
    const dist = await synthesize(settings);
    const { code, report } = await validateJson(dist);
    const errors = report.resources.flatMap((resource) => resource.findings.filter((finding) => finding.severity === 'error').map((finding) => `${resource.file}: ${finding.rule} ${finding.message}`));
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(report.summary.errors).toBe(0);
    expect(report.summary.invalid).toBe(0);
    // Every written manifest was validated as resources, and the kustomization files were not.
    const manifests = [...readTree(dist).keys()].filter((path) => /\.ya?ml$/.test(path));
    const kustomizations = manifests.filter((path) => path.endsWith('kustomization.yaml'));
    expect(kustomizations.length).toBeGreaterThan(0);
    const validated = new Set(report.resources.map((resource) => resource.file.slice(dist.length + 1).split('\\').join('/')));
    expect([...validated].sort()).toEqual(manifests.filter((path) => !path.endsWith('kustomization.yaml')).sort());
    // Delivery objects are validated against their schemas (not skipped, not unknown).
    const delivery = report.resources.filter((resource) => resource.kind === 'Application' || resource.kind === 'ApplicationSet' || (resource.kind === 'Kustomization' && resource.file.includes('delivery')));
    expect(delivery.length).toBeGreaterThan(0);
    for (const resource of delivery) expect(resource.status).toBe('valid');
    // dev and prod hold the same objects; as separate units they are no duplicates.
    expect(report.resources.some((resource) => resource.findings.some((finding) => finding.rule === 'duplicate-object'))).toBe(false);
    const whole = await validateJson('--whole', dist);
    expect(whole.code).toBe(0);
  });
});

it('recognises the folders synth writes by the marker synth writes', () => {
  expect(SYNTH_MARKER_FILE).toBe(MARKER_FILE);
});
