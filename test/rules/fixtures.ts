// Builders of small, valid manifests that pass every rule; tests change one field to make one rule fire.

import type { Finding } from '../../lib/validate/result';
import { IGNORE_ANNOTATION, runRules, RulesConfig, RunRulesOptions } from '../../lib/validate/rules';

export type Manifest = Record<string, any>;

export const DIGEST = `sha256:${'a'.repeat(64)}`;

export function container(name = 'app'): Manifest {
  return {
    name,
    image: `registry.example.com/${name}:1.4.2@${DIGEST}`,
    ports: [{ name: 'http', containerPort: 8080 }],
    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001, capabilities: { drop: ['ALL'] } },
  };
}

function meta(name: string, namespace?: string): Manifest {
  return namespace === undefined ? { name } : { name, namespace };
}

export function deployment(name = 'web', namespace?: string): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, namespace),
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container()] } },
    },
  };
}

export function statefulSet(name = 'db', serviceName = name): Manifest {
  const workload = deployment(name);
  return { ...workload, kind: 'StatefulSet', spec: { ...workload.spec, serviceName } };
}

export function job(name = 'train'): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ttlSecondsAfterFinished: 3600, template: { spec: { restartPolicy: 'Never', containers: [container()] } } },
  };
}

export function cronJob(name = 'nightly', schedule = '0 2 * * *'): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: { schedule, concurrencyPolicy: 'Forbid', jobTemplate: { spec: job(name).spec } },
  };
}

export function service(name = 'web', options: { selector?: Manifest; ports?: Manifest[]; clusterIP?: string; type?: string } = {}): Manifest {
  const spec: Manifest = {
    selector: options.selector ?? { app: name },
    ports: options.ports ?? [{ name: 'http', port: 80, targetPort: 'http' }],
  };
  if (options.clusterIP !== undefined) spec.clusterIP = options.clusterIP;
  if (options.type !== undefined) spec.type = options.type;
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec };
}

export function ingress(serviceName = 'web', port: Manifest = { name: 'http' }): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web' },
    spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: serviceName, port } } }] } }] },
  };
}

export function hpa(target = 'web', metrics: Manifest[] = [cpuUtilization()], minReplicas = 2): Manifest {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: target },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, minReplicas, maxReplicas: 10, metrics },
  };
}

export function cpuUtilization(resource = 'cpu'): Manifest {
  return { type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization: 70 } } };
}

export function pdb(selector: Manifest, budget: Manifest = { maxUnavailable: 1 }): Manifest {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { selector: { matchLabels: selector }, ...budget } };
}

export function networkPolicy(podSelector: Manifest): Manifest {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web' }, spec: { podSelector: { matchLabels: podSelector }, policyTypes: ['Ingress'] } };
}

export function configMap(name = 'settings', namespace?: string): Manifest {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name, namespace), data: { mode: 'fast' } };
}

export function secret(name = 'credentials', data?: Manifest): Manifest {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', ...(data === undefined ? {} : { data }) };
}

export function pvc(name = 'data'): Manifest {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
}

export function serviceAccount(name = 'reader'): Manifest {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } };
}

export function namespace(name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** The pod spec of a workload built above. */
export function podSpecOf(workload: Manifest): Manifest {
  if (workload.kind === 'CronJob') return workload.spec.jobTemplate.spec.template.spec;
  return workload.spec.template.spec;
}

export function firstContainer(workload: Manifest): Manifest {
  return podSpecOf(workload).containers[0];
}

/** Adds the ignore annotation for `rules` to a manifest (in place) and returns it. */
export function ignoring(manifest: Manifest, rules: string): Manifest {
  manifest.metadata = { ...(manifest.metadata ?? {}), annotations: { ...(manifest.metadata?.annotations ?? {}), [IGNORE_ANNOTATION]: rules } };
  return manifest;
}

export interface Located extends Finding {
  /** Position of the object in the list given to `check`. */
  readonly object: number;
}

/** Runs the rules over manifests (indexes are positions in the list) and returns every finding with its object. */
export function check(manifests: readonly Manifest[], config?: RulesConfig, options?: RunRulesOptions): { findings: Located[]; silenced: number } {
  const outcome = runRules(
    manifests.map((object, index) => ({ object, index })),
    config,
    options,
  );
  const findings: Located[] = [];
  for (const [object, list] of [...outcome.findings].sort(([a], [b]) => a - b)) for (const finding of list) findings.push({ ...finding, object });
  return { findings, silenced: outcome.silenced };
}
