// Rule listings for `kubeforge rules` and the README, generated from the rules themselves so they cannot drift.

import type { Severity } from '../result';
import { defaultRegistry } from './catalog';
import { effectiveSetting } from './config';
import { RuleRegistry } from './registry';
import type { Rule, RuleSetting, RulesConfig } from './types';
import { WORKLOAD_KINDS } from './workload';

export interface RuleListing {
  readonly id: string;
  /** The setting in effect under the given configuration. */
  readonly severity: RuleSetting;
  readonly defaultSeverity: Severity;
  readonly description: string;
  readonly hint: string;
  readonly kinds: readonly string[] | 'any';
  readonly scope: Rule['scope'];
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Every rule sorted by id, with the severity that `config` gives it. */
export function listRules(config: RulesConfig = {}, registry: RuleRegistry = defaultRegistry): RuleListing[] {
  return registry
    .list()
    .map((rule) => ({
      id: rule.id,
      severity: effectiveSetting(rule.id, rule.severity, config),
      defaultSeverity: rule.severity,
      description: rule.description,
      hint: rule.hint,
      kinds: rule.kinds,
      scope: rule.scope,
      ...(rule.params === undefined ? {} : { params: rule.params }),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `workloads` for the full set of workload kinds, `any` for every kind, else the kinds themselves. */
export function describeKinds(kinds: readonly string[] | 'any'): string {
  if (kinds === 'any') return 'any';
  const workloadKinds = WORKLOAD_KINDS.filter((kind) => kinds.includes(kind));
  if (workloadKinds.length === WORKLOAD_KINDS.length) {
    return ['workloads', ...kinds.filter((kind) => !(WORKLOAD_KINDS as readonly string[]).includes(kind))].join(', ');
  }
  return kinds.join(', ');
}

/** Table cell text: pipes escaped, angle brackets as entities so `<name>` is not read as an HTML tag. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** The README's rule table (GitHub markdown, no trailing newline): id, default severity, kinds, description, fix. */
export function renderRulesMarkdownTable(registry: RuleRegistry = defaultRegistry): string {
  const lines = ['| Rule | Severity | Applies to | Checks | Fix |', '| --- | --- | --- | --- | --- |'];
  for (const rule of listRules({}, registry)) {
    const scope = rule.scope === 'cross-resource' ? ' (cross-resource)' : '';
    lines.push(`| \`${rule.id}\` | ${rule.defaultSeverity} | ${cell(describeKinds(rule.kinds))}${scope} | ${cell(rule.description)} | ${cell(rule.hint)} |`);
  }
  return lines.join('\n');
}

export const RULES_TABLE_START = '<!-- rules:start -->';
export const RULES_TABLE_END = '<!-- rules:end -->';

/**
 * The README text with the generated rule table between the markers (one blank line around the table); throws
 * when the markers are missing or out of order.
 */
export function replaceRulesTable(readme: string, registry: RuleRegistry = defaultRegistry): string {
  const start = readme.indexOf(RULES_TABLE_START);
  const end = readme.indexOf(RULES_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README needs the markers ${RULES_TABLE_START} and ${RULES_TABLE_END}, in that order, around the rule table`);
  return `${readme.slice(0, start + RULES_TABLE_START.length)}\n\n${renderRulesMarkdownTable(registry)}\n\n${readme.slice(end)}`;
}
