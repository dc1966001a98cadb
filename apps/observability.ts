// observability: metrics and logs of the cluster. Prometheus scrapes the Services named by ScrapeTarget custom
// resources and the pods that ask for it, Elasticsearch stores the logs that the node log agents (a cluster add-on,
// not part of this app) ship to it, and Grafana shows dashboards over both.
import type { Chart } from 'cdk8s';
import { Duration } from 'cdk8s';
import { ClusterRole, ConfigMap, CustomResourceDefinition, Deployment, DeploymentStrategy, EnvValue, Probe, Secret, ServiceAccount, StatefulSet, Volume } from '../lib';
import type { AppOptions, Environment } from '../lib';
import { EXTERNAL_REFS_ANNOTATION, IGNORE_ANNOTATION } from '../lib/validate/rules';
import { publicIngress, useProductionDefaults } from './common';
import { ScrapeTarget, scrapeTargetDefinition, type ScrapeTargetSpec } from './imports/monitoring.kubeforge.dev';
import type { ObservabilityValues, Values } from './values';

/** Prometheus' account is bound cluster-wide, and such a binding names the account's namespace. */
export const OBSERVABILITY_NAMESPACE = 'observability';

/** The users the official images run as. */
const NOBODY = 65534;
const GRAFANA_USER = 472;
const ELASTICSEARCH_USER = 1000;

/**
 * One scrape job per ScrapeTarget: the endpoints of its Service in this app's namespace, behind its port
 * (a port name, or the target port number of the endpoints).
 */
function scrapeJob(target: ScrapeTargetSpec): string {
  const port = typeof target.port === 'number'
    ? `      - source_labels: [__meta_kubernetes_endpoint_port_number]\n        action: keep\n        regex: "${target.port}"\n`
    : `      - source_labels: [__meta_kubernetes_endpoint_port_name]\n        action: keep\n        regex: ${target.port}\n`;
  return `  - job_name: ${OBSERVABILITY_NAMESPACE}/${target.service}
    metrics_path: ${target.path ?? '/metrics'}
    scheme: ${target.scheme ?? 'http'}
${target.interval ? `    scrape_interval: ${target.interval}\n` : ''}${target.timeout ? `    scrape_timeout: ${target.timeout}\n` : ''}    kubernetes_sd_configs:
      - role: endpoints
        namespaces:
          names: [${OBSERVABILITY_NAMESPACE}]
    relabel_configs:
      - source_labels: [__meta_kubernetes_service_name]
        action: keep
        regex: ${target.service}
${port}      - source_labels: [__meta_kubernetes_pod_name]
        target_label: pod
${Object.entries(target.labels ?? {}).map(([label, value]) => `      - target_label: ${label}\n        replacement: ${JSON.stringify(value)}\n`).join('')}`;
}

function prometheusConfig(observability: ObservabilityValues, targets: readonly ScrapeTargetSpec[]): string {
  return `global:
  scrape_interval: ${observability.scrapeInterval}
  evaluation_interval: ${observability.scrapeInterval}

scrape_configs:
${targets.map(scrapeJob).join('\n')}
  # Pods that ask for it with the annotations prometheus.io/scrape, prometheus.io/port and prometheus.io/path.
  - job_name: kubernetes-pods
    kubernetes_sd_configs:
      - role: pod
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
        action: keep
        regex: "true"
      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
        action: replace
        target_label: __metrics_path__
        regex: (.+)
      - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
        action: replace
        regex: ([^:]+)(?::\\d+)?;(\\d+)
        replacement: $1:$2
        target_label: __address__
      - source_labels: [__meta_kubernetes_namespace]
        target_label: namespace
      - source_labels: [__meta_kubernetes_pod_name]
        target_label: pod
`;
}

const GRAFANA_DATASOURCES = `apiVersion: 1
datasources:
  - name: Prometheus
    type: prometheus
    access: proxy
    url: http://prometheus:9090
    isDefault: true
  - name: Logs
    type: elasticsearch
    access: proxy
    url: http://elasticsearch:9200
    basicAuth: true
    basicAuthUser: elastic
    secureJsonData:
      basicAuthPassword: $ELASTICSEARCH_PASSWORD
    jsonData:
      index: "logs-*"
      timeField: "@timestamp"
`;

