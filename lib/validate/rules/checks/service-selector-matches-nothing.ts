import { describe } from '../object';
import { describeSelector } from '../selector';
import { serviceSelection } from '../service';
import { NO_FINDINGS, Rule } from '../types';

export const serviceSelectorMatchesNothing: Rule = {
  id: 'service-selector-matches-nothing',
  severity: 'error',
  scope: 'cross-resource',
  kinds: ['Service'],
  description: 'A Service selector matches the pod labels of no workload in its namespace, nor the labels of a custom resource there whose operator creates pods, so it has no endpoints.',
  hint: 'Make the selector a subset of the pod template labels of the workload it fronts (ExternalName and selector-less Services are exempt).',
  check(context, object) {
    const { selector, workloads } = serviceSelection(context, object);
    if (selector === undefined || workloads.length > 0 || context.podOwnersSelectedBy(object.namespace, selector).length > 0) return NO_FINDINGS;
    return [
      {
        message: `selector ${describeSelector(selector)} matches the pods of no workload in namespace "${object.namespace}"; ${describe('Service', object.name)} will have no endpoints`,
        path: ['spec', 'selector'],
        absent: true,
      },
    ];
  },
};
