import { describe } from '../object';
import { scaleTargetRef, scaleTargets } from '../hpa';
import { NO_FINDINGS, Rule } from '../types';

export const hpaTargetMissing: Rule = {
  id: 'hpa-target-missing',
  severity: 'error',
  scope: 'cross-resource',
  kinds: ['HorizontalPodAutoscaler'],
  description: 'A HorizontalPodAutoscaler scaleTargetRef matches no object of the run by kind, name and API group.',
  hint: 'Fix kind, name and apiVersion of spec.scaleTargetRef, or declare the target in kubeforge.io/external-refs (<kind>/<name>).',
  check(context, object) {
    const ref = scaleTargetRef(object);
    if (ref === undefined || scaleTargets(context, object).length > 0) return NO_FINDINGS;
    if (context.externalRefs(object).has(ref.kind, ref.name)) return NO_FINDINGS;
    const sameName = context.find(ref.kind, object.namespace, ref.name);
    if (sameName.length > 0) {
      return [
        {
          message: `scaleTargetRef names API group "${ref.group}", but ${describe(ref.kind, ref.name)} is in "${sameName[0].apiVersion}"`,
          path: ['spec', 'scaleTargetRef', 'apiVersion'],
        },
      ];
    }
    return [{ message: `scaleTargetRef ${describe(ref.kind, ref.name, object.namespace)} is not in this run`, path: ['spec', 'scaleTargetRef', 'name'], absent: true }];
  },
};
