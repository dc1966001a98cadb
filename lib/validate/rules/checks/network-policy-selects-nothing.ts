import { asRecord } from '../object';
import { describeSelector, isEmptySelector, parseLabelSelector } from '../selector';
import type { Rule } from '../types';

export const networkPolicySelectsNothing: Rule = {
  id: 'network-policy-selects-nothing',
  severity: 'warning',
  scope: 'cross-resource',
  kinds: ['NetworkPolicy'],
  description: 'A NetworkPolicy podSelector that matches the pods of no workload in its namespace, nor the labels of a custom resource there whose operator creates pods, so it applies to nothing.',
  hint: 'Set spec.podSelector to the pod template labels of the workloads to isolate ({} selects every pod of the namespace).',
  check(context, object) {
    const selector = parseLabelSelector(asRecord(object.raw.spec)?.podSelector);
    if (selector === undefined || isEmptySelector(selector)) return [];
    if (context.workloadsSelectedBy(object.namespace, selector).length > 0 || context.podOwnersSelectedBy(object.namespace, selector).length > 0) return [];
    return [{ message: `podSelector ${describeSelector(selector)} matches the pods of no workload in namespace "${object.namespace}"`, path: ['spec', 'podSelector'], absent: true }];
  },
};
