// Runs the rules over one run's objects: index once, call each applicable rule per object, apply configuration.

import { Finding, formatPath, Severity } from '../result';
import { IGNORE_ANNOTATION, parseIgnoreAnnotation } from './annotations';
import { defaultRegistry } from './catalog';
import { checkRulesConfig, effectiveSetting, RulesConfigError } from './config';
import { RuleContext } from './context';
import { annotationOf, KubeObject } from './object';
import { RULE_CRASH_ID, RuleRegistry } from './registry';
import type { Rule, RulesConfig, RuleSubject, RulesOutcome, RunOptions } from './types';

export interface RunRulesOptions extends RunOptions {
  /** The rules to run; defaults to every rule kubeforge ships. */
  readonly registry?: RuleRegistry;
}

interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
}

function activeRules(registry: RuleRegistry, config: RulesConfig): ActiveRule[] {
  const active: ActiveRule[] = [];
  for (const rule of registry.list()) {
    const setting = effectiveSetting(rule.id, rule.severity, config);
    if (setting !== 'off') active.push({ rule, severity: setting });
  }
  return active;
}

function crashMessage(rule: Rule, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `rule "${rule.id}" failed on this object (${reason}); the object was not checked by it`;
}

/**
 * Runs every enabled rule on every object. Throws RulesConfigError when the configuration names unknown rules or
 * settings; never throws because of the objects themselves: a rule that throws becomes a `rule-crash` finding.
 */
export function runRules(objects: readonly RuleSubject[], config: RulesConfig = {}, options: RunRulesOptions = {}): RulesOutcome {
  const registry = options.registry ?? defaultRegistry;
  const problems = checkRulesConfig(config, registry);
  if (problems.length > 0) throw new RulesConfigError(problems.join('\n'));
  const active = activeRules(registry, config);
  if (active.length === 0) return { findings: new Map(), silenced: 0 };
  const crashSetting = effectiveSetting(RULE_CRASH_ID, 'error', config);
  const context = new RuleContext(objects, options);
  const rulesByKind = new Map<string, Map<string, readonly ActiveRule[]>>();
  const rulesFor = (object: KubeObject): readonly ActiveRule[] => {
    let byGroup = rulesByKind.get(object.kind);
    if (byGroup === undefined) rulesByKind.set(object.kind, (byGroup = new Map()));
    let rules = byGroup.get(object.group);
    if (rules === undefined) {
      const builtIn = object.builtIn;
      rules = active.filter(({ rule }) => rule.kinds === 'any' || (builtIn && rule.kinds.includes(object.kind)));
      byGroup.set(object.group, rules);
    }
    return rules;
  };

  const findings = new Map<number, Finding[]>();
  let silenced = 0;
  const viewed = context.objects;
  for (let position = 0; position < viewed.length; position++) {
    const object = viewed[position];
    const ignored = parseIgnoreAnnotation(annotationOf(object, IGNORE_ANNOTATION));
    const rules = rulesFor(object);
    let found: Finding[] | undefined;
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
      const rule = rules[ruleIndex].rule;
      const severity = rules[ruleIndex].severity;
      let results: Finding[];
      try {
        const reported = rule.check(context, object);
        if (reported.length === 0) continue;
        results = new Array<Finding>(reported.length);
        for (let index = 0; index < reported.length; index++) {
          const finding = reported[index];
          results[index] = { rule: rule.id, severity, message: finding.message, path: formatPath(finding.path), hint: finding.hint ?? rule.hint };
        }
      } catch (error) {
        if (crashSetting === 'off') continue;
        results = [{ rule: RULE_CRASH_ID, severity: crashSetting, message: crashMessage(rule, error), path: '', hint: 'Report this as a kubeforge bug with the manifest that triggers it.' }];
      }
      for (let index = 0; index < results.length; index++) {
        if (ignored.has(results[index].rule)) silenced++;
        else (found ??= []).push(results[index]);
      }
    }
    if (found !== undefined) {
      const existing = findings.get(object.index);
      if (existing === undefined) findings.set(object.index, found);
      else existing.push(...found);
    }
  }
  return { findings, silenced };
}
