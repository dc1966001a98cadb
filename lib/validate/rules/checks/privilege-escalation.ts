import { dig } from '../object';
import type { Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

export const privilegeEscalation: Rule = {
  id: 'privilege-escalation',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container that may gain more privileges than its parent process (allowPrivilegeEscalation is not false; Kubernetes defaults it to true).',
  hint: 'Set securityContext.allowPrivilegeEscalation: false on the container.',
  check(context, object) {
    const findings: RuleFinding[] = [];
    for (const entry of context.workload(object)?.containers ?? []) {
      const value = dig(entry.container, 'securityContext', 'allowPrivilegeEscalation');
      if (value === false) continue;
      const how = value === true ? 'sets allowPrivilegeEscalation: true' : 'does not set allowPrivilegeEscalation: false';
      findings.push({ message: `container "${entry.name}" ${how}`, path: [...entry.path, 'securityContext', 'allowPrivilegeEscalation'] });
    }
    return findings;
  },
};
