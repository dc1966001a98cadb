import type { RuleContext } from '../context';
import { backendService, IngressBackend, ingressBackends } from '../ingress';
import { asArray, asNumber, asRecord, asString, describe, KubeObject } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';

function checkBackend(context: RuleContext, object: KubeObject, backend: IngressBackend): RuleFinding | undefined {
  const { serviceName, port } = backend;
  const found = backendService(context, object, backend);
  if (found === undefined) {
    if (context.externalRefs(object).has('service', serviceName)) return undefined;
    return { message: `backend ${describe('Service', serviceName, object.namespace)} is not in this run`, path: [...backend.path, ...backend.nameField], absent: true };
  }
  const spec = asRecord(found.raw.spec);
  if (port === undefined || spec?.type === 'ExternalName') return undefined;
  const ports = asArray(spec?.ports);
  for (let position = 0; position < ports.length; position++) {
    const offered = asRecord(ports[position]);
    if (typeof port === 'number' ? offered?.port === port : offered?.name === port) return undefined;
  }
  const offered = ports
    .map((item) => asRecord(item))
    .map((item) => [asNumber(item?.port), asString(item?.name)].filter((part) => part !== undefined).join('/'))
    .join(', ');
  return {
    message: `backend port ${JSON.stringify(port)} is not a port of ${describe('Service', serviceName)} (it offers ${offered || 'no ports'})`,
    path: [...backend.path, ...backend.portField],
  };
}

export const ingressBackendMissing: Rule = {
  id: 'ingress-backend-missing',
  severity: 'error',
  scope: 'cross-resource',
  kinds: ['Ingress'],
  description: 'An Ingress backend names a Service, or a Service port by number or name, that does not exist in its namespace.',
  hint: 'Point the backend at a Service of the run and one of its ports, or declare the Service in kubeforge.io/external-refs (service/<name>).',
  check(context, object) {
    const backends = ingressBackends(object);
    let findings: RuleFinding[] | undefined;
    for (let index = 0; index < backends.length; index++) {
      const finding = checkBackend(context, object, backends[index]);
      if (finding !== undefined) (findings ??= []).push(finding);
    }
    return findings ?? NO_FINDINGS;
  },
};
