import { NO_FINDINGS, Rule } from '../types';

export const namespaceMissing: Rule = {
  id: 'namespace-missing',
  severity: 'warning',
  scope: 'cross-resource',
  kinds: 'any',
  description: 'An object is placed in a namespace that no Namespace object of the run creates (built-in namespaces exempt).',
  hint: 'Add the Namespace to the run, or declare it in kubeforge.io/external-refs (namespace/<name>) when the cluster already has it.',
  check(context, object) {
    if (object.kind === '' || !object.namespaced || context.namespaceExists(object.namespace)) return NO_FINDINGS;
    if (context.externalRefs(object).has('namespace', object.namespace)) return NO_FINDINGS;
    return [{ message: `namespace "${object.namespace}" is not created by any Namespace object of this run`, path: ['metadata', 'namespace'], absent: true }];
  },
};
