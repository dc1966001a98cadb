// Findings added after reading (the rules') are placed by walking the lines of their path; that walk must
// land where the precise reader places the same node.
import { describe, expect, it } from 'vitest';
import { splitPieces, type DocumentPiece } from '../../lib/validate/documents';
import { documentLines, locateInLines, readSimpleYaml } from '../../lib/validate/simple-yaml';
import { readPrecisely, resolveToValue } from '../../lib/validate/yaml';

const TEXT = `# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
    "quoted key": x
  annotations:
    a:b: one
    a: two
    ab  : three
    abc: four
spec:
  template:
    spec:
      containers:
      - name: web
        image: nginx:1.27
        args:
          - --port
          - "8080"
        env:
          - name: MODE

            value: |
              multi
              line
        ports:
        - containerPort: 80
          name: http
      - name: sidecar
        image: busybox:1.36
---
---
apiVersion: v1
kind: List
items:
  - - nested
    - list
  -
    apiVersion: v1
    kind: ConfigMap
`;

function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => paths(item, [...prefix, index], out));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths(item, [...prefix, key], out);
  return out;
}

describe('placing findings by walking lines', () => {
  const pieces = [...splitPieces([TEXT])].map((piece) => documentLines(piece as DocumentPiece)!);
  const documents = readSimpleYaml(TEXT, resolveToValue)!;
  const precise = readPrecisely(TEXT);

  it('finds the documents the readers find', () => {
    expect(pieces).toHaveLength(documents.length);
    expect(precise.documents).toHaveLength(documents.length);
  });

  documents.forEach((document, index) => {
    if (document === null) return; // an empty document holds no object, so nothing is ever placed in it
    it(`places every node of document ${index} where the precise reader does`, () => {
      const all = paths(document);
      expect(all.length).toBeGreaterThan(5);
      for (const path of all) {
        const expected = precise.documents[index].at(path);
        expect(locateInLines(pieces[index], path), JSON.stringify(path)).toEqual(expected);
      }
    });
  });

  it('stops at the deepest node it can see when the path goes into a one-line value', () => {
    const flow = 'spec:\n  selector: {matchLabels: {app: web}}\n';
    expect(locateInLines(documentLines([...splitPieces([flow])][0] as DocumentPiece)!, ['spec', 'selector', 'matchLabels', 'app'])).toEqual({ line: 2, column: 3 });
  });
});
