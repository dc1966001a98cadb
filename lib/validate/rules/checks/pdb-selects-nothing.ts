import { pdbSelection } from '../pdb';
import { describeSelector } from '../selector';
import type { Rule } from '../types';

export const pdbSelectsNothing: Rule = {
  id: 'pdb-selects-nothing',
  severity: 'error',
  scope: 'cross-resource',
  kinds: ['PodDisruptionBudget'],
  description: 'A PodDisruptionBudget whose selector matches the pods of no workload in its namespace, nor the labels of a custom resource there whose operator creates pods, so it protects nothing.',
  hint: 'Set spec.selector to the pod template labels of the workload the budget protects.',
  check(context, object) {
    const selection = pdbSelection(context, object);
    if (selection.workloads.length > 0) return [];
    if (selection.selector !== undefined && context.podOwnersSelectedBy(object.namespace, selection.selector).length > 0) return [];
    const message =
      selection.selector === undefined
        ? 'has no selector that selects pods, so it protects nothing'
        : `selector ${describeSelector(selection.selector) || '{}'} matches the pods of no workload in namespace "${object.namespace}"`;
    return [{ message, path: ['spec', 'selector'], absent: selection.selector !== undefined }];
  },
};
