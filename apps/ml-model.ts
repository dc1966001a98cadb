// ml-model: a machine-learning model served over REST by many replicas, a UI that uses its predictions,
// and the training that produces the model: once per release, then every night on the newest data.
// Only the UI is public; the model server is reachable from the UI alone.
import type { Chart } from 'cdk8s';
import { Duration } from 'cdk8s';
import {
  ConfigMap,
  CronJob,
  Deployment,
  DeploymentStrategy,
  EnvFrom,
  EnvValue,
  Job,
  Metric,
  NetworkPolicy,
  PercentOrAbsolute,
  PersistentVolumeClaim,
  Probe,
  Volume,
} from '../lib';
import type { ContainerProps } from '../lib';
import type { Environment } from '../lib';
import { publicIngress, useProductionDefaults } from './common';
import type { Values } from './values';

/** The user id the model images are built to run as. */
const MODEL_USER = 10001;

export function mlModel(scope: Chart, environment: Environment<Values>): void {
  const values = environment.values;
  const ml = values.mlModel;
  useProductionDefaults(scope, 'ml-model');
  const podSecurity = { runAsUser: MODEL_USER, runAsGroup: MODEL_USER, fsGroup: MODEL_USER };

  // Settings that server and trainer read as environment; changing them rolls the server pods.
  const settings = new ConfigMap(scope, 'settings', {
    name: 'model-settings',
    data: {
      MODEL_NAME: 'sentiment',
      MODEL_DIR: '/models/current',
      MAX_BATCH_SIZE: '32',
      PREDICTION_TIMEOUT_MS: '500',
      LOG_LEVEL: environment.name === 'prod' ? 'info' : 'debug',
    },
  });

  // Trained models, written by the training jobs and read by every server replica (hence ReadWriteMany).
  const artifactClaim = new PersistentVolumeClaim(scope, 'artifacts', {
    name: 'model-artifacts',
    storage: ml.artifactStorage,
    accessModes: ['ReadWriteMany'],
    storageClassName: ml.artifactStorageClass,
  });
  const artifacts = Volume.fromClaim('artifacts', artifactClaim);

  const server = new Deployment(scope, 'server', {
    name: 'model-server',
    app: 'ml-model',
    component: 'server',
    strategy: DeploymentStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.percent(25), maxUnavailable: PercentOrAbsolute.absolute(0) }),
    minReady: Duration.seconds(10),
    spreadAcrossNodes: values.spreadAcrossNodes,
    securityContext: podSecurity,
    containers: [
      {
        name: 'server',
        image: `registry.example.com/ml/model-server:${ml.imageTag}`,
        args: ['--port', '8080', '--model-dir', '/models/current'],
        ports: [{ name: 'http', number: 8080 }],
        envFrom: [EnvFrom.configMap(settings)],
        resources: ml.serverResources,
        // Loading the model takes a while; liveness starts counting once the server has started.
        startup: Probe.http('/healthz', 'http', { period: Duration.seconds(5), failureThreshold: 60 }),
        liveness: Probe.http('/healthz', 'http', { period: Duration.seconds(10), failureThreshold: 3 }),
        readiness: Probe.http('/ready', 'http', { period: Duration.seconds(5), failureThreshold: 2 }),
        volumeMounts: [
          { path: '/models', volume: artifacts, readOnly: true },
          { path: '/tmp', volume: Volume.emptyDir('tmp') },
        ],
      },
    ],
  });
  const serverService = server.exposeViaService({ ports: [{ port: 80, name: 'http', targetPort: 'http' }] });
  server.autoscale({
    minReplicas: ml.serverReplicas.min,
    maxReplicas: ml.serverReplicas.max,
    metrics: [Metric.cpuUtilization(70)],
    scaleDown: { stabilizationWindow: Duration.minutes(10) },
  });
  server.addDisruptionBudget({ maxUnavailable: PercentOrAbsolute.percent(20) });

  const ui = new Deployment(scope, 'ui', {
    name: 'model-ui',
    app: 'ml-model',
    component: 'ui',
    replicas: ml.uiReplicas,
    spreadAcrossNodes: values.spreadAcrossNodes,
    securityContext: podSecurity,
    containers: [
      {
        name: 'ui',
        image: `registry.example.com/ml/model-ui:${ml.imageTag}`,
        ports: [{ name: 'http', number: 8080 }],
        env: { MODEL_SERVER_URL: `http://${serverService.name}` },
        resources: ml.uiResources,
        liveness: Probe.http('/healthz', 'http'),
        readiness: Probe.http('/healthz', 'http', { period: Duration.seconds(5) }),
        volumeMounts: [{ path: '/tmp', volume: Volume.emptyDir('tmp') }],
      },
    ],
  });
  ui.exposeViaService({ ports: [{ port: 80, name: 'http', targetPort: 'http' }] });
  ui.exposeViaIngress('/', publicIngress(values, `ml.${values.domain}`, 'model-ui-tls'));

  // The Ingress routes to the UI only; this keeps the model server closed to everything but the UI.
  new NetworkPolicy(scope, 'server-traffic', { name: 'model-server', selector: server }).allowFrom(ui, { port: 'http' });

  const trainer: ContainerProps = {
    name: 'train',
    image: `registry.example.com/ml/model-trainer:${ml.imageTag}`,
    command: ['python', 'train.py'],
    args: ['--output-dir', '/models'],
    envFrom: [EnvFrom.configMap(settings)],
    env: { RUN_ID: EnvValue.fromField('metadata.name') },
    resources: ml.trainerResources,
    volumeMounts: [
      { path: '/models', volume: artifacts },
      { path: '/tmp', volume: Volume.emptyDir('tmp') },
    ],
  };

  // The first training of a release and of its settings. A Job's pod template cannot change, so the name carries
  // the image tag and a digest of the settings: a new release or new settings train under a new Job.
  new Job(scope, 'train', {
    name: `train-model-${ml.imageTag.replace(/[^a-z0-9]+/g, '-')}-${settings.contentHash().slice(0, 8)}`,
    app: 'ml-model',
    component: 'training',
    backoffLimit: 2,
    activeDeadline: Duration.hours(6),
    securityContext: podSecurity,
    containers: [trainer],
  });

  new CronJob(scope, 'retrain', {
    name: 'retrain-model',
    app: 'ml-model',
    component: 'training',
    schedule: ml.retrainSchedule,
    timeZone: 'Etc/UTC',
    concurrencyPolicy: 'Forbid',
    startingDeadline: Duration.hours(1),
    backoffLimit: 2,
    activeDeadline: Duration.hours(6),
    ttlAfterFinished: Duration.days(2),
    securityContext: podSecurity,
    containers: [trainer],
  });
}
