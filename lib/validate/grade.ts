// Configuration applied to the validator's own findings (schema, duplicate-object, crd-schema, ...): turned off,
// re-graded, or silenced on one object by the kubeforge.io/ignore annotation, as the rules' findings are.
import type { PendingResult } from './engine';
import { GRADABLE_VALIDATOR_RULES } from './rule-catalog';
import { settingOf } from './rules/settings';
import type { RulesConfig } from './rules/types';

const GRADABLE: ReadonlySet<string> = new Set(GRADABLE_VALIDATOR_RULES);

/** Ids listed in a kubeforge.io/ignore value (commas or spaces; a reason may follow ` -- `). */
function ignoredIds(annotation: string | undefined): ReadonlySet<string> {
  if (annotation === undefined) return GRADABLE_NONE;
  const separator = annotation.indexOf('--');
  return new Set((separator < 0 ? annotation : annotation.slice(0, separator)).split(/[\s,]+/).filter((id) => id !== ''));
}
const GRADABLE_NONE: ReadonlySet<string> = new Set();

/**
 * Applies settings and ignore annotations to validator findings and recomputes the status: a result whose error
 * findings are all gone is valid (or skipped, when it was never validated: unknown kind, unusable CRD schema).
 * Returns how many findings were silenced. Rule findings are left alone: the rule engine grades them.
 */
export function gradeValidatorFindings(results: readonly PendingResult[], config: RulesConfig | undefined): number {
  const settings = config?.rules ?? {};
  let silenced = 0;
  for (const result of results) {
    if (result.findings.length === 0) continue;
    const ignored = ignoredIds(result.ignore);
    let changed = false;
    for (let index = result.findings.length - 1; index >= 0; index--) {
      const finding = result.findings[index];
      if (!GRADABLE.has(finding.rule)) continue;
      const setting = settingOf(settings[finding.rule]);
      if (setting === 'off' || ignored.has(finding.rule)) {
        result.findings.splice(index, 1);
        silenced++;
        changed = true;
      } else if (setting !== undefined && setting !== finding.severity) {
        result.findings[index] = { ...finding, severity: setting };
        changed = true;
      }
    }
    if (!changed) continue;
    const hasError = result.findings.some((finding) => finding.severity === 'error');
    if (result.status === 'error' && !hasError) result.status = 'skipped';
    else if (result.status === 'invalid' && !hasError) result.status = 'valid';
    else if (result.status === 'valid' && hasError) result.status = 'invalid';
  }
  return silenced;
}
