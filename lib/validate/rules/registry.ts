// The set of rules a run may use; ids are unique so configuration and ignore annotations are unambiguous.

import type { Rule } from './types';

/** Id of the finding reported when a rule throws; reserved, no rule may use it. */
export const RULE_CRASH_ID = 'rule-crash';

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class RuleRegistry {
  private readonly rules = new Map<string, Rule>();

  constructor(rules: readonly Rule[] = []) {
    for (const rule of rules) this.register(rule);
  }

  /** Adds a rule; throws when its id is taken, reserved or not kebab-case. */
  register(rule: Rule): this {
    if (!RULE_ID.test(rule.id)) throw new Error(`rule id "${rule.id}" is not kebab-case (lower-case words joined by "-")`);
    if (rule.id === RULE_CRASH_ID) throw new Error(`rule id "${RULE_CRASH_ID}" is reserved for rules that crash`);
    if (this.rules.has(rule.id)) throw new Error(`rule id "${rule.id}" is already registered; rule ids must be unique`);
    this.rules.set(rule.id, rule);
    return this;
  }

  get(id: string): Rule | undefined {
    return this.rules.get(id);
  }

  has(id: string): boolean {
    return this.rules.has(id);
  }

  /** Rules in registration order. */
  list(): readonly Rule[] {
    return [...this.rules.values()];
  }
}
