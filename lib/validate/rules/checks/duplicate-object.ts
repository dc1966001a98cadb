import { describe } from '../object';
import type { Rule } from '../types';

export const duplicateObject: Rule = {
  id: 'duplicate-object',
  severity: 'error',
  scope: 'cross-resource',
  kinds: 'any',
  description: 'Two objects with the same API group, kind, namespace and name; the later one silently replaces the earlier when applied.',
  hint: 'Rename or remove one of them; objects are identified by group, kind, namespace and name.',
  check(context, object) {
    if (object.kind === '' || object.name === '') return [];
    const same = context.sameIdentity(object);
    if (same.length < 2 || same[0] === object) return [];
    return [
      {
        message: `${describe(object.kind, object.name, object.namespace || undefined)} appears ${same.length} times in this run; this copy repeats an earlier one`,
        path: ['metadata', 'name'],
      },
    ];
  },
};
