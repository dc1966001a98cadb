// Checks rule configuration from cdk8s.yaml and CLI flags before a run, so a typo never passes silently.

import { GRADABLE_VALIDATOR_RULES, VALIDATOR_RULES } from '../rule-catalog';
import type { Severity } from '../result';
import { defaultRegistry } from './catalog';
import { RULE_CRASH_ID, RuleRegistry } from './registry';
import { isRuleSetting, SETTINGS, settingOf } from './settings';
import type { RuleSetting, RulesConfig } from './types';

export class RulesConfigError extends Error {
  override readonly name = 'RulesConfigError';
}

export { isRuleSetting, settingOf };

function knownIds(registry: RuleRegistry): string {
  return [...registry.list().map((rule) => rule.id), RULE_CRASH_ID, ...GRADABLE_VALIDATOR_RULES].sort().join(', ');
}

/** True for ids that configuration may set: the rules of the registry, rule-crash and the validator's gradable findings. */
function isConfigurable(id: string, registry: RuleRegistry): boolean {
  return registry.has(id) || id === RULE_CRASH_ID || GRADABLE_VALIDATOR_RULES.includes(id);
}

/** Problems of a configuration against a registry, one sentence each; empty when it is usable. */
export function checkRulesConfig(config: RulesConfig, registry: RuleRegistry = defaultRegistry): string[] {
  const problems: string[] = [];
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    if (Object.prototype.hasOwnProperty.call(VALIDATOR_RULES, id) && !GRADABLE_VALIDATOR_RULES.includes(id)) {
      problems.push(`"${id}" findings cannot be turned off or re-graded: the file cannot be read as Kubernetes objects, so nothing else is checked; fix the file or leave it out with --ignore-filename-pattern`);
    } else if (!isConfigurable(id, registry)) problems.push(`unknown rule "${id}"; known rules: ${knownIds(registry)}`);
    else if (settingOf(setting) === undefined) problems.push(`rule "${id}" is set to ${JSON.stringify(setting)}; use one of ${SETTINGS.join(', ')}`);
  }
  return problems;
}

/**
 * Reads the `rules` part of cdk8s.yaml's kubeforge section (`{ rules: { image-tag-latest: off } }`) or any
 * parsed JSON/YAML value; throws RulesConfigError naming every problem.
 */
export function parseRulesConfig(raw: unknown, registry: RuleRegistry = defaultRegistry): RulesConfig {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new RulesConfigError('rules configuration must be a mapping with a "rules" key');
  const unknownKeys = Object.keys(raw).filter((key) => key !== 'rules');
  if (unknownKeys.length > 0) throw new RulesConfigError(`unknown key(s) in rules configuration: ${unknownKeys.join(', ')}; only "rules" is read`);
  const rules = (raw as { rules?: unknown }).rules;
  if (rules === undefined || rules === null) return {};
  if (typeof rules !== 'object' || Array.isArray(rules)) throw new RulesConfigError('"rules" must map rule ids to off, error, warning or info');
  const config: RulesConfig = { rules: rules as Record<string, RuleSetting> };
  const problems = checkRulesConfig(config, registry);
  if (problems.length > 0) throw new RulesConfigError(problems.join('\n'));
  return config;
}

/**
 * Reads CLI flag values such as `--rule image-tag-latest=off --rule run-as-root=error,probes-missing=info` into
 * settings; throws RulesConfigError naming every problem.
 */
export function parseRuleFlags(values: readonly string[], registry: RuleRegistry = defaultRegistry): RulesConfig {
  const rules: Record<string, RuleSetting> = {};
  const problems: string[] = [];
  for (const entry of values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '')) {
    const equals = entry.indexOf('=');
    if (equals <= 0) {
      problems.push(`"${entry}" is not <rule>=<off|error|warning|info>`);
      continue;
    }
    rules[entry.slice(0, equals).trim()] = entry.slice(equals + 1).trim() as RuleSetting;
  }
  const config: RulesConfig = { rules };
  problems.push(...checkRulesConfig(config, registry));
  if (problems.length > 0) throw new RulesConfigError(problems.join('\n'));
  return config;
}

/** Later configurations win: cdk8s.yaml first, CLI flags last. */
export function mergeRulesConfigs(...configs: readonly (RulesConfig | undefined)[]): RulesConfig {
  const rules: Record<string, RuleSetting> = {};
  for (const config of configs) Object.assign(rules, config?.rules ?? {});
  return { rules };
}

export function effectiveSetting(id: string, defaultSeverity: Severity, config: RulesConfig): RuleSetting {
  return settingOf(config.rules?.[id]) ?? defaultSeverity;
}
