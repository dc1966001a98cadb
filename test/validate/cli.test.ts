// The validate command as users meet it: output formats, exit codes, stdin, usage errors, parallel reading.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main';
import { fixture, kubeforge, kubeforgeProcess, validateJson } from './helpers';
import { parseXml } from './xml';

describe('kubeforge validate output formats', () => {
  it('text: one line per finding with file:line:column, object, path, message and rule', async () => {
    const run = await kubeforge('validate', '--no-rules', fixture('unknown-field.yaml'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${fixture('unknown-field.yaml')}:10:7: error Service/typo: spec.ports[0].targetPrt: unknown field "targetPrt"; did you mean "targetPort"? [schema]\n`);
  });

  it('text: prints nothing for valid input, and the counts line with --summary', async () => {
    expect((await kubeforge('validate', '--no-rules', fixture('deployment-valid.yaml'))).stdout).toBe('');
    const run = await kubeforge('validate', '--no-rules', '--summary', fixture('multi-valid.yaml'), fixture('unknown-kind.yaml'), fixture('kinds.yaml'), '--skip', 'Secret');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('Summary: 5 resources found: 3 valid, 0 invalid, 1 errors, 1 skipped (Kubernetes 1.36, strict)');
  });

  it('json: a summary with counts and one result per resource with its findings', async () => {
    const { report } = await validateJson('--no-rules', fixture('list.yaml'));
    expect(report.kubernetesVersion).toBe('1.36');
    expect(report.strict).toBe(true);
    expect(report.summary).toEqual({ resources: 2, valid: 1, invalid: 1, errors: 0, skipped: 0, silenced: 0 });
    expect(report.resources.map((resource) => [resource.kind, resource.name, resource.status])).toEqual([['ServiceAccount', 'one', 'valid'], ['ServiceAccount', 'two', 'invalid']]);
  });

  it('junit: parses as XML with one suite per file and a failure per invalid resource', async () => {
    const run = await kubeforge('validate', '--no-rules', '-o', 'junit', fixture('list.yaml'), fixture('not-yaml.yaml'), fixture('kinds.yaml'), '--skip', 'Secret');
    expect(run.code).toBe(1);
    const root = parseXml(run.stdout);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '7', failures: '2', errors: '1', skipped: '1' });
    expect(root.children.map((suite) => suite.attributes.name)).toEqual([fixture('list.yaml'), fixture('not-yaml.yaml'), fixture('kinds.yaml')]);
    const failures = root.children.flatMap((suite) => suite.children).filter((testCase) => testCase.children.some((child) => child.name === 'failure'));
    expect(failures).toHaveLength(2);
    expect(failures[0].children[0].text).toContain('unknown field "labelz"');
  });

  it('sarif: valid 2.1.0 shape with rules, levels and physical locations', async () => {
    const run = await kubeforge('validate', '--no-rules', '-o', 'sarif', fixture('wrong-type.yaml'), fixture('duplicate-key.yaml'));
    const sarif = JSON.parse(run.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    const { driver } = sarif.runs[0].tool;
    expect(driver.name).toBe('kubeforge');
    expect(driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['duplicate-key', 'schema']);
    for (const rule of driver.rules) expect(rule.shortDescription.text.length).toBeGreaterThan(10);
    expect(sarif.runs[0].results).toHaveLength(3);
    for (const result of sarif.runs[0].results) {
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(typeof result.message.text).toBe('string');
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation.uri).toMatch(/\.yaml$/);
      expect(location.region.startLine).toBeGreaterThan(0);
      expect(location.region.startColumn).toBeGreaterThan(0);
    }
  });
});

describe('kubeforge validate exit codes and usage', () => {
  it('exits 0 when nothing is invalid', async () => {
    expect((await kubeforge('validate', fixture('deployment-valid.yaml'))).code).toBe(0);
  });

  it('exits 1 when a resource is invalid and when one is in error', async () => {
    expect((await kubeforge('validate', fixture('unknown-field.yaml'))).code).toBe(1);
    expect((await kubeforge('validate', fixture('missing-kind.yaml'))).code).toBe(1);
  });

  it('exits 2 on an unknown flag, naming it', async () => {
    const run = await kubeforge('validate', '--strictly', fixture('deployment-valid.yaml'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown flag --strictly');
  });

  it('exits 2 on a Kubernetes version that is not bundled, listing the bundled ones', async () => {
    const run = await kubeforge('validate', '--kubernetes-version', '1.20', fixture('deployment-valid.yaml'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('use one of 1.33, 1.34, 1.35, 1.36');
  });

  it('exits 2 on an unknown output format', async () => {
    const run = await kubeforge('validate', '-o', 'xml', fixture('deployment-valid.yaml'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--output xml is not a format');
  });

  it('accepts the version as v1.34 and 1.34.0', async () => {
    expect((await validateJson('--kubernetes-version', 'v1.34', fixture('deployment-valid.yaml'))).report.kubernetesVersion).toBe('1.34');
    expect((await validateJson('--kubernetes-version=1.34.0', fixture('deployment-valid.yaml'))).report.kubernetesVersion).toBe('1.34');
  });
});

describe('kubeforge validate as a process', () => {
  it('reads standard input when the path is - (and when no path is given)', () => {
    const text = readFileSync(fixture('unknown-field.yaml'), 'utf8');
    for (const argv of [['validate', '--no-rules', '-'], ['validate', '--no-rules']]) {
      const run = kubeforgeProcess(argv, text);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('-:10:7: error Service/typo: spec.ports[0].targetPrt: unknown field "targetPrt"; did you mean "targetPort"? [schema]\n');
    }
  });

  const folder = mkdtempSync(join(tmpdir(), 'kubeforge-parallel-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('gives the same report with worker threads as on one thread', { timeout: 30_000 }, () => {
    const valid = readFileSync(fixture('deployment-valid.yaml'), 'utf8');
    for (let file = 0; file < 12; file++) {
      const documents = Array.from({ length: 60 }, (_, index) => valid.replace('name: web\n  namespace', `name: web-${file}-${index}\n  namespace`));
      if (file === 7) documents[3] = documents[3].replace('replicas: 2', 'replicas: "2"');
      if (file === 9) documents[5] = documents[9];
      writeFileSync(join(folder, `part-${String(file).padStart(2, '0')}.yaml`), documents.join('---\n'));
    }
    const single = kubeforgeProcess(['validate', '-o', 'json', '--workers', '0', folder]);
    const parallel = kubeforgeProcess(['validate', '-o', 'json', '--workers', '1', folder]);
    const schemaOnly = kubeforgeProcess(['validate', '-o', 'json', '--no-rules', '--workers', '1', folder]);
    expect(single.code).toBe(1);
    expect(parallel.stdout).toBe(single.stdout);
    const report = JSON.parse(single.stdout);
    expect(report.summary).toMatchObject({ resources: 720, valid: 718, invalid: 2 });
    const ruleIds = (text: string) => [...new Set(JSON.parse(text).resources.flatMap((resource: { findings: { rule: string }[] }) => resource.findings.map((finding) => finding.rule)))].sort();
    expect(ruleIds(schemaOnly.stdout)).toEqual(['duplicate-object', 'schema']);
    expect(ruleIds(single.stdout)).toContain('image-no-digest');
    // Three whole processes: on a shared, loaded machine they take longer than vitest's default 5 s.
  }, 30_000);
});

describe('kubeforge validate writing to a slow reader', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kubeforge-slow-reader-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('waits for the reader instead of holding the report in memory', async () => {
    const file = join(folder, 'many.yaml');
    const deployment = (index: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${index}\n  namespace: team\nspec:\n  selector:\n    matchLabels: {app: app-${index}}\n  template:\n    metadata:\n      labels: {app: app-${index}}\n    spec:\n      containers:\n        - name: app\n          image: example/app:${index}\n`;
    writeFileSync(file, Array.from({ length: 400 }, (_, index) => deployment(index)).join('---\n'));
    let text = '';
    let mostBuffered = 0;
    // A reader that takes one chunk per turn of the event loop, like a pipe read by a slower process.
    const slow = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk, _encoding, done) {
        text += String(chunk);
        setImmediate(done);
      },
    });
    const write = slow.write.bind(slow);
    slow.write = ((chunk: string) => {
      const ready = write(chunk);
      mostBuffered = Math.max(mostBuffered, slow.writableLength);
      return ready;
    }) as typeof slow.write;
    const code = await main(['validate', file], { stdout: slow, stderr: new Writable({ write: (_chunk, _encoding, done) => done() }), cwd: folder, env: process.env });
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(code).toBe(0);
    expect(text).toBe((await kubeforge('validate', file)).stdout);
    // Hundreds of KB of findings; never more than one chunk of about 64 KiB waiting at a time.
    expect(text.length).toBeGreaterThan(500_000);
    expect(mostBuffered).toBeLessThanOrEqual(70_000);
  });
});
