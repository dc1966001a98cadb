// A file is read one document at a time: the simple reader reads what it can, the precise reader each document it
// declines, and the whole file only where kubectl's splitter stops early or reads JSON. The values, the positions of
// findings and the document numbers are those of reading the whole file at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locatorFor, readDocuments } from '../../lib/validate/files';
import { validatePaths } from '../../lib/validate/run';
import { readPrecisely } from '../../lib/validate/yaml';

const folder = mkdtempSync(join(tmpdir(), 'kubeforge-streaming-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function configMap(name: string, data = '  a: b\n'): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n${data}`;
}

// Document 1 uses an anchor and an alias, which the simple reader leaves to the precise reader; document 2 is a
// Deployment (from line 18) with a misspelt field on line 24.
const MIXED = `${configMap('first')}---
${configMap('anchored', '  a: &shared value\n  b: *shared\n')}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicaz: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: example/web:1.0
`;

describe('reading a file one document at a time', () => {
  it('reads a document the simple reader declines precisely, and only that one', () => {
    const reading = readDocuments(MIXED);
    const documents = [...reading.documents];
    expect(reading.precise).toEqual(new Set([1]));
    expect(documents.map((document) => document.index)).toEqual([0, 1, 2]);
    expect(documents.map((document) => document.value)).toEqual(readPrecisely(MIXED).documents.map((document) => document.value));
    expect((documents[1].value as { data: unknown }).data).toEqual({ a: 'value', b: 'value' });
  });

  it('places a node of each document at the line of the file, whoever read it', () => {
    const documents = [...readDocuments(MIXED).documents];
    expect(documents[0].at(['metadata', 'name'])).toEqual({ line: 4, column: 3 });
    expect(documents[1].at(['data', 'b'])).toEqual({ line: 16, column: 3 });
    expect(documents[2].at(['spec', 'replicaz'])).toEqual({ line: 24, column: 3 });
  });

  it('gives the same positions later, told or not which documents the precise reader read', () => {
    const told = locatorFor(MIXED, readDocuments(MIXED).precise);
    const found = locatorFor(MIXED);
    for (const [document, path] of [[0, ['data', 'a']], [1, ['data', 'b']], [2, ['spec', 'selector']], [1, ['metadata']]] as const) {
      const expected = readPrecisely(MIXED).documents[document].at(path);
      expect(told.at(document, path)).toEqual(expected);
      expect(found.at(document, path)).toEqual(expected);
    }
  });

  it('reads the whole file precisely when a separator has content after it, as kubectl stops there', () => {
    const text = `${configMap('first')}--- {a: 1}\n${configMap('never')}`;
    const reading = readDocuments(text);
    const documents = [...reading.documents];
    expect(reading.precise).toBe('all');
    // kubectl loses the document it was collecting, and reads nothing after.
    expect(documents).toHaveLength(1);
    expect(documents[0].fatal[0].message).toContain('kubectl stops reading at such a separator');
  });

  it('reads a stream of JSON values as kubectl does, not as YAML documents', () => {
    const text = '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}\n';
    const reading = readDocuments(text);
    expect(reading.precise).toBe('all');
    expect([...reading.documents].map((document) => (document.value as { metadata: { name: string } }).metadata.name)).toEqual(['a', 'b']);
  });

  it('fails when a finding in a document after a precisely read one is reported at the wrong line', async () => {
    const file = join(folder, 'mixed.yaml');
    writeFileSync(file, MIXED);
    const report = await validatePaths({ paths: [file], checkRules: false });
    expect(report.results.map((result) => [result.name, result.document, result.line, result.status])).toEqual([
      ['first', 0, undefined, 'valid'],
      ['anchored', 1, undefined, 'valid'],
      ['web', 2, 18, 'invalid'],
    ]);
    const [finding] = report.results[2].findings;
    expect([finding.rule, finding.path, finding.line, finding.column]).toEqual(['schema', 'spec.replicaz', 24, 3]);
  });

  it('places the rules findings of many documents, batch after batch, at their own lines', async () => {
    const file = join(folder, 'many.yaml');
    const count = 300;
    const documents = Array.from({ length: count }, (_, index) => (index === 150 ? configMap(`cm-${index}`, '  a: &x y\n  b: *x\n') : configMap(`cm-${index}`)).replace('namespace: default', 'namespace: team'));
    const text = documents.join('---\n');
    writeFileSync(file, text);
    const report = await validatePaths({ paths: [file], whole: true });
    const lines = report.results.map((result) => result.findings.find((finding) => finding.rule === 'namespace-missing')?.line);
    const namespaceLines = text.split('\n').flatMap((line, index) => (line === '  namespace: team' ? [index + 1] : []));
    expect(namespaceLines).toHaveLength(count);
    expect(lines).toEqual(namespaceLines);
  });
});
