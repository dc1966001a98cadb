// Rule settings as configuration gives them; no imports, so the validator can grade its findings without loading the rules.

import type { RuleSetting } from './types';

export const SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'info'];

export function isRuleSetting(value: unknown): value is RuleSetting {
  return typeof value === 'string' && (SETTINGS as readonly string[]).includes(value);
}

/** A configured setting; YAML 1.1 (cdk8s.yaml is read as the API server reads YAML) takes an unquoted `off` for false. */
export function settingOf(value: unknown): RuleSetting | undefined {
  if (value === false) return 'off';
  return isRuleSetting(value) ? value : undefined;
}
