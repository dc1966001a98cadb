import { asRecord, dig } from '../object';
import type { Rule, RuleFinding } from '../types';
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
    if (workload === undefined) return [];
    // Pods that restart only on failure or never are batch work, not long-running.
    const restartPolicy = dig(workload.podSpec, 'restartPolicy');
    if (object.kind === 'Pod' && (restartPolicy === 'Never' || restartPolicy === 'OnFailure')) return [];
    const findings: RuleFinding[] = [];
    for (const entry of workload.containers) {
      if (entry.type !== 'container') continue;
      const missing = ['readinessProbe', 'livenessProbe'].filter((probe) => asRecord(entry.container[probe]) === undefined);
      if (missing.length > 0) findings.push({ message: `container "${entry.name}" has no ${missing.join(' and no ')}`, path: entry.path });
    }
    return findings;
  },
};
