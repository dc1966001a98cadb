import { asRecord, JsonObject } from '../object';
import type { Rule } from '../types';
import { ContainerEntry, ContainerReport, containerFindings, Workload, WORKLOAD_KINDS } from '../workload';

/** `resources[kind][resource]` is set on the container or, failing that, on the pod. */
function has(own: JsonObject | undefined, pod: JsonObject | undefined, kind: 'requests' | 'limits', resource: string): boolean {
  return asRecord(own?.[kind])?.[resource] !== undefined || asRecord(pod?.[kind])?.[resource] !== undefined;
}

function inspect(entry: ContainerEntry, workload: Workload): ContainerReport {
  if (entry.type === 'ephemeral') return undefined;
  const pod = asRecord(workload.podSpec?.resources);
  const own = asRecord(entry.container.resources);
  // A limit without a request makes the request equal to the limit.
  const cpuRequest = has(own, pod, 'requests', 'cpu') || has(own, pod, 'limits', 'cpu');
  const memoryLimit = has(own, pod, 'limits', 'memory');
  const memoryRequest = memoryLimit || has(own, pod, 'requests', 'memory');
  if (cpuRequest && memoryRequest && memoryLimit) return undefined;
  const missing: string[] = [];
  if (!cpuRequest) missing.push('CPU request');
  if (!memoryRequest) missing.push('memory request');
  if (!memoryLimit) missing.push('memory limit');
  return { message: `container "${entry.name}" has no ${missing.join(', no ')}`, path: [...entry.path, 'resources'] };
}

export const resourcesMissing: Rule = {
  id: 'resources-missing',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container without a CPU request, a memory request or a memory limit (pod-level resources count), so scheduling and eviction are guesswork.',
  hint: 'Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on the container (or pod-level spec.resources).',
  check(context, object) {
    return containerFindings(context.workload(object), inspect);
  },
};
