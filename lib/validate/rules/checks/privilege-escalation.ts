import { dig } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

export const privilegeEscalation: Rule = {
  id: 'privilege-escalation',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container that may gain more privileges than its parent process (allowPrivilegeEscalation is not false; Kubernetes defaults it to true).',
  hint: 'Set securityContext.allowPrivilegeEscalation: false on the container.',
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let index = 0; index < workload.containers.length; index++) {
      const entry = workload.containers[index];
      const value = dig(entry.container, 'securityContext', 'allowPrivilegeEscalation');
      if (value === false) continue;
      const how = value === true ? 'sets allowPrivilegeEscalation: true' : 'does not set allowPrivilegeEscalation: false';
      (findings ??= []).push({ message: `container "${entry.name}" ${how}`, path: [...entry.path, 'securityContext', 'allowPrivilegeEscalation'] });
    }
    return findings ?? NO_FINDINGS;
  },
};
