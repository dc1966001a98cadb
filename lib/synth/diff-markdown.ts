// `kubeforge diff -o markdown`: a pull-request comment with, per environment and app, a table of the
// added, changed and removed objects and their diffs folded in <details>. Secret values arrive masked.
import { compareCodeUnits } from './kinds';
import type { ResourceDiff } from './diff';

/** What a section appended to an app's part of the comment sees. */
export interface AppSectionContext {
  readonly environment: string;
  readonly app: string;
  readonly diffs: readonly ResourceDiff[];
}

/** Renders extra Markdown for one app (e.g. a graph of its objects); undefined adds nothing. */
export type AppSection = (context: AppSectionContext) => string | undefined;

export interface MarkdownOptions {
  /** Sections appended, in order, after the table and diffs of each app. @default none */
  readonly appSections?: readonly AppSection[];
  /** Lines of one diff shown before it is cut (comments have a size limit). @default 400 */
  readonly maxDiffLines?: number;
  /** Characters of all diffs together; later diffs are left out (GitHub takes comments of up to 65,536). @default 50000 */
  readonly maxDiffCharacters?: number;
}

export function markdownReport(diffs: readonly ResourceDiff[], options: MarkdownOptions = {}): string {
  const count = (status: string) => diffs.filter((diff) => diff.status === status).length;
  const out = [`## kubeforge diff: ${count('added')} added, ${count('changed')} changed, ${count('removed')} removed`, ''];
  if (diffs.length === 0) return `${out.join('\n')}\nNo differences: the committed tree is what the program renders.\n`;
  const groups = new Map<string, ResourceDiff[]>();
  for (const diff of diffs) {
    const key = `${diff.environment ?? ''}\n${diff.app}`;
    const group = groups.get(key);
    if (group) group.push(diff);
    else groups.set(key, [diff]);
  }
  let budget = options.maxDiffCharacters ?? 50_000;
  let omitted = 0;
  for (const key of [...groups.keys()].sort(compareCodeUnits)) {
    const [environment, app] = key.split('\n');
    const group = groups.get(key) ?? [];
    out.push(`### ${environment} / ${app}`, '', '| change | kind | namespace | name | file |', '|---|---|---|---|---|');
    for (const diff of group) {
      out.push(`| ${diff.status} | ${cell(diff.kind ?? '')} | ${cell(diff.namespace ?? '')} | ${cell(diff.name ?? '')} | ${cell(`\`${diff.path}\``)} |`);
    }
    out.push('');
    for (const diff of group) {
      const folded = details(diff, options.maxDiffLines ?? 400);
      const size = folded.reduce((total, line) => total + line.length + 1, 0);
      if (size > budget) {
        omitted++;
        continue;
      }
      budget -= size;
      out.push(...folded);
    }
    for (const section of options.appSections ?? []) {
      const text = section({ environment, app, diffs: group });
      if (text) out.push(text.replace(/\n*$/, ''), '');
    }
  }
  if (omitted > 0) out.push(`${omitted} diffs left out to keep the comment within its size limit: run \`kubeforge diff\` to see them.`, '');
  return out.join('\n');
}

function details(diff: ResourceDiff, maxLines: number): string[] {
  const what = diff.kind ? `${diff.kind} ${diff.namespace ? `${diff.namespace}/` : ''}${diff.name}` : diff.path;
  let lines = diff.diff.replace(/\n$/, '').split('\n');
  const cut = lines.length - maxLines;
  if (cut > 0) lines = [...lines.slice(0, maxLines), `... ${cut} more lines: run kubeforge diff to see them`];
  // A fence longer than any run of backticks in the diff cannot be closed by it.
  const longest = Math.max(2, ...(diff.diff.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return ['<details>', `<summary>${escapeHtml(`${diff.status} ${what}`)}</summary>`, '', `${fence}diff`, ...lines, fence, '</details>', ''];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
