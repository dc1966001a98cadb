// Public entry of the rule engine: run rules, list them, read their configuration, write new ones.

export { EXTERNAL_REFS_ANNOTATION, IGNORE_ANNOTATION } from './annotations';
export { ALL_RULES, defaultRegistry } from './catalog';
export { checkRulesConfig, mergeRulesConfigs, parseRuleFlags, parseRulesConfig, RulesConfigError } from './config';
export { RuleContext } from './context';
export type { RuleListing } from './docs';
export { listRules, renderRulesMarkdownTable, replaceRulesTable, RULES_TABLE_END, RULES_TABLE_START } from './docs';
export type { JsonObject, KubeObject, PathSegments } from './object';
export { RULE_CRASH_ID, RuleRegistry } from './registry';
export type { RuleScope, RunRulesOptions } from './run';
export { RuleSession, runRules } from './run';
export { projectForRules } from './projection';
export { isCustomResource, podOwnerOf, type PodOwner } from './owners';
export { resolvePodReference, resolveReferences, type Resolution, type ResolvedReference } from './resolve';
export type { LabelSelector } from './selector';
export type { Rule, RuleFinding, RuleSetting, RulesConfig, RuleSubject, RulesOutcome, RunOptions } from './types';
export type { ContainerEntry, Workload } from './workload';
export { WORKLOAD_KINDS, workloadOf } from './workload';
