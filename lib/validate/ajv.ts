// One ajv configuration for every schema kubeforge validates against, precompiled or compiled at run time.
// ajv itself loads on first use: validating built-in kinds runs precompiled code and starts faster without it.
import type Ajv from 'ajv';
import type { Options } from 'ajv';
import { formats } from './formats';
import { goRegExp } from './go-regexp';

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
  // Never JavaScript's backtracking RegExp on a pattern: Go's syntax and meaning, in linear time.
  code: { regExp: goRegExp },
};

export function createAjv(extra: Options = {}): Ajv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AjvClass = (require('ajv') as typeof import('ajv')).default;
  const ajv = new AjvClass({ ...AJV_OPTIONS, ...extra, code: { ...AJV_OPTIONS.code, ...extra.code } });
  ajv.addVocabulary(KUBERNETES_KEYWORDS);
  return ajv;
}
