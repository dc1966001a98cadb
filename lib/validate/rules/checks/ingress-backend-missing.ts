import type { RuleContext } from '../context';
import { asArray, asNumber, asRecord, asString, describe, KubeObject, PathSegments } from '../object';
import type { Rule, RuleFinding } from '../types';

interface Backend {
  readonly service: string;
  readonly servicePath: PathSegments;
  readonly port: string | number | undefined;
  readonly portPath: PathSegments;
}

/** networking.k8s.io/v1 (`service.name`, `service.port.number|name`) and v1beta1 (`serviceName`, `servicePort`). */
function readBackend(value: unknown, path: PathSegments): Backend | undefined {
  const backend = asRecord(value);
  if (backend === undefined) return undefined;
  const service = asRecord(backend.service);
  if (service !== undefined) {
    const name = asString(service.name);
    if (name === undefined) return undefined;
    const port = asRecord(service.port);
    const number = asNumber(port?.number);
    const portName = asString(port?.name);
    return {
      service: name,
      servicePath: [...path, 'service', 'name'],
      port: number ?? portName,
      portPath: [...path, 'service', 'port', number !== undefined ? 'number' : 'name'],
    };
  }
  const legacyName = asString(backend.serviceName);
  if (legacyName === undefined) return undefined;
  const legacyPort = backend.servicePort;
  return {
    service: legacyName,
    servicePath: [...path, 'serviceName'],
    port: typeof legacyPort === 'string' || typeof legacyPort === 'number' ? legacyPort : undefined,
    portPath: [...path, 'servicePort'],
  };
}

function backendsOf(object: KubeObject): Backend[] {
  const spec = asRecord(object.raw.spec);
  if (spec === undefined) return [];
  const backends: (Backend | undefined)[] = [
    readBackend(spec.defaultBackend, ['spec', 'defaultBackend']),
    readBackend(spec.backend, ['spec', 'backend']),
  ];
  asArray(spec.rules).forEach((rule, rulePosition) => {
    asArray(asRecord(asRecord(rule)?.http)?.paths).forEach((item, pathPosition) => {
      backends.push(readBackend(asRecord(item)?.backend, ['spec', 'rules', rulePosition, 'http', 'paths', pathPosition, 'backend']));
    });
  });
  return backends.filter((backend): backend is Backend => backend !== undefined);
}

function checkBackend(context: RuleContext, object: KubeObject, backend: Backend): RuleFinding | undefined {
  const service = context.find('Service', object.namespace, backend.service)[0];
  if (service === undefined) {
    if (context.externalRefs(object).has('service', backend.service)) return undefined;
    return { message: `backend ${describe('Service', backend.service, object.namespace)} is not in this run`, path: backend.servicePath };
  }
  const spec = asRecord(service.raw.spec);
  if (backend.port === undefined || spec?.type === 'ExternalName') return undefined;
  const ports = asArray(spec?.ports).map((item) => asRecord(item));
  const found = ports.some((port) => (typeof backend.port === 'number' ? port?.port === backend.port : port?.name === backend.port));
  if (found) return undefined;
  const offered = ports.map((port) => [asNumber(port?.port), asString(port?.name)].filter((part) => part !== undefined).join('/')).join(', ');
  return {
    message: `backend port ${JSON.stringify(backend.port)} is not a port of ${describe('Service', backend.service)} (it offers ${offered || 'no ports'})`,
    path: backend.portPath,
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
    return backendsOf(object)
      .map((backend) => checkBackend(context, object, backend))
      .filter((finding): finding is RuleFinding => finding !== undefined);
  },
};
