import { asRecord, JsonObject } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

/** `resources[kind][resource]` is set on the container or, failing that, on the pod. */
function has(own: JsonObject | undefined, pod: JsonObject | undefined, kind: 'requests' | 'limits', resource: string): boolean {
  return asRecord(own?.[kind])?.[resource] !== undefined || asRecord(pod?.[kind])?.[resource] !== undefined;
}

export const resourcesMissing: Rule = {
  id: 'resources-missing',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container without a CPU request, a memory request or a memory limit (pod-level resources count), so scheduling and eviction are guesswork.',
  hint: 'Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on the container (or pod-level spec.resources).',
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return NO_FINDINGS;
    const pod = asRecord(workload.podSpec?.resources);
    let findings: RuleFinding[] | undefined;
    for (let index = 0; index < workload.containers.length; index++) {
      const entry = workload.containers[index];
      if (entry.type === 'ephemeral') continue;
      const own = asRecord(entry.container.resources);
      // A limit without a request makes the request equal to the limit.
      const cpuRequest = has(own, pod, 'requests', 'cpu') || has(own, pod, 'limits', 'cpu');
      const memoryLimit = has(own, pod, 'limits', 'memory');
      const memoryRequest = memoryLimit || has(own, pod, 'requests', 'memory');
      if (cpuRequest && memoryRequest && memoryLimit) continue;
      const missing: string[] = [];
      if (!cpuRequest) missing.push('CPU request');
      if (!memoryRequest) missing.push('memory request');
      if (!memoryLimit) missing.push('memory limit');
      (findings ??= []).push({ message: `container "${entry.name}" has no ${missing.join(', no ')}`, path: [...entry.path, 'resources'] });
    }
    return findings ?? NO_FINDINGS;
  },
};
