// One ajv configuration for every schema kubeforge validates against, precompiled or compiled at run time.
import Ajv, { type Options } from 'ajv';
import { formats } from './formats';

/** Kubernetes extensions that ajv must accept as annotations (duplicate detection reads them separately). */
export const KUBERNETES_KEYWORDS = [
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource', 'x-kubernetes-map-type',
  'x-kubernetes-validations', 'x-kubernetes-group-version-kind', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key',
];

export const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: false,
  inlineRefs: false,
  validateSchema: false,
  formats: formats as unknown as Options['formats'],
};

export function createAjv(extra: Options = {}): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra });
  ajv.addVocabulary(KUBERNETES_KEYWORDS);
  return ajv;
}
