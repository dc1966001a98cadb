import { asRecord } from '../object';
import type { Rule } from '../types';

export const jobTtlMissing: Rule = {
  id: 'job-ttl-missing',
  severity: 'info',
  scope: 'object',
  kinds: ['Job'],
  description: 'A Job without ttlSecondsAfterFinished, so it and its pods stay in the cluster after it finishes.',
  hint: 'Set spec.ttlSecondsAfterFinished (e.g. 86400) so finished Jobs are cleaned up; GitOps tools may need to ignore the deletion.',
  check(_context, object) {
    const spec = asRecord(object.raw.spec);
    if (spec === undefined || (spec.ttlSecondsAfterFinished !== undefined && spec.ttlSecondsAfterFinished !== null)) return [];
    return [{ message: 'has no spec.ttlSecondsAfterFinished; the finished Job and its pods are never removed', path: ['spec', 'ttlSecondsAfterFinished'] }];
  },
};