function build(scope: Chart, environment: Environment<Values>): void {
  const values = environment.values;
  const observability = values.observability;
  useProductionDefaults(scope, 'observability');

  // What Prometheus scrapes is declared as ScrapeTarget objects, a kind this app defines and installs itself
  // (synth puts the CRD in the platform folder); the scrape jobs are derived from the same objects.
  new CustomResourceDefinition(scope, 'scrape-target-definition', scrapeTargetDefinition);
  const scrapeTargets: ScrapeTargetSpec[] = [
    { service: 'prometheus', port: 'web', interval: observability.scrapeInterval },
    { service: 'grafana', port: 'http' },
  ];
  for (const target of scrapeTargets) new ScrapeTarget(scope, `scrape-${target.service}`, { metadata: { name: target.service }, spec: target });

  // Prometheus: reads pods, Services and endpoints of every namespace to find its targets.
  const prometheusAccount = new ServiceAccount(scope, 'prometheus-account', { name: 'prometheus', namespace: OBSERVABILITY_NAMESPACE });
  new ClusterRole(scope, 'prometheus-discovery', { name: 'observability-prometheus' })
    .allowRead('pods', 'services', 'endpoints')
    .grant(prometheusAccount);
  const scrapeConfig = new ConfigMap(scope, 'prometheus-config', { name: 'prometheus', data: { 'prometheus.yml': prometheusConfig(observability, scrapeTargets) } });

  const prometheus = new StatefulSet(scope, 'prometheus', {
    replicas: observability.prometheusReplicas,
    serviceAccount: prometheusAccount,
    spreadAcrossNodes: values.spreadAcrossNodes,
    securityContext: { runAsUser: NOBODY, runAsGroup: NOBODY, fsGroup: NOBODY },
    terminationGracePeriod: Duration.minutes(2),
    volumeClaimTemplates: [{ name: 'data', storage: observability.prometheusStorage, storageClassName: values.storageClass }],
    containers: [
      {
        image: observability.prometheusImage,
        args: [
          '--config.file=/etc/prometheus/prometheus.yml',
          '--storage.tsdb.path=/prometheus',
          `--storage.tsdb.retention.time=${observability.prometheusRetention}`,
        ],
        ports: [{ name: 'web', number: 9090 }],
        resources: observability.prometheusResources,
        // Replaying the write-ahead log after a restart can take minutes on a large database.
        startup: Probe.http('/-/ready', 'web', { period: Duration.seconds(10), failureThreshold: 60 }),
        liveness: Probe.http('/-/healthy', 'web', { period: Duration.seconds(15), timeout: Duration.seconds(5) }),
        readiness: Probe.http('/-/ready', 'web', { period: Duration.seconds(5) }),
        volumeMounts: [
          { path: '/etc/prometheus', volume: Volume.fromConfigMap('config', scrapeConfig), readOnly: true },
          { path: '/prometheus', volume: Volume.claimTemplate('data') },
        ],
      },
    ],
  });
  prometheus.exposeViaService();

  // Elasticsearch: the log store. One node in dev, a cluster of master-eligible data nodes in production.
  const clusterNodes = observability.elasticsearchNodes;
  const elasticsearchCredentials = Secret.fromName('elasticsearch-credentials');
  const transportCertificates = Secret.fromName('elasticsearch-transport-tls');
  const discovery: Record<string, string> =
    clusterNodes === 1
      ? { 'discovery.type': 'single-node' }
      : {
          'discovery.seed_hosts': 'elasticsearch-headless',
          'cluster.initial_master_nodes': Array.from({ length: clusterNodes }, (_, ordinal) => `elasticsearch-${ordinal}`).join(','),
        };
  const elasticsearch = new StatefulSet(scope, 'elasticsearch', {
    replicas: clusterNodes,
    podManagementPolicy: 'Parallel',
    spreadAcrossNodes: values.spreadAcrossNodes,
    securityContext: { runAsUser: ELASTICSEARCH_USER, runAsGroup: ELASTICSEARCH_USER, fsGroup: ELASTICSEARCH_USER },
    terminationGracePeriod: Duration.minutes(2),
    annotations: {
      [EXTERNAL_REFS_ANNOTATION]: 'secret/elasticsearch-credentials, secret/elasticsearch-transport-tls -- created by external-secrets and cert-manager',
      [IGNORE_ANNOTATION]: 'read-only-root-fs -- the image writes its keystore into the config directory at start',
    },
    volumeClaimTemplates: [{ name: 'data', storage: observability.elasticsearchStorage, storageClassName: values.storageClass }],
    containers: [
      {
        image: observability.elasticsearchImage,
        ports: [
          { name: 'http', number: 9200 },
          { name: 'transport', number: 9300 },
        ],
        env: {
          'cluster.name': 'logs',
          'node.name': EnvValue.fromField('metadata.name'),
          ...discovery,
          // Memory-mapped storage would need vm.max_map_count raised on every node by a privileged container.
          'node.store.allow_mmap': 'false',
          ES_JAVA_OPTS: `-Xms${observability.elasticsearchHeap} -Xmx${observability.elasticsearchHeap}`,
          ELASTIC_PASSWORD: EnvValue.fromSecret(elasticsearchCredentials, 'password'),
          'xpack.security.enabled': 'true',
          'xpack.security.transport.ssl.enabled': 'true',
          'xpack.security.transport.ssl.verification_mode': 'certificate',
          'xpack.security.transport.ssl.key': '/usr/share/elasticsearch/config/certs/tls.key',
          'xpack.security.transport.ssl.certificate': '/usr/share/elasticsearch/config/certs/tls.crt',
          'xpack.security.transport.ssl.certificate_authorities': '/usr/share/elasticsearch/config/certs/ca.crt',
        },
        securityContext: { readOnlyRootFilesystem: false },
        resources: observability.elasticsearchResources,
        startup: Probe.tcp('http', { period: Duration.seconds(10), failureThreshold: 30 }),
        liveness: Probe.tcp('transport', { period: Duration.seconds(20) }),
        readiness: Probe.exec(
          ['sh', '-c', 'curl --silent --fail --user "elastic:${ELASTIC_PASSWORD}" "http://localhost:9200/_cluster/health?local=true"'],
          { period: Duration.seconds(10), timeout: Duration.seconds(5) },
        ),
        volumeMounts: [
          { path: '/usr/share/elasticsearch/data', volume: Volume.claimTemplate('data') },
          { path: '/usr/share/elasticsearch/config/certs', volume: Volume.fromSecret('transport-tls', transportCertificates), readOnly: true },
        ],
      },
    ],
  });
  elasticsearch.exposeViaService({ ports: [{ port: 9200, name: 'http', targetPort: 'http' }] });
  elasticsearch.addDisruptionBudget();

  // Grafana: dashboards are provisioned as code, so its own database lives in a scratch volume.
  const datasources = new ConfigMap(scope, 'grafana-datasources', { name: 'grafana-datasources', data: { 'datasources.yaml': GRAFANA_DATASOURCES } });
  const grafana = new Deployment(scope, 'grafana', {
    strategy: DeploymentStrategy.recreate(),
    securityContext: { runAsUser: GRAFANA_USER, runAsGroup: GRAFANA_USER, fsGroup: GRAFANA_USER },
    annotations: { [EXTERNAL_REFS_ANNOTATION]: 'secret/grafana-admin, secret/elasticsearch-credentials -- created by external-secrets' },
    containers: [
      {
        image: observability.grafanaImage,
        ports: [{ name: 'http', number: 3000 }],
        env: {
          GF_SECURITY_ADMIN_USER: 'admin',
          GF_SECURITY_ADMIN_PASSWORD: EnvValue.fromSecret(Secret.fromName('grafana-admin'), 'password'),
          GF_SERVER_ROOT_URL: `${values.tls ? 'https' : 'http'}://grafana.${values.domain}/`,
          GF_USERS_ALLOW_SIGN_UP: 'false',
          ELASTICSEARCH_PASSWORD: EnvValue.fromSecret(elasticsearchCredentials, 'password'),
        },
        resources: observability.grafanaResources,
        liveness: Probe.http('/api/health', 'http', { initialDelay: Duration.seconds(30) }),
        readiness: Probe.http('/api/health', 'http'),
        volumeMounts: [
          { path: '/etc/grafana/provisioning/datasources', volume: Volume.fromConfigMap('datasources', datasources), readOnly: true },
          { path: '/var/lib/grafana', volume: Volume.emptyDir('data') },
          { path: '/tmp', volume: Volume.emptyDir('tmp') },
        ],
      },
    ],
  });
  grafana.exposeViaService({ ports: [{ port: 80, name: 'http', targetPort: 'http' }] });
  grafana.exposeViaIngress('/', publicIngress(values, `grafana.${values.domain}`, 'grafana-tls'));
}

export const observability: AppOptions<Values> = { build, namespace: OBSERVABILITY_NAMESPACE };
