import { asRecord, asString } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
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
    const volumes = workload?.podSpec?.volumes;
    if (workload === undefined || !Array.isArray(volumes)) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let position = 0; position < volumes.length; position++) {
      const volume = asRecord(volumes[position]);
      const hostPathSource = asRecord(volume?.hostPath);
      if (hostPathSource === undefined) continue;
      (findings ??= []).push({
        message: `volume "${asString(volume?.name) ?? ''}" mounts host path "${asString(hostPathSource.path) ?? ''}"`,
        path: [...workload.podSpecPath, 'volumes', position, 'hostPath'],
      });
    }
    return findings ?? NO_FINDINGS;
  },
};
