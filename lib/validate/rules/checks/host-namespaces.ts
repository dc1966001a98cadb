// host-network, host-pid and host-ipc differ only in the pod spec field they read.

import { NO_FINDINGS, Rule } from '../types';
import { WORKLOAD_KINDS } from '../workload';

function hostNamespaceRule(id: string, field: string, namespace: string, risk: string): Rule {
  return {
    id,
    severity: 'warning',
    scope: 'object',
    kinds: WORKLOAD_KINDS,
    description: `A pod that shares the node's ${namespace} namespace (${field}: true), so it ${risk}.`,
    hint: `Remove ${field} from the pod spec unless the workload is node infrastructure; then silence this rule with kubeforge.io/ignore and a reason.`,
    check(context, object) {
      const workload = context.workload(object);
      if (workload?.podSpec?.[field] !== true) return NO_FINDINGS;
      return [{ message: `the pod uses the node's ${namespace} namespace (${field}: true)`, path: [...workload.podSpecPath, field] }];
    },
  };
}

export const hostNetwork = hostNamespaceRule('host-network', 'hostNetwork', 'network', 'sees all node traffic and bypasses NetworkPolicies');
export const hostPid = hostNamespaceRule('host-pid', 'hostPID', 'process', 'sees and can signal every process of the node');
export const hostIpc = hostNamespaceRule('host-ipc', 'hostIPC', 'IPC', 'can read the shared memory of every process of the node');
