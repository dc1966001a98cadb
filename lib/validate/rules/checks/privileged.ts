import { dig } from '../object';
import type { Rule } from '../types';
import { ContainerEntry, ContainerReport, containerFindings, WORKLOAD_KINDS } from '../workload';

function inspect(entry: ContainerEntry): ContainerReport {
  if (dig(entry.container, 'securityContext', 'privileged') !== true) return undefined;
  return { message: `container "${entry.name}" runs privileged`, path: [...entry.path, 'securityContext', 'privileged'] };
}

export const privileged: Rule = {
  id: 'privileged',
  severity: 'error',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A privileged container: it has every capability and the devices of the node, so it owns the node.',
  hint: 'Remove securityContext.privileged and add only the capabilities the container needs.',
  check(context, object) {
    return containerFindings(context.workload(object), inspect);
  },
};
