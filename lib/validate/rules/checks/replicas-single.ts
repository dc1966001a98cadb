import { asRecord } from '../object';
import { NO_FINDINGS, Rule } from '../types';

export const replicasSingle: Rule = {
  id: 'replicas-single',
  severity: 'info',
  scope: 'cross-resource',
  kinds: ['Deployment'],
  description: 'A Deployment with one replica and no HorizontalPodAutoscaler: every rollout, node drain or crash is an outage.',
  hint: 'Run at least 2 replicas (with a PodDisruptionBudget), or scale with a HorizontalPodAutoscaler.',
  check(context, object) {
    const spec = asRecord(object.raw.spec);
    if (spec === undefined) return NO_FINDINGS;
    const replicas = spec.replicas === undefined || spec.replicas === null ? 1 : spec.replicas;
    if (replicas !== 1 || context.hpasTargeting(object).length > 0) return NO_FINDINGS;
    return [{ message: `runs ${spec.replicas === undefined ? 'the default of ' : ''}1 replica and no HorizontalPodAutoscaler scales it`, path: ['spec', 'replicas'] }];
  },
};
