// kube-alive: small services that make Kubernetes behaviour visible, and the single-page frontend that shows them.
//   getip        load balancing: four replicas behind one Service, each answering with its own pod IP
//   healthcheck  self-healing: a service that can be made sick; liveness restarts it, readiness takes it out of rotation
//   cpuhog       autoscaling: burns CPU on every request; an autoscaler adds replicas as CPU use rises
//   incver       rolling update: a version counter whose new replicas replace the old ones one by one
//   frontend     nginx serving the page and proxying to the services and to the Kubernetes API, as a
//                service account that may only read the pods of the kube-alive namespace
import type { Chart } from 'cdk8s';
import { Duration } from 'cdk8s';
import { Cpu, Deployment, DeploymentStrategy, EnvValue, Metric, PercentOrAbsolute, Probe, Role, ServiceAccount, Volume } from '../lib';
import type { AppOptions, Environment } from '../lib';
import { publicIngress, useProductionDefaults } from './common';
import type { Values } from './values';

/** The frontend's account reads pods of this namespace only, so the app lives in a namespace of its own. */
export const KUBE_ALIVE_NAMESPACE = 'kube-alive';

/** The user id the kube-alive images are built to run as. */
const KUBE_ALIVE_USER = 10001;

function build(scope: Chart, environment: Environment<Values>): void {
  const values = environment.values;
  const alive = values.kubeAlive;
  useProductionDefaults(scope, 'kube-alive');
  const image = (name: string) => `registry.example.com/kube-alive/${name}:${alive.imageTag}`;
  const podSecurity = { runAsUser: KUBE_ALIVE_USER, runAsGroup: KUBE_ALIVE_USER };
  const http = [{ name: 'http', number: 8080 }];
  const behindPort80 = { ports: [{ port: 80, name: 'http', targetPort: 'http' }] };

  const getip = new Deployment(scope, 'getip', {
    app: 'kube-alive',
    component: 'getip',
    replicas: 4,
    spreadAcrossNodes: values.spreadAcrossNodes,
    securityContext: podSecurity,
    containers: [{ image: image('getip'), ports: http, liveness: Probe.tcp('http'), readiness: Probe.http('/', 'http') }],
  });
  getip.exposeViaService(behindPort80);

  // Liveness fails fast once the service is made sick, so the restart is visible within seconds.
  const healthcheck = new Deployment(scope, 'healthcheck', {
    app: 'kube-alive',
    component: 'healthcheck',
    replicas: alive.replicas,
    securityContext: podSecurity,
    containers: [
      {
        image: image('healthcheck'),
        ports: http,
        liveness: Probe.http('/healthz', 'http', { initialDelay: Duration.seconds(2), period: Duration.seconds(2), failureThreshold: 1 }),
        readiness: Probe.http('/ready', 'http', { period: Duration.seconds(2) }),
      },
    ],
  });
  healthcheck.exposeViaService(behindPort80);

  // The CPU limit makes the hog saturate quickly; the autoscaler targets half of the request.
  const cpuhog = new Deployment(scope, 'cpuhog', {
    app: 'kube-alive',
    component: 'cpuhog',
    securityContext: podSecurity,
    containers: [
      {
        image: image('cpuhog'),
        ports: http,
        resources: { cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) } },
        liveness: Probe.tcp('http'),
        readiness: Probe.tcp('http'),
      },
    ],
  });
  cpuhog.exposeViaService(behindPort80);
  cpuhog.autoscale({ minReplicas: 1, maxReplicas: alive.cpuhogMaxReplicas, metrics: [Metric.cpuUtilization(50)] });

  // One new replica at a time and none taken away before its successor is ready: the counter never stops answering.
  const incver = new Deployment(scope, 'incver', {
    app: 'kube-alive',
    component: 'incver',
    replicas: Math.max(alive.replicas, 2),
    strategy: DeploymentStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.absolute(1), maxUnavailable: PercentOrAbsolute.absolute(0) }),
    minReady: Duration.seconds(5),
    securityContext: podSecurity,
    containers: [
      {
        image: image('incver'),
        ports: http,
        env: { VERSION: alive.imageTag },
        liveness: Probe.tcp('http'),
        readiness: Probe.http('/', 'http'),
      },
    ],
  });
  incver.exposeViaService(behindPort80);

  // The subject of a RoleBinding names its namespace, so the account carries it explicitly.
  const account = new ServiceAccount(scope, 'frontend-account', { name: 'frontend', namespace: KUBE_ALIVE_NAMESPACE });
  const podReader = new Role(scope, 'pod-reader', { name: 'frontend-pod-reader', namespace: KUBE_ALIVE_NAMESPACE }).allowRead('pods');
  podReader.grant(account);

  const frontend = new Deployment(scope, 'frontend', {
    app: 'kube-alive',
    component: 'frontend',
    replicas: alive.replicas,
    serviceAccount: account,
    securityContext: podSecurity,
    containers: [
      {
        image: image('frontend'),
        ports: http,
        env: { KUBE_NAMESPACE: EnvValue.fromField('metadata.namespace') },
        liveness: Probe.http('/healthz', 'http'),
        readiness: Probe.http('/healthz', 'http'),
        // nginx keeps its pid file and temporary files in /tmp.
        volumeMounts: [{ path: '/tmp', volume: Volume.emptyDir('tmp') }],
      },
    ],
  });
  const exposure = alive.frontendExposure;
  if (exposure === 'ingress') {
    frontend.exposeViaService(behindPort80);
    frontend.exposeViaIngress('/', publicIngress(values, `kube-alive.${values.domain}`, 'kube-alive-tls'));
  } else {
    frontend.exposeViaService({ ...behindPort80, externalIPs: [exposure.externalIP] });
  }
}

export const kubeAlive: AppOptions<Values> = { build, namespace: KUBE_ALIVE_NAMESPACE };
