import { asRecord, asString, describe, dig } from '../object';
import { NO_FINDINGS, Rule } from '../types';

export const statefulsetServiceMissing: Rule = {
  id: 'statefulset-service-missing',
  severity: 'warning',
  scope: 'cross-resource',
  kinds: ['StatefulSet'],
  description: 'A StatefulSet serviceName that is not a headless Service (clusterIP: None) in its namespace: legal, but the pods get no stable DNS names.',
  hint: 'Add a Service with clusterIP: None and the StatefulSet pod labels as selector, named as spec.serviceName.',
  check(context, object) {
    const serviceName = asString(asRecord(object.raw.spec)?.serviceName);
    if (serviceName === undefined || serviceName === '') return NO_FINDINGS;
    const service = context.find('Service', object.namespace, serviceName)[0];
    if (service === undefined) {
      if (context.externalRefs(object).has('service', serviceName)) return NO_FINDINGS;
      return [{ message: `serviceName ${describe('Service', serviceName, object.namespace)} is not in this run`, path: ['spec', 'serviceName'], absent: true }];
    }
    if (dig(service.raw, 'spec', 'clusterIP') === 'None') return NO_FINDINGS;
    return [{ message: `serviceName ${describe('Service', serviceName)} is not headless (spec.clusterIP is not None)`, path: ['spec', 'serviceName'] }];
  },
};
