// Ingress: rules by host and path to Services, a default backend, TLS; paths in a deterministic, most-specific-first order.
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { compareCodePoints, dnsSubdomainProblem } from './names';
import { Resource } from './resource';
import type { NamespacedResourceProps, Problem } from './resource';
import type { Service } from './service';

export type PathType = 'Prefix' | 'Exact' | 'ImplementationSpecific';

export interface IngressBackend {
  /** The Service to route to. */
  readonly service: Service;
  /** Port of the Service, by number or name. @default the Service's only port */
  readonly port?: number | string;
}

export interface IngressRule extends IngressBackend {
  /** Host the rule matches. @default none (every host) */
  readonly host?: string;
  /** Path the rule matches, starting with "/". */
  readonly path: string;
  /** How the path matches. @default 'Prefix' */
  readonly pathType?: PathType;
}

export interface IngressTls {
  /** Hosts the certificate covers. */
  readonly hosts: readonly string[];
  /** Secret with the certificate and key. @default none (the controller's default certificate) */
  readonly secretName?: string;
}

export interface IngressProps extends NamespacedResourceProps {
  /** IngressClass of the controller that serves this Ingress. @default none (the cluster's default class) */
  readonly className?: string;
  /** Backend for requests no rule matches. @default none */
  readonly defaultBackend?: IngressBackend;
  /** Rules. @default none (add with addRule) */
  readonly rules?: readonly IngressRule[];
  /** TLS settings. @default none */
  readonly tls?: readonly IngressTls[];
}

export class Ingress extends Resource<k8s.Ingress> {
  private readonly config: IngressProps;
  private readonly rules: IngressRule[];
  private readonly tls: IngressTls[];

  constructor(scope: Construct, id: string, props: IngressProps = {}) {
    super(scope, id, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', clusterScoped: false, nameRule: 'dns-subdomain' }, props, ['spec']);
    this.config = props;
    this.rules = [...(props.rules ?? [])];
    this.tls = [...(props.tls ?? [])];
  }

  /** Routes `host` (undefined for every host) and `path` to a port of `service`. */
  addRule(host: string | undefined, path: string, service: Service, port?: number | string, pathType: PathType = 'Prefix'): this {
    this.rules.push({ host, path, service, port, pathType });
    return this;
  }

  addTls(hosts: readonly string[], secretName?: string): this {
    this.tls.push({ hosts, secretName });
    return this;
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    if (this.rules.length === 0 && !this.config.defaultBackend) {
      problems.push({ field: 'spec.rules', message: 'the Ingress routes nothing', fix: 'add a rule with addRule or a default backend' });
    }
    const seen = new Set<string>();
    this.rules.forEach((rule, index) => {
      const field = `spec.rules (rule ${index + 1}: ${rule.host ?? '*'}${rule.path})`;
      if (rule.host !== undefined) {
        const hostIssue = dnsSubdomainProblem(rule.host.replace(/^\*\./, ''));
        if (hostIssue) problems.push({ field, message: `host ${hostIssue}`, fix: 'use a DNS name (a leading "*." is allowed)' });
      }
      if ((rule.pathType ?? 'Prefix') !== 'ImplementationSpecific' && !rule.path.startsWith('/')) {
        problems.push({ field, message: `path "${rule.path}" does not start with "/"`, fix: 'start the path with "/"' });
      }
      const key = `${rule.host ?? ''} ${rule.path} ${rule.pathType ?? 'Prefix'}`;
      if (seen.has(key)) problems.push({ field, message: `host ${rule.host ?? '*'} and path ${rule.path} are routed twice`, fix: 'route each path once' });
      seen.add(key);
      problems.push(...backendProblems(rule, field));
    });
    if (this.config.defaultBackend) problems.push(...backendProblems(this.config.defaultBackend, 'spec.defaultBackend'));
    return problems;
  }

  protected renderBody(): Record<string, unknown> {
    const hosts = [...new Set(this.rules.map((rule) => rule.host))].sort(compareHosts);
    const rules: k8s.IngressRule[] = hosts.map((host) => ({
      host,
      http: {
        paths: this.rules
          .filter((rule) => rule.host === host)
          .sort((a, b) => b.path.length - a.path.length || compareCodePoints(a.path, b.path))
          .map((rule) => ({ path: rule.path, pathType: rule.pathType ?? 'Prefix', backend: renderBackend(rule) })),
      },
    }));
    const spec: k8s.IngressSpec = {
      ingressClassName: this.config.className,
      defaultBackend: this.config.defaultBackend && renderBackend(this.config.defaultBackend),
      rules: rules.length > 0 ? rules : undefined,
      tls: this.tls.length > 0 ? this.tls.map((tls) => ({ hosts: tls.hosts, secretName: tls.secretName })) : undefined,
    };
    return { spec };
  }
}

/** Hosts in code-point order; the catch-all rule (no host) last. */
function compareHosts(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return compareCodePoints(a, b);
}

/** The Service port a backend routes to, or undefined when it cannot be told. */
function resolvePort(backend: IngressBackend): number | string | undefined {
  if (backend.port !== undefined) return backend.port;
  const ports = backend.service.ports;
  return ports.length === 1 ? ports[0].port : undefined;
}

function renderBackend(backend: IngressBackend): k8s.IngressBackend {
  const port = resolvePort(backend);
  return { service: { name: backend.service.name, port: typeof port === 'string' ? { name: port } : { number: port } } };
}

function backendProblems(backend: IngressBackend, field: string): Problem[] {
  const service = backend.service;
  const ports = service.ports;
  if (backend.port === undefined) {
    if (ports.length === 1) return [];
    return [{ field, message: `Service "${service.name}" has ${ports.length} ports, so the backend port is ambiguous`, fix: 'pass the port to route to' }];
  }
  const port = backend.port;
  const exposed = ports.some((servicePort) => (typeof port === 'string' ? servicePort.name === port : servicePort.port === port));
  if (exposed) return [];
  const available = ports.map((servicePort) => servicePort.name ?? String(servicePort.port)).join(', ') || 'none';
  return [{ field, message: `Service "${service.name}" does not expose port ${JSON.stringify(port)} (it exposes ${available})`, fix: 'route to a port the Service exposes, or add the port to the Service' }];
}
