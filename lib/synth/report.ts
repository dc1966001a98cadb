// Text for people: findings with construct path and object, and the one-line summary per environment.
import type { ResourceResult } from '../validate';
import { objectLabel } from '../validate/report';
import type { Rendering } from './render';
import { nonRootNote } from './notes';
import type { TreePlan } from './tree';

/**
 * One line per finding: `severity: env: Kind/name (namespace ns) (construct path) in file: path: message [rule]`.
 * Info findings are advice, printed with `verbose` only; otherwise one line counts them (none with `quiet`).
 */
export function formatFindings(rendering: Rendering, verbose = false, quiet = false): string {
  const lines: string[] = [];
  let hidden = 0;
  for (const environment of rendering.environments) {
    for (const result of environment.results) {
      const shown = verbose ? result.findings : result.findings.filter((finding) => finding.severity !== 'info');
      hidden += result.findings.length - shown.length;
      // Nothing is written when a finding is an error: then no line may point into the output folder.
      if (shown.length > 0 || result.findings.length === 0) lines.push(...findingLines(environment.name, result, shown, rendering.errors === 0));
    }
  }
  if (hidden > 0 && !quiet) lines.push(`${plural(hidden, 'info finding')} not shown; --verbose shows them`);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function findingLines(environment: string, result: ResourceResult, findings: ResourceResult['findings'], showFile: boolean): string[] {
  const lines: string[] = [];
  const construct = result.constructPath ? `construct ${result.constructPath}` : '';
  const object = result.kind ? `${objectLabel(result)}${construct ? ` (${construct})` : ''}` : construct || 'object';
  const file = showFile && result.file ? ` in ${result.file}` : '';
  for (const finding of findings) {
    const path = finding.path ? `${finding.path}: ` : '';
    lines.push(`${finding.severity}: ${environment}: ${object}${file}: ${path}${finding.message} [${finding.rule}]`);
    if (finding.hint) lines.push(`    fix: ${finding.hint}`);
  }
  if (result.findings.length === 0) lines.push(`error: ${environment}: ${object}${file}: ${result.status}`);
  return lines;
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
