import { dig } from '../object';
import type { Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

export const resourcesMissing: Rule = {
  id: 'resources-missing',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container without a CPU request, a memory request or a memory limit (pod-level resources count), so scheduling and eviction are guesswork.',
  hint: 'Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on the container (or pod-level spec.resources).',
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return [];
    const podResources = workload.podSpec?.resources;
    const has = (resources: unknown, kind: 'requests' | 'limits', resource: string): boolean =>
      dig(resources, kind, resource) !== undefined || dig(podResources, kind, resource) !== undefined;
    const findings: RuleFinding[] = [];
    for (const entry of workload.containers) {
      if (entry.type === 'ephemeral') continue;
      const resources = entry.container.resources;
      const missing: string[] = [];
      // A limit without a request makes the request equal to the limit.
      if (!has(resources, 'requests', 'cpu') && !has(resources, 'limits', 'cpu')) missing.push('CPU request');
      if (!has(resources, 'requests', 'memory') && !has(resources, 'limits', 'memory')) missing.push('memory request');
      if (!has(resources, 'limits', 'memory')) missing.push('memory limit');
      if (missing.length > 0) findings.push({ message: `container "${entry.name}" has no ${missing.join(', no ')}`, path: [...entry.path, 'resources'] });
    }
    return findings;
  },
};
