import { asArray, asRecord, asString } from '../object';
import type { Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

export const duplicateEnv: Rule = {
  id: 'duplicate-env',
  severity: 'error',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container sets the same environment variable twice; the later value silently wins and server-side apply rejects the list.',
  hint: 'Keep one entry per variable name in env.',
  check(context, object) {
    const findings: RuleFinding[] = [];
    for (const entry of context.workload(object)?.containers ?? []) {
      const seen = new Map<string, number>();
      asArray(entry.container.env).forEach((item, position) => {
        const name = asString(asRecord(item)?.name);
        if (name === undefined) return;
        const first = seen.get(name);
        if (first === undefined) seen.set(name, position);
        else findings.push({ message: `container "${entry.name}" sets env "${name}" again (first at env[${first}])`, path: [...entry.path, 'env', position, 'name'] });
      });
    }
    return findings;
  },
};
