import { dig } from '../object';
import type { Rule } from '../types';
import { ContainerEntry, ContainerReport, containerFindings, Workload, WORKLOAD_KINDS } from '../workload';

function inspect(entry: ContainerEntry, workload: Workload): ContainerReport {
  const pod = workload.podSpec?.securityContext;
  const own = entry.container.securityContext;
  const ownUser = dig(own, 'runAsUser');
  const user = ownUser ?? dig(pod, 'runAsUser');
  const nonRoot = dig(own, 'runAsNonRoot') ?? dig(pod, 'runAsNonRoot');
  if (user === 0) {
    const path = ownUser !== undefined ? [...entry.path, 'securityContext', 'runAsUser'] : [...workload.podSpecPath, 'securityContext', 'runAsUser'];
    return { message: `container "${entry.name}" runs as user 0 (root)`, path };
  }
  if (nonRoot !== true && !(typeof user === 'number' && user > 0)) {
    return { message: `container "${entry.name}" may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set`, path: [...entry.path, 'securityContext', 'runAsNonRoot'] };
  }
  return undefined;
}

export const runAsRoot: Rule = {
  id: 'run-as-root',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container that runs as root or may do so: runAsUser 0, or neither runAsNonRoot: true nor a non-zero runAsUser (container or pod securityContext).',
  hint: 'Set securityContext.runAsNonRoot: true and a non-zero runAsUser on the pod or container, and use an image that runs as that user.',
  check(context, object) {
    return containerFindings(context.workload(object), inspect);
  },
};
