// Line-based unified diff (Myers' O(ND) algorithm), the format `git diff` and `diff -u` print.

type Edit = { readonly type: ' ' | '-' | '+'; readonly line: string };

/** Splits text into lines without their line breaks; a trailing newline does not add an empty line. */
function linesOf(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The shortest edit script from `a` to `b`. */
function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  const max = a.length + b.length;
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = max === 0;
  for (let distance = 0; distance <= max && !found; distance++) {
    trace.push(frontier.slice());
    for (let diagonal = -distance; diagonal <= distance; diagonal += 2) {
      let x = diagonal === -distance || (diagonal !== distance && frontier[offset + diagonal - 1] < frontier[offset + diagonal + 1])
        ? frontier[offset + diagonal + 1]
        : frontier[offset + diagonal - 1] + 1;
      let y = x - diagonal;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      frontier[offset + diagonal] = x;
      if (x >= a.length && y >= b.length) {
        found = true;
        break;
      }
    }
  }
  if (max === 0) return [];
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let distance = trace.length - 1; distance >= 0; distance--) {
    const previous = trace[distance];
    const diagonal = x - y;
    const down = diagonal === -distance || (diagonal !== distance && previous[offset + diagonal - 1] < previous[offset + diagonal + 1]);
    const previousDiagonal = down ? diagonal + 1 : diagonal - 1;
    const previousX = distance === 0 ? 0 : previous[offset + previousDiagonal];
    const previousY = distance === 0 ? 0 : previousX - previousDiagonal;
    while (x > previousX && y > previousY) {
      edits.push({ type: ' ', line: a[x - 1] });
      x--;
      y--;
    }
    if (distance === 0) break;
    if (down) edits.push({ type: '+', line: b[y - 1] });
    else edits.push({ type: '-', line: a[x - 1] });
    x = previousX;
    y = previousY;
  }
  return edits.reverse();
}

/**
 * A unified diff of two texts with `context` lines around each change, headed `--- fromLabel` /
 * `+++ toLabel`; empty when the texts are equal.
 */
export function unifiedDiff(before: string, after: string, fromLabel: string, toLabel: string, context = 3): string {
  if (before === after) return '';
  const a = linesOf(before);
  const b = linesOf(after);
  const edits = editScript(a, b);
  const out = [`--- ${fromLabel}`, `+++ ${toLabel}`];
  let index = 0;
  while (index < edits.length) {
    while (index < edits.length && edits[index].type === ' ') index++;
    if (index >= edits.length) break;
    let start = Math.max(0, index - context);
    let end = index;
    // Extend the hunk while the next change is within 2 * context unchanged lines.
    for (;;) {
      while (end < edits.length && edits[end].type !== ' ') end++;
      let gap = end;
      while (gap < edits.length && edits[gap].type === ' ') gap++;
      if (gap < edits.length && gap - end <= 2 * context) end = gap;
      else {
        end = Math.min(edits.length, end + context);
        break;
      }
    }
    let aLine = 0;
    let bLine = 0;
    for (let i = 0; i < start; i++) {
      if (edits[i].type !== '+') aLine++;
      if (edits[i].type !== '-') bLine++;
    }
    const hunk = edits.slice(start, end);
    const aCount = hunk.filter((edit) => edit.type !== '+').length;
    const bCount = hunk.filter((edit) => edit.type !== '-').length;
    const range = (line: number, count: number) => `${count === 0 ? line : line + 1}${count === 1 ? '' : `,${count}`}`;
    out.push(`@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@`);
    for (const edit of hunk) out.push(`${edit.type}${edit.line}`);
    index = end;
    start = end;
  }
  return `${out.join('\n')}\n`;
}
