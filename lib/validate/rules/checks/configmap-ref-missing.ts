import { referenceRule } from '../references';

export const configmapRefMissing = referenceRule({
  id: 'configmap-ref-missing',
  kind: 'ConfigMap',
  description: 'A pod references a ConfigMap (volume, env, envFrom) that is not in the run, not optional and not declared external.',
});
