// Line-based unified diff (the format `git diff` and `diff -u` print), on jsdiff.
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch, type StructuredPatch } from 'diff';

/**
 * Beyond this many inserted plus deleted lines, jsdiff stops searching (its time grows with the square of
 * the edits) and the file is shown as wholly replaced: a bound that keeps the output deterministic, unlike
 * a time limit.
 */
export const MAX_EDIT_LENGTH = 1000;

/**
 * A unified diff of two texts with `context` lines around each change, headed `--- fromLabel` /
 * `+++ toLabel`; empty when the texts are equal.
 */
export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string, context = 3): string {
  if (before === after) return '';
  const patch = structuredPatch(fromLabel, toLabel, before, after, undefined, undefined, { context, maxEditLength: MAX_EDIT_LENGTH }) ?? wholeReplacement(fromLabel, toLabel, before, after);
  return formatPatch(patch, FILE_HEADERS_ONLY);
}

/** One hunk that removes every old line and adds every new one. */
function wholeReplacement(fromLabel: string, toLabel: string, before: string, after: string): StructuredPatch {
  const side = (text: string, sign: '-' | '+') => {
    if (text === '') return [];
    const lines = text.split('\n');
    const complete = lines[lines.length - 1] === '';
    if (complete) lines.pop();
    const marked = lines.map((line) => sign + line);
    if (!complete) marked.push('\\ No newline at end of file');
    return marked;
  };
  const removed = side(before, '-');
  const added = side(after, '+');
  const count = (lines: string[]) => lines.filter((line) => !line.startsWith('\\')).length;
  return {
    oldFileName: fromLabel,
    newFileName: toLabel,
    oldHeader: undefined,
    newHeader: undefined,
    hunks: [{ oldStart: 1, oldLines: count(removed), newStart: 1, newLines: count(added), lines: [...removed, ...added] }],
  };
}
