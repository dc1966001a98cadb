import type { Rule, RuleFinding } from '../types';
import { HostPathVolume, hostPathFindings, WORKLOAD_KINDS } from '../workload';

export const hostPath: Rule = {
  id: 'host-path',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: "A hostPath volume: the pod reads or writes the node's file system and ties itself to one node's state.",
  hint: 'Use a PersistentVolumeClaim, ConfigMap, Secret or emptyDir volume instead of hostPath.',
  check(context, object) {
    return hostPathFindings(context.workload(object), hostPathFinding);
  },
};

function hostPathFinding(volume: HostPathVolume): RuleFinding {
  return { message: `volume "${volume.name ?? ''}" mounts host path "${volume.path ?? ''}"`, path: volume.at };
}
