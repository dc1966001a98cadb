import { asArray, asRecord, asString } from '../object';
import type { Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

export const hostPath: Rule = {
  id: 'host-path',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: "A hostPath volume: the pod reads or writes the node's file system and ties itself to one node's state.",
  hint: 'Use a PersistentVolumeClaim, ConfigMap, Secret or emptyDir volume instead of hostPath.',
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return [];
    const findings: RuleFinding[] = [];
    asArray(workload.podSpec?.volumes).forEach((item, position) => {
      const volume = asRecord(item);
      const hostPathSource = asRecord(volume?.hostPath);
      if (hostPathSource === undefined) return;
      findings.push({
        message: `volume "${asString(volume?.name) ?? ''}" mounts host path "${asString(hostPathSource.path) ?? ''}"`,
        path: [...workload.podSpecPath, 'volumes', position, 'hostPath'],
      });
    });
    return findings;
  },
};
