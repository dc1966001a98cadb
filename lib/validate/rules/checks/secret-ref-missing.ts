import { referenceRule } from '../references';

export const secretRefMissing = referenceRule({
  id: 'secret-ref-missing',
  kind: 'Secret',
  description: 'A pod references a Secret (volume, env, envFrom, imagePullSecrets) that is not in the run, not optional and not declared external.',
});
