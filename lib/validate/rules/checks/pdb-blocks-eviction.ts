import type { RuleContext } from '../context';
import { asNumber, asRecord, describe, dig } from '../object';
import { pdbSelection } from '../pdb';
import type { Rule } from '../types';
import type { Workload } from '../workload';

/** Pods a workload runs at least: the HPA's minReplicas (default 1) when one scales it, else its replicas. */
function minimumPods(context: RuleContext, workload: Workload): { pods: number; why: string } | undefined {
  const hpa = context.hpasTargeting(workload.object)[0];
  if (hpa !== undefined && workload.replicas !== undefined) {
    const pods = asNumber(dig(hpa.raw, 'spec', 'minReplicas')) ?? 1;
    return { pods, why: `${describe(workload.object.kind, workload.object.name)}: HPA minReplicas ${pods}` };
  }
  if (workload.replicas === undefined) return undefined;
  return { pods: workload.replicas, why: `${describe(workload.object.kind, workload.object.name)}: ${workload.replicas} replica${workload.replicas === 1 ? '' : 's'}` };
}

/** Percentages round up for minAvailable, as the disruption controller does. */
function resolve(value: unknown, total: number): number | undefined {
  if (typeof value === 'number') return value;
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return percent === null ? undefined : Math.ceil((Number(percent[1]) * total) / 100);
}

export const pdbBlocksEviction: Rule = {
  id: 'pdb-blocks-eviction',
  severity: 'warning',
  scope: 'cross-resource',
  kinds: ['PodDisruptionBudget'],
  description: 'A PodDisruptionBudget that allows no voluntary eviction (maxUnavailable 0, or minAvailable at least the pods selected, HPA minReplicas counted), so node drains hang.',
  hint: 'Allow at least one disruption: lower minAvailable below the replica count (or HPA minReplicas), or set maxUnavailable to 1 or more.',
  check(context, object) {
    const spec = asRecord(object.raw.spec);
    if (spec === undefined) return [];
    if (spec.maxUnavailable === 0 || spec.maxUnavailable === '0%') {
      return [{ message: `maxUnavailable ${JSON.stringify(spec.maxUnavailable)} allows no voluntary eviction`, path: ['spec', 'maxUnavailable'] }];
    }
    if (spec.minAvailable === undefined || spec.minAvailable === null) return [];
    const { workloads } = pdbSelection(context, object);
    const minimums = workloads.map((workload) => minimumPods(context, workload));
    // Without a known pod count (DaemonSet, Job, ...) nothing can be said.
    if (workloads.length === 0 || minimums.some((minimum) => minimum === undefined)) return [];
    const total = minimums.reduce((sum, minimum) => sum + (minimum?.pods ?? 0), 0);
    const minAvailable = resolve(spec.minAvailable, total);
    if (minAvailable === undefined || total === 0 || minAvailable < total) return [];
    return [
      {
        message: `minAvailable ${JSON.stringify(spec.minAvailable)} keeps all ${total} selected pod${total === 1 ? '' : 's'} (${minimums.map((minimum) => minimum?.why).join('; ')}), so no pod can be evicted`,
        path: ['spec', 'minAvailable'],
      },
    ];
  },
};
