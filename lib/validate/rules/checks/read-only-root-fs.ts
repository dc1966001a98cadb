import { dig } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

export const readOnlyRootFs: Rule = {
  id: 'read-only-root-fs',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container whose root file system is writable (readOnlyRootFilesystem is not true), so an intruder can change its binaries.',
  hint: 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the process writes (e.g. /tmp).',
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let index = 0; index < workload.containers.length; index++) {
      const entry = workload.containers[index];
      if (dig(entry.container, 'securityContext', 'readOnlyRootFilesystem') === true) continue;
      (findings ??= []).push({ message: `container "${entry.name}" has a writable root file system`, path: [...entry.path, 'securityContext', 'readOnlyRootFilesystem'] });
    }
    return findings ?? NO_FINDINGS;
  },
};
