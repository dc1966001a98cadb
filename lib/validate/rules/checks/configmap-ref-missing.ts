import { referenceRule } from '../references';

export const configmapRefMissing = referenceRule({
  id: 'configmap-ref-missing',
  kind: 'ConfigMap',
  description: 'A pod references a ConfigMap (volume, env, envFrom) that is not in the run, not optional, not declared external and not created by the run (a Job, CronJob or init container that names it or whose ServiceAccount may create ConfigMaps).',
});
