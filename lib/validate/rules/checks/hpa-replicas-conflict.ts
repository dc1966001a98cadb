import { asRecord, describe } from '../object';
import { NO_FINDINGS, Rule } from '../types';

export const hpaReplicasConflict: Rule = {
  id: 'hpa-replicas-conflict',
  severity: 'warning',
  scope: 'cross-resource',
  kinds: ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'],
  description: 'A workload scaled by a HorizontalPodAutoscaler also sets spec.replicas, so every GitOps sync resets what the HPA chose.',
  hint: 'Remove spec.replicas from the workload and let the HPA (minReplicas) own the replica count.',
  check(context, object) {
    const spec = asRecord(object.raw.spec);
    if (spec === undefined || spec.replicas === undefined || spec.replicas === null) return NO_FINDINGS;
    const hpa = context.hpasTargeting(object)[0];
    if (hpa === undefined) return NO_FINDINGS;
    return [{ message: `sets spec.replicas while ${describe('HorizontalPodAutoscaler', hpa.name)} scales it; each sync resets the replica count`, path: ['spec', 'replicas'] }];
  },
};
