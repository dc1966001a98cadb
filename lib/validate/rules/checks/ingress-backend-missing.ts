import type { RuleContext } from '../context';
import { asArray, asNumber, asRecord, asString, describe, KubeObject, PathSegments } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';

/** networking.k8s.io/v1 (`service.name`, `service.port.number|name`) and v1beta1 (`serviceName`, `servicePort`). */
function checkBackend(context: RuleContext, object: KubeObject, value: unknown, rulePosition: number, pathPosition: number): RuleFinding | undefined {
  const backend = asRecord(value);
  if (backend === undefined) return undefined;
  const service = asRecord(backend.service);
  let serviceName: string | undefined;
  let port: string | number | undefined;
  let nameField: PathSegments;
  let portField: PathSegments;
  if (service !== undefined) {
    serviceName = asString(service.name);
    const servicePort = asRecord(service.port);
    const number = asNumber(servicePort?.number);
    port = number ?? asString(servicePort?.name);
    nameField = SERVICE_NAME;
    portField = number !== undefined ? PORT_NUMBER : PORT_NAME;
  } else {
    serviceName = asString(backend.serviceName);
    const legacyPort = backend.servicePort;
    port = typeof legacyPort === 'string' || typeof legacyPort === 'number' ? legacyPort : undefined;
    nameField = LEGACY_NAME;
    portField = LEGACY_PORT;
  }
  if (serviceName === undefined) return undefined;
  const found = context.find('Service', object.namespace, serviceName)[0];
  if (found === undefined) {
    if (context.externalRefs(object).has('service', serviceName)) return undefined;
    return { message: `backend ${describe('Service', serviceName, object.namespace)} is not in this run`, path: [...backendPath(rulePosition, pathPosition), ...nameField] };
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
    path: [...backendPath(rulePosition, pathPosition), ...portField],
  };
}

const SERVICE_NAME: PathSegments = ['service', 'name'];
const PORT_NUMBER: PathSegments = ['service', 'port', 'number'];
const PORT_NAME: PathSegments = ['service', 'port', 'name'];
const LEGACY_NAME: PathSegments = ['serviceName'];
const LEGACY_PORT: PathSegments = ['servicePort'];
/** Positions -1 stand for spec.defaultBackend, -2 for the v1beta1 spec.backend. */
function backendPath(rulePosition: number, pathPosition: number): PathSegments {
  if (rulePosition === -1) return ['spec', 'defaultBackend'];
  if (rulePosition === -2) return ['spec', 'backend'];
  return ['spec', 'rules', rulePosition, 'http', 'paths', pathPosition, 'backend'];
}

export const ingressBackendMissing: Rule = {
  id: 'ingress-backend-missing',
  severity: 'error',
  scope: 'cross-resource',
  kinds: ['Ingress'],
  description: 'An Ingress backend names a Service, or a Service port by number or name, that does not exist in its namespace.',
  hint: 'Point the backend at a Service of the run and one of its ports, or declare the Service in kubeforge.io/external-refs (service/<name>).',
  check(context, object) {
    const spec = asRecord(object.raw.spec);
    if (spec === undefined) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    let finding = checkBackend(context, object, spec.defaultBackend, -1, -1);
    if (finding !== undefined) (findings ??= []).push(finding);
    finding = checkBackend(context, object, spec.backend, -2, -1);
    if (finding !== undefined) (findings ??= []).push(finding);
    const rules = asArray(spec.rules);
    for (let rulePosition = 0; rulePosition < rules.length; rulePosition++) {
      const paths = asArray(asRecord(asRecord(rules[rulePosition])?.http)?.paths);
      for (let pathPosition = 0; pathPosition < paths.length; pathPosition++) {
        finding = checkBackend(context, object, asRecord(paths[pathPosition])?.backend, rulePosition, pathPosition);
        if (finding !== undefined) (findings ??= []).push(finding);
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
