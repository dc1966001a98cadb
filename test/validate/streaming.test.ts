// A file is read one document at a time, in chunks of whole lines: the simple reader reads what it can, the precise
// reader each document it declines, and the whole file only where kubectl reads a stream of JSON values. The values, the positions of
// findings and the document numbers are those of reading the whole file at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeManifest, fileChunks, locatorFor, readDocuments, type ReadDocument } from '../../lib/validate/files';
import { Validator } from '../../lib/validate/engine';
import { checkInput, validatePaths } from '../../lib/validate/run';
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

  it('numbers documents the same whoever reads them, a leading separator opening the first', () => {
    const simple = [...readDocuments(`---\n${configMap('plain')}`).documents];
    const precise = [...readDocuments(`---\n${configMap('anchored', '  a: &v x\n  b: *v\n')}`).documents];
    expect(simple.map((document) => document.index)).toEqual([0]);
    expect(precise.map((document) => document.index)).toEqual([0]);
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

  it('stops at a separator with content after it, as kubectl does, losing the document it was collecting', () => {
    const text = `${configMap('first')}---\n${configMap('lost')}--- {a: 1}\n${configMap('never')}`;
    const documents = [...readDocuments(text).documents];
    expect(documents.map((document) => document.index)).toEqual([0, 1]);
    expect(documents[1].fatal[0].message).toContain('kubectl stops reading at such a separator');
    expect(documents[1].fatal[0].line).toBe(16);
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

/** What a reading gives, positions of every top-level field included, to compare two readings of one text. */
function summary(documents: Iterable<ReadDocument>): unknown[] {
  return [...documents].map((document) => ({
    index: document.index,
    value: document.value,
    fatal: document.fatal,
    problems: document.problems,
    positions: document.value !== null && typeof document.value === 'object' ? Object.keys(document.value).map((key) => document.at([key])) : [],
  }));
}

describe('reading a file in chunks of whole lines', () => {
  // Multi-byte characters, an invalid byte, CRLF lines, a line longer than a chunk, a declined document, a comment
  // before the first separator and a separator at a chunk's edge.
  const text = [
    '# leading comment\r\n',
    `${configMap('crlf').replaceAll('\n', '\r\n')}---\r\n`,
    `${configMap('wide', `  greeting: "gr\u00fc\u00df dich \u4e16\u754c \u{1F600}"\n  long: ${'x'.repeat(300)}\n`)}---\n`,
    `${configMap('anchored', '  a: &v value\n  b: *v\n')}---\n`,
    `${configMap('broken', '  bad: "\uFFFD"\n')}`,
  ].join('');
  const bytes = Buffer.from(text, 'utf8');
  // The replacement character's bytes become one invalid byte, which kubectl rejects for its document.
  const replacement = bytes.indexOf(Buffer.from('\uFFFD', 'utf8'));
  const withInvalidByte = Buffer.concat([bytes.subarray(0, replacement), Buffer.from([0xff]), bytes.subarray(replacement + 3)]);
  const file = join(folder, 'chunked.yaml');
  writeFileSync(file, withInvalidByte);
  const whole = decodeManifest(withInvalidByte);

  it.each([7, 64, 1000, 1 << 20])('reads the same documents, values and positions with chunks of %i bytes as from the whole text', (chunkBytes) => {
    const expected = summary(readDocuments(whole).documents);
    expect(expected).toHaveLength(4);
    expect((expected[3] as { fatal: { message: string }[] }).fatal[0].message).toContain('invalid UTF-8');
    expect(summary(readDocuments(fileChunks(file, chunkBytes)).documents)).toEqual(expected);
  });

  it('places findings of a chunked file going forward, and starts over for an earlier document', () => {
    const locator = locatorFor(fileChunks(file, 16));
    const reference = locatorFor(whole);
    for (const [document, path] of [[0, ['metadata', 'name']], [2, ['data', 'b']], [1, ['data', 'long']], [0, ['data']]] as const) {
      expect(locator.at(document, path)).toEqual(reference.at(document, path));
      expect(locator.at(document, path)).toBeDefined();
    }
  });

  it('reads a UTF-16 file whole, as kubectl reads its first document', () => {
    const utf16 = join(folder, 'utf16.yaml');
    const content = configMap('sixteen');
    const encoded = Buffer.alloc(2 + content.length * 2);
    encoded[0] = 0xfe;
    encoded[1] = 0xff;
    for (let index = 0; index < content.length; index++) encoded.writeUInt16BE(content.charCodeAt(index), 2 + index * 2);
    writeFileSync(utf16, encoded);
    const [document] = readDocuments(fileChunks(utf16, 8)).documents;
    expect((document.value as { metadata: { name: string } }).metadata.name).toBe('sixteen');
  });

  it('reads a file of JSON values in chunks as one stream', () => {
    const json = join(folder, 'stream.json');
    writeFileSync(json, '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}\n');
    const reading = readDocuments(fileChunks(json, 10));
    expect(reading.precise).toBe('all');
    expect([...reading.documents].map((document) => document.index)).toEqual([0, 1]);
  });
});

describe('holding one document at a time', () => {
  /** A source that counts the chunks taken from it. */
  function countingSource(chunks: string[]): { source: { file: string; chunks(): Iterable<string> }; taken: () => number } {
    let taken = 0;
    return {
      source: {
        file: 'counted.yaml',
        *chunks() {
          for (const chunk of chunks) {
            taken++;
            yield chunk;
          }
        },
      },
      taken: () => taken,
    };
  }
  const chunks = Array.from({ length: 50 }, (_, index) => `${configMap(`cm-${index}`)}---\n`);

  it('yields a document before the chunks after it are read', () => {
    const { source, taken } = countingSource(chunks);
    const documents = readDocuments(source).documents[Symbol.iterator]();
    expect((documents.next().value as ReadDocument).index).toBe(0);
    expect(taken()).toBeLessThanOrEqual(2);
    let count = 1;
    while (!documents.next().done) count++;
    expect(count).toBe(50);
    expect(taken()).toBe(50);
  });

  it('places findings going forward without reading the file again for each', () => {
    const { source, taken } = countingSource(chunks);
    const locator = locatorFor(source);
    for (let document = 0; document < 50; document++) expect(locator.at(document, ['metadata', 'name'])?.line).toBe(document * 8 + 4);
    expect(taken()).toBe(50);
  });
});

describe('a file that fails while it is read', () => {
  /** A source that gives one chunk, then fails as a file removed or unreadable part way would. */
  const failing = {
    file: 'vanishing.yaml',
    *chunks() {
      yield `${configMap('first')}---\n`;
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    },
  };

  it('keeps the documents read before and ends with an io finding, not a crash', () => {
    const checked = checkInput(new Validator({}), { file: failing.file, source: failing }, undefined, undefined);
    expect(checked.results.map((result) => [result.name, result.status])).toEqual([['first', 'valid'], [undefined, 'error']]);
    expect(checked.results[1].findings[0]).toMatchObject({ rule: 'io', message: 'cannot read: EIO: i/o error, read' });
  });

  it('leaves a finding placed later without a position instead of failing', () => {
    expect(locatorFor(failing).at(1, ['metadata'])).toBeUndefined();
  });
});
