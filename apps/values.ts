// The values that differ between the environments of the example apps: sizes, counts, hosts, tags, TLS.
// Apps read only these; everything else about them is the same in every environment.
import { ByteSize, Cpu } from '../lib';
import type { ContainerResources } from '../lib';

/** Requests and limits of a container from quantity strings: CPU request, memory request, memory limit. */
export function size(cpuRequest: string, memoryRequest: string, memoryLimit: string, cpuLimit?: string): ContainerResources {
  return {
    cpu: { request: Cpu.parse(cpuRequest), limit: cpuLimit === undefined ? undefined : Cpu.parse(cpuLimit) },
    memory: { request: ByteSize.parse(memoryRequest), limit: ByteSize.parse(memoryLimit) },
  };
}

export interface MlModelValues {
  /** Tag of the model server, UI and trainer images (one release of the model repository). */
  readonly imageTag: string;
  /** Fewest and most model server replicas; the autoscaler moves between them. */
  readonly serverReplicas: { readonly min: number; readonly max: number };
  /** Replicas of the UI. */
  readonly uiReplicas: number;
  readonly serverResources: ContainerResources;
  readonly uiResources: ContainerResources;
  readonly trainerResources: ContainerResources;
  /** Size of the shared volume with the trained models. */
  readonly artifactStorage: ByteSize;
  /** Storage class of the shared volume; it must offer ReadWriteMany. */
  readonly artifactStorageClass: string;
  /** When the model is retrained (cron, in UTC). */
  readonly retrainSchedule: string;
}

export interface KubeAliveValues {
  /** Tag of the kube-alive images. */
  readonly imageTag: string;
  /** Where the frontend is reached: a Service with an external IP (a lab cluster) or an Ingress. */
  readonly frontendExposure: { readonly externalIP: string } | 'ingress';
  /** Replicas of the frontend and of the healthcheck and incver experiments. */
  readonly replicas: number;
  /** Most replicas the autoscaler may give cpuhog. */
  readonly cpuhogMaxReplicas: number;
}

export interface PhpNginxValues {
  /** Tag of the image that carries the PHP code. */
  readonly codeTag: string;
  readonly phpImage: string;
  readonly nginxImage: string;
  readonly replicas: number;
  readonly phpResources: ContainerResources;
  readonly nginxResources: ContainerResources;
}

export interface ObservabilityValues {
  readonly prometheusImage: string;
  readonly grafanaImage: string;
  readonly elasticsearchImage: string;
  /** Prometheus replicas; each scrapes everything (an HA pair in production). */
  readonly prometheusReplicas: number;
  readonly prometheusRetention: string;
  readonly prometheusStorage: ByteSize;
  readonly prometheusResources: ContainerResources;
  readonly scrapeInterval: string;
  readonly grafanaResources: ContainerResources;
  /** Elasticsearch nodes; 1 runs a single-node cluster, 3 or more a cluster with elected masters. */
  readonly elasticsearchNodes: number;
  readonly elasticsearchStorage: ByteSize;
  readonly elasticsearchResources: ContainerResources;
  /** JVM heap of Elasticsearch, about half of the memory limit. */
  readonly elasticsearchHeap: string;
}

export interface RedisValues {
  readonly image: string;
  /** Pods of the StatefulSet: the first is the primary, the others replicate it. */
  readonly replicas: number;
  readonly storage: ByteSize;
  readonly resources: ContainerResources;
  /** Redis `maxmemory`, below the memory limit to leave room for copy-on-write during persistence. */
  readonly maxMemory: ByteSize;
}

export interface Values {
  /** DNS domain under which the apps publish their hosts. */
  readonly domain: string;
  /** IngressClass of the cluster's ingress controller. */
  readonly ingressClassName: string;
  /** Whether Ingresses terminate TLS, with certificates that cert-manager issues. */
  readonly tls: boolean;
  /** cert-manager ClusterIssuer of the certificates. */
  readonly certificateIssuer: string;
  /** Keep replicas of a workload on different nodes: `preferred` in production, none on a one-node dev cluster. */
  readonly spreadAcrossNodes?: 'preferred' | 'required';
  /** Storage class of the databases' volumes. @default the cluster's default class */
  readonly storageClass?: string;
  readonly mlModel: MlModelValues;
  readonly kubeAlive: KubeAliveValues;
  readonly phpNginx: PhpNginxValues;
  readonly observability: ObservabilityValues;
  readonly redis: RedisValues;
}

