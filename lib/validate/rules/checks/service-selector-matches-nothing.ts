import { asRecord, describe } from '../object';
import { describeSelector, isEmptySelector, selectorFromMap } from '../selector';
import type { Rule } from '../types';

export const serviceSelectorMatchesNothing: Rule = {
  id: 'service-selector-matches-nothing',
  severity: 'error',
  scope: 'cross-resource',
  kinds: ['Service'],
  description: 'A Service selector matches the pod labels of no workload in its namespace, so it has no endpoints.',
  hint: 'Make the selector a subset of the pod template labels of the workload it fronts (ExternalName and selector-less Services are exempt).',
  check(context, object) {
    const spec = asRecord(object.raw.spec);
    if (spec === undefined || spec.type === 'ExternalName') return [];
    const selector = selectorFromMap(spec.selector);
    if (selector === undefined || isEmptySelector(selector)) return [];
    if (context.memo('service-selection', object, () => context.workloadsSelectedBy(object.namespace, selector)).length > 0) return [];
    return [
      {
        message: `selector ${describeSelector(selector)} matches the pods of no workload in namespace "${object.namespace}"; ${describe('Service', object.name)} will have no endpoints`,
        path: ['spec', 'selector'],
      },
    ];
  },
};
