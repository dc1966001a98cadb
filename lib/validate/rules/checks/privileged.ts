import { dig } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

export const privileged: Rule = {
  id: 'privileged',
  severity: 'error',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A privileged container: it has every capability and the devices of the node, so it owns the node.',
  hint: 'Remove securityContext.privileged and add only the capabilities the container needs.',
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let index = 0; index < workload.containers.length; index++) {
      const entry = workload.containers[index];
      if (dig(entry.container, 'securityContext', 'privileged') !== true) continue;
      (findings ??= []).push({ message: `container "${entry.name}" runs privileged`, path: [...entry.path, 'securityContext', 'privileged'] });
    }
    return findings ?? NO_FINDINGS;
  },
};
