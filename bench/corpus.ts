// A realistic, deterministic corpus for the validate benchmark: microservices with Deployments, Services,
// ConfigMaps, HPAs, Ingresses and StatefulSets, several per file, spread over a few hundred files.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** Small deterministic pseudo-random sequence (mulberry32), so every run writes the same corpus. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function labels(app: string, team: string): Record<string, string> {
  return { 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': team, 'app.kubernetes.io/managed-by': 'kubeforge' };
}

function container(app: string, next: () => number) {
  return {
    name: app,
    image: `registry.example.com/${app}:1.${Math.floor(next() * 40)}.${Math.floor(next() * 10)}`,
    args: [`--log-level=${next() > 0.5 ? 'info' : 'debug'}`],
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
    env: [
      { name: 'APP_NAME', value: app },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${app}-db`, key: 'password' } } },
    ],
    envFrom: [{ configMapRef: { name: `${app}-config` } }],
    resources: { requests: { cpu: `${100 + Math.floor(next() * 400)}m`, memory: `${128 * (1 + Math.floor(next() * 8))}Mi` }, limits: { memory: '1Gi' } },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' }, initialDelaySeconds: 5, periodSeconds: 10 },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 20 },
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true },
    volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }],
  };
}

function podTemplate(app: string, team: string, next: () => number, stateful = false) {
  const spread = stateful
    ? {
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': app } } } }],
        },
      },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: team, effect: 'NoSchedule' }],
    }
    : {};
  return {
    metadata: { labels: labels(app, team) },
    spec: {
      serviceAccountName: app,
      securityContext: { runAsUser: 10001, fsGroup: 10001 },
      containers: [container(app, next)],
      volumes: [{ name: 'config', configMap: { name: `${app}-config` } }, { name: 'tmp', emptyDir: {} }],
      ...spread,
    },
  };
}

const NAMESPACES = 23;

/** The objects of one microservice. */
function service(index: number, next: () => number): object[] {
  const app = `svc-${String(index).padStart(4, '0')}`;
  const team = `team-${index % 17}`;
  const namespace = `ns-${index % NAMESPACES}`;
  const metadata = { name: app, namespace, labels: labels(app, team) };
  // The database password lives in a sealed secret outside the repository.
  const workloadMetadata = { ...metadata, annotations: { 'kubeforge.io/external-refs': `secret/${app}-db` } };
  const objects: object[] = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata },
    {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...metadata, name: `${app}-config` },
      data: { flags: 'a,b,c', 'app.properties': `server.port=8080\nfeature.x=${next() > 0.5}\n` },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata,
      spec: { type: 'ClusterIP', selector: { 'app.kubernetes.io/name': app }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 'metrics', port: 9090, targetPort: 9090 }] },
    },
  ];
  if (index % 10 === 9) {
    objects.push({
      apiVersion: 'v1', kind: 'Service', metadata: { ...metadata, name: `${app}-headless` },
      spec: { clusterIP: 'None', selector: { 'app.kubernetes.io/name': app }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
    });
    objects.push({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: workloadMetadata,
      spec: {
        serviceName: `${app}-headless`, replicas: 3, podManagementPolicy: 'Parallel', selector: { matchLabels: { 'app.kubernetes.io/name': app } },
        template: podTemplate(app, team, next, true),
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } } }],
      },
    });
  } else {
    objects.push({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: workloadMetadata,
      spec: {
        revisionHistoryLimit: 5, selector: { matchLabels: { 'app.kubernetes.io/name': app } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        template: podTemplate(app, team, next),
      },
    });
    objects.push({
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app }, minReplicas: 2, maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    });
  }
  if (index % 2 === 0) {
    objects.push({
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
      metadata: { ...metadata, annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt', 'kubeforge.io/external-refs': `secret/${app}-tls` } },
      spec: {
        ingressClassName: 'nginx', tls: [{ hosts: [`${app}.example.com`], secretName: `${app}-tls` }],
        rules: [{ host: `${app}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: app, port: { name: 'http' } } } }] } }],
      },
    });
  }
  return objects;
}

export interface Corpus {
  readonly folder: string;
  readonly files: number;
  readonly resources: number;
  readonly bytes: number;
}

/** Writes the corpus into `folder` (replacing it): `services` microservices, `perFile` services per file. */
export function writeCorpus(folder: string, services = 1850, perFile = 7): Corpus {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const next = random(42);
  const namespaces = Array.from({ length: NAMESPACES }, (_, index) => stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${index}` } })).join('---\n');
  writeFileSync(join(folder, 'namespaces.yaml'), namespaces);
  let resources = NAMESPACES;
  let bytes = Buffer.byteLength(namespaces);
  let files = 1;
  for (let start = 0; start < services; start += perFile) {
    const objects = [];
    for (let index = start; index < Math.min(services, start + perFile); index++) objects.push(...service(index, next));
    const text = objects.map((object) => stringify(object, { lineWidth: 0 })).join('---\n');
    const team = `team-${files % 17}`;
    mkdirSync(join(folder, team), { recursive: true });
    writeFileSync(join(folder, team, `services-${String(files).padStart(3, '0')}.yaml`), text);
    resources += objects.length;
    bytes += Buffer.byteLength(text);
    files++;
  }
  return { folder, files, resources, bytes };
}
