import type { Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

export const duplicateContainer: Rule = {
  id: 'duplicate-container',
  severity: 'error',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'Two containers of a pod (containers, initContainers and ephemeralContainers together) share a name; the API server rejects it.',
  hint: 'Give every container, init container and ephemeral container of the pod its own name.',
  check(context, object) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const entry of context.workload(object)?.containers ?? []) {
      if (entry.name === '') continue;
      if (seen.has(entry.name)) findings.push({ message: `container name "${entry.name}" is used more than once in the pod`, path: [...entry.path, 'name'] });
      seen.add(entry.name);
    }
    return findings;
  },
};
