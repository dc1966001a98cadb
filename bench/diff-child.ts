// Child process of the diff benchmark: `node diff-child.js <kubeforge|jsdiff|read> <before> <after>`.
import { readFileSync } from 'node:fs';
import { structuredPatch } from 'diff';
import { unifiedDiff } from '../lib/synth/unified-diff';

const [mode, beforePath, afterPath] = process.argv.slice(2);
const before = readFileSync(beforePath, 'utf8');
const after = readFileSync(afterPath, 'utf8');
let size = before.length + after.length;
if (mode === 'kubeforge') size = unifiedDiff(before, after, 'a/file.yaml', 'b/file.yaml').length;
// The peer: jsdiff with no bound on the edit search.
else if (mode === 'jsdiff') size = structuredPatch('a/file.yaml', 'b/file.yaml', before, after, undefined, undefined, { context: 3 }).hunks.length;
else if (mode !== 'read') throw new Error(`unknown mode ${mode}`);
process.stdout.write(`${size}\n`);
