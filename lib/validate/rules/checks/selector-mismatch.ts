import { describeSelector, isEmptySelector, selectorMatches } from '../selector';
import { NO_FINDINGS, Rule } from '../types';

export const selectorMismatch: Rule = {
  id: 'selector-mismatch',
  severity: 'error',
  scope: 'object',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'],
  description: 'A workload selector that does not match its own pod template labels; the API server rejects it.',
  hint: 'Make spec.selector a subset of spec.template.metadata.labels (selectors are immutable, so pick stable labels).',
  check(context, object) {
    const workload = context.workload(object);
    const selector = workload?.selector;
    if (workload === undefined || selector === undefined) return NO_FINDINGS;
    if (isEmptySelector(selector)) {
      if (object.kind === 'ReplicationController' || object.kind === 'Job') return NO_FINDINGS;
      return [{ message: 'selector is empty; it must select the pod template labels', path: workload.selectorPath }];
    }
    if (selectorMatches(selector, workload.podLabels)) return NO_FINDINGS;
    const labels = Object.entries(workload.podLabels).map(([key, value]) => `${key}=${value}`).join(',');
    return [
      {
        message: `selector ${describeSelector(selector)} does not match the pod template labels (${labels || 'none'})`,
        path: workload.selectorPath,
      },
    ];
  },
};
