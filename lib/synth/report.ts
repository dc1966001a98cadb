// Text for people: findings with construct path and object, and the one-line summary per environment.
import type { ResourceResult } from '../validate';
import { objectLabel } from '../validate/report';
import type { Rendering } from './render';
import { nonRootNote } from './notes';
import type { TreePlan } from './tree';

/**
 * One line per finding: `severity: envs: Kind/name (namespace ns) (construct path) in file: path: message [rule]`.
 * A finding that is the same in several environments (one mistake in an app rendered for each) is one line that
 * names them all. Info findings are advice, printed with `verbose` only; otherwise one line counts them (none with `quiet`).
 */
export function formatFindings(rendering: Rendering, verbose = false, quiet = false): string {
  const lines: string[] = [];
  let hidden = 0;
  for (const [text, { environments, hint }] of distinctFindings(rendering, verbose)) {
    const [severity, rest] = [text.slice(0, text.indexOf(': ')), text.slice(text.indexOf(': ') + 2)];
    lines.push(`${severity}: ${environments.join(', ')}: ${rest}`);
    if (hint) lines.push(`    fix: ${hint}`);
  }
  for (const environment of rendering.environments) {
    for (const result of environment.results) hidden += verbose ? 0 : result.findings.filter((finding) => finding.severity === 'info').length;
  }
  if (hidden > 0 && !quiet) lines.push(`${plural(hidden, 'info finding')} not shown; --verbose shows them`);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Error findings, a mistake counted once however many environments render it. */
export function distinctErrors(rendering: Rendering): number {
  return [...distinctFindings(rendering, false).keys()].filter((text) => text.startsWith('error: ')).length;
}

/** Findings as `severity: text` (without the environment), in order of first appearance, with their environments. */
function distinctFindings(rendering: Rendering, verbose: boolean): Map<string, { environments: string[]; hint?: string }> {
  const found = new Map<string, { environments: string[]; hint?: string }>();
  // Nothing is written when a finding is an error: then no line may point into the output folder.
  const showFile = rendering.errors === 0;
  for (const environment of rendering.environments) {
    for (const result of environment.results) {
      const construct = result.constructPath ? `construct ${result.constructPath}` : '';
      const object = result.kind ? `${objectLabel(result)}${construct ? ` (${construct})` : ''}` : construct || 'object';
      const file = showFile && result.file ? ` in ${result.file}` : '';
      const entries = result.findings.length === 0
        ? [{ text: `error: ${object}${file}: ${result.status}`, hint: undefined }]
        : result.findings
            .filter((finding) => verbose || finding.severity !== 'info')
            .map((finding) => ({ text: `${finding.severity}: ${object}${file}: ${finding.path ? `${finding.path}: ` : ''}${finding.message} [${finding.rule}]`, hint: finding.hint }));
      for (const { text, hint } of entries) {
        const seen = found.get(text);
        if (!seen) found.set(text, { environments: [environment.name], hint });
        else if (!seen.environments.includes(environment.name)) seen.environments.push(environment.name);
      }
    }
  }
  return found;
}

export function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(2)} s`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `dev: 3 apps, 14 objects, 5 files written, 12 unchanged, 1 removed (0.21 s)` per environment. */
export function summaryLines(rendering: Rendering, plan: TreePlan | undefined, written: boolean): string {
  return rendering.environments
    .map((environment) => {
      const parts = [plural(environment.apps, 'app'), plural(environment.objects, 'object')];
      if (environment.errors > 0 || environment.warnings > 0) parts.push(plural(environment.errors, 'error'), plural(environment.warnings, 'warning'));
      if (plan) {
        const changes = plan.changes.filter((change) => change.environment === environment.name);
        const removed = changes.filter((change) => change.status === 'removed').length;
        const verb = written ? 'written' : 'to write';
        parts.push(`${plural(changes.length - removed, 'file')} ${verb}`, `${plan.unchanged.get(environment.name) ?? 0} unchanged`);
        if (removed > 0) parts.push(`${removed} ${written ? 'removed' : 'to remove'}`);
      }
      return `${environment.name}: ${parts.join(', ')} (${seconds(environment.milliseconds)})\n`;
    })
    .join('') + nonRootNote([...new Set(rendering.environments.flatMap((environment) => environment.nonRootWithoutUser))]);
}
