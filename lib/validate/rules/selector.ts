// Label selectors as the API server evaluates them: matchLabels AND every matchExpression.

import { asArray, asRecord, asString, asStringMap } from './object';

export interface SelectorRequirement {
  readonly key: string;
  /** `In`, `NotIn`, `Exists`, `DoesNotExist`; anything else never matches. */
  readonly operator: string;
  readonly values: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly SelectorRequirement[];
}

/** A `LabelSelector` (`matchLabels` / `matchExpressions`); undefined when the value is not an object. */
export function parseLabelSelector(value: unknown): LabelSelector | undefined {
  const record = asRecord(value);
  if (record === undefined) return undefined;
  const matchExpressions: SelectorRequirement[] = [];
  const items = asArray(record.matchExpressions);
  for (let index = 0; index < items.length; index++) {
    const requirement = asRecord(items[index]);
    const key = asString(requirement?.key);
    if (requirement === undefined || key === undefined) continue;
    const values = asArray(requirement.values).filter((entry): entry is string => typeof entry === 'string');
    matchExpressions.push({ key, operator: asString(requirement.operator) ?? '', values });
  }
  return { matchLabels: asStringMap(record.matchLabels), matchExpressions };
}

/** A plain map selector (Service, ReplicationController); undefined when the value is not an object. */
export function selectorFromMap(value: unknown): LabelSelector | undefined {
  if (asRecord(value) === undefined) return undefined;
  return { matchLabels: asStringMap(value), matchExpressions: [] };
}

export function isEmptySelector(selector: LabelSelector): boolean {
  if (selector.matchExpressions.length > 0) return false;
  // for-in rather than Object.keys: no array per call.
  for (const key in selector.matchLabels) if (Object.prototype.hasOwnProperty.call(selector.matchLabels, key)) return false;
  return true;
}

export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  const matchLabels = selector.matchLabels;
  const keys = Object.keys(matchLabels);
  for (let index = 0; index < keys.length; index++) {
    if (labels[keys[index]] !== matchLabels[keys[index]]) return false;
  }
  for (let index = 0; index < selector.matchExpressions.length; index++) {
    const requirement = selector.matchExpressions[index];
    const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    switch (requirement.operator) {
      case 'In':
        if (!has || !requirement.values.includes(labels[requirement.key])) return false;
        break;
      case 'NotIn':
        if (has && requirement.values.includes(labels[requirement.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** `app=web,tier in (a,b)` for messages. */
export function describeSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels).map(([key, value]) => `${key}=${value}`);
  for (const requirement of selector.matchExpressions) {
    if (requirement.operator === 'Exists') parts.push(requirement.key);
    else if (requirement.operator === 'DoesNotExist') parts.push(`!${requirement.key}`);
    else parts.push(`${requirement.key} ${requirement.operator.toLowerCase()} (${requirement.values.join(',')})`);
  }
  return parts.join(',');
}
