import { dig } from '../object';
import type { Rule } from '../types';
import { ContainerEntry, ContainerReport, containerFindings, WORKLOAD_KINDS } from '../workload';

function inspect(entry: ContainerEntry): ContainerReport {
  const value = dig(entry.container, 'securityContext', 'allowPrivilegeEscalation');
  if (value === false) return undefined;
  const how = value === true ? 'sets allowPrivilegeEscalation: true' : 'does not set allowPrivilegeEscalation: false';
  return { message: `container "${entry.name}" ${how}`, path: [...entry.path, 'securityContext', 'allowPrivilegeEscalation'] };
}

export const privilegeEscalation: Rule = {
  id: 'privilege-escalation',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container that may gain more privileges than its parent process (allowPrivilegeEscalation is not false; Kubernetes defaults it to true).',
  hint: 'Set securityContext.allowPrivilegeEscalation: false on the container.',
  check(context, object) {
    return containerFindings(context.workload(object), inspect);
  },
};
