import { referenceRule } from '../references';

export const serviceAccountMissing = referenceRule({
  id: 'service-account-missing',
  kind: 'ServiceAccount',
  description: 'A pod runs as a ServiceAccount (other than default) that is not in the run and not declared external.',
});
