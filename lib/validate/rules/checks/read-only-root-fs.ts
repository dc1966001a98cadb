import { dig } from '../object';
import type { Rule } from '../types';
import { ContainerEntry, ContainerReport, containerFindings, WORKLOAD_KINDS } from '../workload';

function inspect(entry: ContainerEntry): ContainerReport {
  if (dig(entry.container, 'securityContext', 'readOnlyRootFilesystem') === true) return undefined;
  return { message: `container "${entry.name}" has a writable root file system`, path: [...entry.path, 'securityContext', 'readOnlyRootFilesystem'] };
}

export const readOnlyRootFs: Rule = {
  id: 'read-only-root-fs',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container whose root file system is writable (readOnlyRootFilesystem is not true), so an intruder can change its binaries.',
  hint: 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the process writes (e.g. /tmp).',
  check(context, object) {
    return containerFindings(context.workload(object), inspect);
  },
};
