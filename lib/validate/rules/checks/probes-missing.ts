import { asRecord } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { LONG_RUNNING_KINDS } from '../workload';

export const probesMissing: Rule = {
  id: 'probes-missing',
  severity: 'warning',
  scope: 'object',
  kinds: [...LONG_RUNNING_KINDS, 'Pod'],
  description: 'A long-running container without a readiness probe or without a liveness probe, so traffic reaches it before it is ready and a hung process is never restarted.',
  hint: 'Add readinessProbe and livenessProbe (httpGet, tcpSocket, grpc or exec) to the container.',
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return NO_FINDINGS;
    // Pods that restart only on failure or never are batch work, not long-running.
    const restartPolicy = workload.podSpec?.restartPolicy;
    if (object.kind === 'Pod' && (restartPolicy === 'Never' || restartPolicy === 'OnFailure')) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let index = 0; index < workload.containers.length; index++) {
      const entry = workload.containers[index];
      if (entry.type !== 'container') continue;
      const readiness = asRecord(entry.container.readinessProbe) !== undefined;
      const liveness = asRecord(entry.container.livenessProbe) !== undefined;
      if (readiness && liveness) continue;
      const missing = readiness ? 'livenessProbe' : liveness ? 'readinessProbe' : 'readinessProbe and no livenessProbe';
      (findings ??= []).push({ message: `container "${entry.name}" has no ${missing}`, path: entry.path });
    }
    return findings ?? NO_FINDINGS;
  },
};
