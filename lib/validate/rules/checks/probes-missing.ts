import { asRecord } from '../object';
import { NO_FINDINGS, Rule } from '../types';
import { ContainerEntry, ContainerReport, containerFindings, LONG_RUNNING_KINDS } from '../workload';

function inspect(entry: ContainerEntry): ContainerReport {
  if (entry.type !== 'container') return undefined;
  const readiness = asRecord(entry.container.readinessProbe) !== undefined;
  const liveness = asRecord(entry.container.livenessProbe) !== undefined;
  if (readiness && liveness) return undefined;
  const missing = readiness ? 'livenessProbe' : liveness ? 'readinessProbe' : 'readinessProbe and no livenessProbe';
  return { message: `container "${entry.name}" has no ${missing}`, path: entry.path };
}

export const probesMissing: Rule = {
  id: 'probes-missing',
  severity: 'warning',
  scope: 'object',
  kinds: [...LONG_RUNNING_KINDS, 'Pod'],
  description: 'A long-running container without a readiness probe or without a liveness probe, so traffic reaches it before it is ready and a hung process is never restarted.',
  hint: 'Add readinessProbe and livenessProbe (httpGet, tcpSocket, grpc or exec) to the container.',
  check(context, object) {
    const workload = context.workload(object);
    // Pods that restart only on failure or never are batch work, not long-running.
    const restartPolicy = workload?.podSpec?.restartPolicy;
    if (object.kind === 'Pod' && (restartPolicy === 'Never' || restartPolicy === 'OnFailure')) return NO_FINDINGS;
    return containerFindings(workload, inspect);
  },
};
