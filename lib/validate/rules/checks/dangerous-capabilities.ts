import { dig } from '../object';
import type { Rule, RuleFinding } from '../types';
import { ContainerEntry, ContainerReport, containerFindings, WORKLOAD_KINDS } from '../workload';

const DANGEROUS = ['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_BOOT', 'SYS_TIME', 'DAC_READ_SEARCH', 'BPF', 'PERFMON'] as const;
const DANGEROUS_SET: ReadonlySet<string> = new Set(DANGEROUS);

function inspect(entry: ContainerEntry): ContainerReport {
  const added = dig(entry.container, 'securityContext', 'capabilities', 'add');
  if (!Array.isArray(added)) return undefined;
  let findings: RuleFinding[] | undefined;
  for (let position = 0; position < added.length; position++) {
    const item: unknown = added[position];
    if (typeof item !== 'string') continue;
    const capability = item.toUpperCase().replace(/^CAP_/, '');
    if (!DANGEROUS_SET.has(capability)) continue;
    (findings ??= []).push({ message: `container "${entry.name}" adds capability ${item}`, path: [...entry.path, 'securityContext', 'capabilities', 'add', position] });
  }
  return findings;
}

export const dangerousCapabilities: Rule = {
  id: 'dangerous-capabilities',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  params: { capabilities: DANGEROUS },
  description: 'A container adds a Linux capability that lets it escape or control the node (ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ...).',
  hint: 'Drop ALL capabilities and add back only narrow ones such as NET_BIND_SERVICE.',
  check(context, object) {
    return containerFindings(context.workload(object), inspect);
  },
};
