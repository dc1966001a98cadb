import { referenceRule } from '../references';

export const pvcRefMissing = referenceRule({
  id: 'pvc-ref-missing',
  kind: 'PersistentVolumeClaim',
  description: 'A pod mounts a PersistentVolumeClaim that is not in the run and not declared external.',
});
