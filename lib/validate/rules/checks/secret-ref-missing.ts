import { referenceRule } from '../references';

export const secretRefMissing = referenceRule({
  id: 'secret-ref-missing',
  kind: 'Secret',
  description: 'A pod references a Secret (volume, env, envFrom, imagePullSecrets) that is not in the run, not optional, not declared external and not created by the run (a Job, CronJob or init container that names it or whose ServiceAccount may create Secrets, or a custom resource naming it in secretName).',
});
