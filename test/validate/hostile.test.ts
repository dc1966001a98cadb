// Hostile input ends as a `yaml` finding for its document (file, line), never as a crash, a stack overflow or a
// blow-up, and the other documents of the file are still validated. Time bounds are generous: they only catch
// exponential or quadratic blow-ups on a loaded machine; the figures belong in the benchmark.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validatePaths } from '../../lib/validate/run';

const folder = mkdtempSync(join(tmpdir(), 'kubeforge-hostile-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const VALID = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n  namespace: default\ndata:\n  a: b\n';

function laughs(levels: number, width: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: laughs', 'data:', `  l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let level = 1; level < levels; level++) lines.push(`  l${level}: &l${level} [${Array(width).fill(`*l${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

const HOSTILE: Record<string, string> = {
  'flow mappings nested 20,000 deep (100 KB)': `${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`,
  'block sequences nested 20,000 deep': `${'- '.repeat(20_000)}x\n`,
  'block mappings and sequences nested 20,000 deep under a manifest': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x:\n${'  - '.repeat(1)}${'- '.repeat(20_000)}x\n`,
  'billion laughs, 9^9': laughs(9, 9),
  'billion laughs, 10^10': laughs(10, 10),
  'a 2 MB key': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge-key\ndata:\n  ${'k'.repeat(2_000_000)}: v\n`,
};

describe('hostile input', () => {
  for (const [name, hostile] of Object.entries(HOSTILE)) {
    it(`reports ${name} as a yaml finding and validates the other documents`, async () => {
      const file = join(folder, `${name.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
      writeFileSync(file, `${VALID}---\n${hostile}---\n${VALID.replace('name: fine', 'name: fine-too')}`);
      const start = performance.now();
      const report = await validatePaths({ paths: [file] });
      const seconds = (performance.now() - start) / 1000;
      expect(seconds).toBeLessThan(10);
      const broken = report.results.filter((result) => result.findings.some((finding) => finding.rule === 'yaml'));
      expect(broken).toHaveLength(1);
      expect(broken[0].file).toBe(file);
      expect(broken[0].line).toBeGreaterThanOrEqual(9);
      expect(report.results.filter((result) => result.status === 'valid').map((result) => result.name)).toEqual(['fine', 'fine-too']);
    });
  }

  it('still reads aliases within go-yaml\'s budget', async () => {
    const file = join(folder, 'aliases.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aliases\n  labels: &labels {app: web}\n  annotations: *labels\n');
    const report = await validatePaths({ paths: [file] });
    expect(report.results.map((result) => result.status)).toEqual(['valid']);
  });
});