export const dev: Values = {
  domain: 'dev.example.com',
  ingressClassName: 'nginx',
  tls: false,
  certificateIssuer: 'letsencrypt-staging',
  mlModel: {
    imageTag: '2.4.0-rc.1',
    serverReplicas: { min: 1, max: 3 },
    uiReplicas: 1,
    serverResources: size('250m', '512Mi', '1Gi'),
    uiResources: size('50m', '64Mi', '128Mi'),
    trainerResources: size('1', '2Gi', '4Gi'),
    artifactStorage: ByteSize.gibibytes(5),
    artifactStorageClass: 'shared-files',
    retrainSchedule: '0 2 * * *',
  },
  kubeAlive: {
    imageTag: '1.3.0',
    frontendExposure: { externalIP: '192.0.2.10' },
    replicas: 1,
    cpuhogMaxReplicas: 4,
  },
  phpNginx: {
    codeTag: '2025.06.1-rc.2',
    phpImage: 'php:8.3.14-fpm-alpine',
    nginxImage: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
    replicas: 1,
    phpResources: size('100m', '128Mi', '256Mi'),
    nginxResources: size('50m', '32Mi', '64Mi'),
  },
  observability: {
    prometheusImage: 'prom/prometheus:v3.1.0',
    grafanaImage: 'grafana/grafana:11.4.0',
    elasticsearchImage: 'docker.elastic.co/elasticsearch/elasticsearch:8.17.0',
    prometheusReplicas: 1,
    prometheusRetention: '3d',
    prometheusStorage: ByteSize.gibibytes(10),
    prometheusResources: size('250m', '512Mi', '1Gi'),
    scrapeInterval: '30s',
    grafanaResources: size('100m', '128Mi', '256Mi'),
    elasticsearchNodes: 1,
    elasticsearchStorage: ByteSize.gibibytes(10),
    elasticsearchResources: size('500m', '2Gi', '2Gi'),
    elasticsearchHeap: '1g',
  },
  redis: {
    image: 'redis:7.4.2-alpine',
    replicas: 2,
    storage: ByteSize.gibibytes(1),
    resources: size('100m', '256Mi', '256Mi'),
    maxMemory: ByteSize.mebibytes(160),
  },
};

export const prod: Values = {
  domain: 'example.com',
  ingressClassName: 'nginx',
  tls: true,
  certificateIssuer: 'letsencrypt',
  spreadAcrossNodes: 'preferred',
  storageClass: 'fast-ssd',
  mlModel: {
    imageTag: '2.3.1',
    serverReplicas: { min: 10, max: 30 },
    uiReplicas: 3,
    serverResources: size('1', '2Gi', '4Gi'),
    uiResources: size('100m', '128Mi', '256Mi'),
    trainerResources: size('4', '16Gi', '24Gi'),
    artifactStorage: ByteSize.gibibytes(100),
    artifactStorageClass: 'shared-files',
    retrainSchedule: '0 2 * * *',
  },
  kubeAlive: {
    imageTag: '1.3.0',
    frontendExposure: 'ingress',
    replicas: 3,
    cpuhogMaxReplicas: 10,
  },
  phpNginx: {
    codeTag: '2025.05.3',
    phpImage: 'php:8.3.14-fpm-alpine',
    nginxImage: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
    replicas: 3,
    phpResources: size('500m', '256Mi', '512Mi'),
    nginxResources: size('100m', '64Mi', '128Mi'),
  },
  observability: {
    prometheusImage: 'prom/prometheus:v3.1.0',
    grafanaImage: 'grafana/grafana:11.4.0',
    elasticsearchImage: 'docker.elastic.co/elasticsearch/elasticsearch:8.17.0',
    prometheusReplicas: 2,
    prometheusRetention: '15d',
    prometheusStorage: ByteSize.gibibytes(100),
    prometheusResources: size('1', '4Gi', '8Gi'),
    scrapeInterval: '15s',
    grafanaResources: size('200m', '256Mi', '512Mi'),
    elasticsearchNodes: 3,
    elasticsearchStorage: ByteSize.gibibytes(200),
    elasticsearchResources: size('1', '8Gi', '8Gi'),
    elasticsearchHeap: '4g',
  },
  redis: {
    image: 'redis:7.4.2-alpine',
    replicas: 3,
    storage: ByteSize.gibibytes(20),
    resources: size('500m', '4Gi', '4Gi'),
    maxMemory: ByteSize.mebibytes(2560),
  },
};
