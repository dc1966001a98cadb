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

/** Severity of a finding about an absent object when the input may be partial: never an error, never raised. */
const PARTIAL_SEVERITY: Readonly<Record<Severity, Severity>> = { error: 'info', warning: 'info', info: 'info' };

function crashMessage(rule: Rule, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `rule "${rule.id}" failed on this object (${reason}); the object was not checked by it`;
}

export type RuleScope = Rule['scope'];

/**
 * The enabled rules of one configuration, run in two phases when objects stream in: `checkObjects` runs the
 * rules that look at one object (while the whole object is at hand), `checkAcross` the cross-resource rules (on the
 * compact projections that `projectForRules` keeps). Throws RulesConfigError when the configuration names unknown
 * rules or settings; never throws because of the objects themselves: a rule that throws becomes a `rule-crash` finding.
 */
export class RuleSession {
  private readonly active: readonly ActiveRule[];
  private readonly objectRules: readonly ActiveRule[];
  private readonly crossRules: readonly ActiveRule[];
  private readonly crashSetting: ReturnType<typeof effectiveSetting>;

  constructor(config: RulesConfig = {}, private readonly options: RunRulesOptions = {}) {
    const registry = options.registry ?? defaultRegistry;
    const problems = checkRulesConfig(config, registry);
    if (problems.length > 0) throw new RulesConfigError(problems.join('\n'));
    this.active = activeRules(registry, config);
    this.objectRules = this.active.filter(({ rule }) => rule.scope === 'object');
    this.crossRules = this.active.filter(({ rule }) => rule.scope === 'cross-resource');
    this.crashSetting = effectiveSetting(RULE_CRASH_ID, 'error', config);
  }

  /** The rules that look at one object at a time. */
  checkObjects(objects: readonly RuleSubject[]): RulesOutcome {
    return this.run(objects, 'object', {});
  }

  /** The cross-resource rules over one unit's objects; `options` say whether the unit is whole. */
  checkAcross(objects: readonly RuleSubject[], options: RunOptions = {}): RulesOutcome {
    return this.run(objects, 'cross-resource', options);
  }

  /** Every rule over objects that are all at hand (synth, tests). */
  checkAll(objects: readonly RuleSubject[]): RulesOutcome {
    return this.run(objects, undefined, {});
  }

  private run(objects: readonly RuleSubject[], scope: RuleScope | undefined, options: RunOptions): RulesOutcome {
    const active = scope === undefined ? this.active : scope === 'object' ? this.objectRules : this.crossRules;
    if (active.length === 0 || objects.length === 0) return { findings: new Map(), silenced: 0 };
    const context = new RuleContext(objects, { ...this.options, ...options, indexed: scope !== 'object' });
    return runOver(context, active, this.crashSetting);
  }
}

/** Runs every enabled rule on every object; see RuleSession. */
export function runRules(objects: readonly RuleSubject[], config: RulesConfig = {}, options: RunRulesOptions = {}): RulesOutcome {
  return new RuleSession(config, options).checkAll(objects);
}

function runOver(context: RuleContext, active: readonly ActiveRule[], crashSetting: ReturnType<typeof effectiveSetting>): RulesOutcome {
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
          const partial = finding.absent === true && !context.whole;
          results[index] = {
            rule: rule.id,
            severity: partial ? PARTIAL_SEVERITY[severity] : severity,
            message: partial ? `${finding.message} (not an error: the input may be partial; pass --whole when it is the whole application)` : finding.message,
            path: formatPath(finding.path),
            hint: finding.hint ?? rule.hint,
          };
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
