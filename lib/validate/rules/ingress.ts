// The Services an Ingress routes to, read the same way by the backend rule and by `kubeforge graph`.

import type { RuleContext } from './context';
import { asArray, asNumber, asRecord, asString, KubeObject, PathSegments } from './object';

export interface IngressBackend {
  readonly serviceName: string;
  /** Port number or name; undefined when the backend names none. */
  readonly port: string | number | undefined;
  /** Where the backend sits in the Ingress. */
  readonly path: PathSegments;
  /** Path of the service name field, relative to `path`. */
  readonly nameField: PathSegments;
  /** Path of the port field, relative to `path`. */
  readonly portField: PathSegments;
}

const SERVICE_NAME: PathSegments = ['service', 'name'];
const PORT_NUMBER: PathSegments = ['service', 'port', 'number'];
const PORT_NAME: PathSegments = ['service', 'port', 'name'];
const LEGACY_NAME: PathSegments = ['serviceName'];
const LEGACY_PORT: PathSegments = ['servicePort'];
const DEFAULT_BACKEND: PathSegments = ['spec', 'defaultBackend'];
const LEGACY_DEFAULT_BACKEND: PathSegments = ['spec', 'backend'];

/** networking.k8s.io/v1 (`service.name`, `service.port.number|name`) and v1beta1 (`serviceName`, `servicePort`). */
function readBackend(value: unknown, path: PathSegments): IngressBackend | undefined {
  const backend = asRecord(value);
  if (backend === undefined) return undefined;
  const service = asRecord(backend.service);
  if (service !== undefined) {
    const serviceName = asString(service.name);
    if (serviceName === undefined) return undefined;
    const servicePort = asRecord(service.port);
    const number = asNumber(servicePort?.number);
    const port = number ?? asString(servicePort?.name);
    return { serviceName, port, path, nameField: SERVICE_NAME, portField: number !== undefined ? PORT_NUMBER : PORT_NAME };
  }
  const serviceName = asString(backend.serviceName);
  if (serviceName === undefined) return undefined;
  const legacyPort = backend.servicePort;
  const port = typeof legacyPort === 'string' || typeof legacyPort === 'number' ? legacyPort : undefined;
  return { serviceName, port, path, nameField: LEGACY_NAME, portField: LEGACY_PORT };
}

/** Every Service backend of an Ingress: the default backend (v1, then v1beta1), then each rule's paths in order. */
export function ingressBackends(object: KubeObject): IngressBackend[] {
  const spec = asRecord(object.raw.spec);
  const backends: IngressBackend[] = [];
  if (spec === undefined) return backends;
  const add = (backend: IngressBackend | undefined): void => {
    if (backend !== undefined) backends.push(backend);
  };
  add(readBackend(spec.defaultBackend, DEFAULT_BACKEND));
  add(readBackend(spec.backend, LEGACY_DEFAULT_BACKEND));
  const rules = asArray(spec.rules);
  for (let rulePosition = 0; rulePosition < rules.length; rulePosition++) {
    const paths = asArray(asRecord(asRecord(rules[rulePosition])?.http)?.paths);
    for (let pathPosition = 0; pathPosition < paths.length; pathPosition++) {
      add(readBackend(asRecord(paths[pathPosition])?.backend, ['spec', 'rules', rulePosition, 'http', 'paths', pathPosition, 'backend']));
    }
  }
  return backends;
}

/** The Service a backend names, in the Ingress' namespace; undefined when the run has none. */
export function backendService(context: RuleContext, ingress: KubeObject, backend: IngressBackend): KubeObject | undefined {
  return context.find('Service', ingress.namespace, backend.serviceName)[0];
}
