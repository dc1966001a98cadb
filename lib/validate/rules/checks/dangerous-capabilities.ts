import { dig } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

const DANGEROUS = ['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_BOOT', 'SYS_TIME', 'DAC_READ_SEARCH', 'BPF', 'PERFMON'] as const;
const DANGEROUS_SET: ReadonlySet<string> = new Set(DANGEROUS);

export const dangerousCapabilities: Rule = {
  id: 'dangerous-capabilities',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  params: { capabilities: DANGEROUS },
  description: 'A container adds a Linux capability that lets it escape or control the node (ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ...).',
  hint: 'Drop ALL capabilities and add back only narrow ones such as NET_BIND_SERVICE.',
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let index = 0; index < workload.containers.length; index++) {
      const entry = workload.containers[index];
      const added = dig(entry.container, 'securityContext', 'capabilities', 'add');
      if (!Array.isArray(added)) continue;
      for (let position = 0; position < added.length; position++) {
        const item: unknown = added[position];
        if (typeof item !== 'string') continue;
        const capability = item.toUpperCase().replace(/^CAP_/, '');
        if (!DANGEROUS_SET.has(capability)) continue;
        (findings ??= []).push({ message: `container "${entry.name}" adds capability ${item}`, path: [...entry.path, 'securityContext', 'capabilities', 'add', position] });
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
