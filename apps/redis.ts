// redis: one StatefulSet whose first pod is the primary and whose other pods replicate it, each with its own
// volume. Clients write through the `redis` Service (the primary) and may read from any pod through `redis-read`.
import type { Chart } from 'cdk8s';
import { Duration } from 'cdk8s';
import { ConfigMap, EnvValue, Probe, Secret, Service, StatefulSet, Volume } from '../lib';
import type { Environment } from '../lib';
import { EXTERNAL_REFS_ANNOTATION, IGNORE_ANNOTATION } from '../lib/validate/rules';
import { useProductionDefaults } from './common';
import type { RedisValues, Values } from './values';

/** The redis user of the official images. */
const REDIS_USER = 999;

function redisConfig(redis: RedisValues): string {
  return `port 6379
dir /data
appendonly yes
appendfsync everysec
maxmemory ${redis.maxMemory.bytes}
maxmemory-policy noeviction
replica-read-only yes
replica-serve-stale-data yes
`;
}

// Pod 0 is the primary; every other pod replicates it through its stable name behind the headless Service.
// The password goes into a copy of the configuration, never onto the command line.
const START_SCRIPT = `set -eu
config=/run/redis/redis.conf
cp /etc/redis/redis.conf "$config"
printf 'requirepass "%s"\\nmasterauth "%s"\\n' "$REDIS_PASSWORD" "$REDIS_PASSWORD" >> "$config"
if [ "\${HOSTNAME##*-}" != "0" ]; then
  printf 'replicaof %s 6379\\n' "\${PRIMARY_HOST}" >> "$config"
fi
exec redis-server "$config"
`;

export function redis(scope: Chart, environment: Environment<Values>): void {
  const values = environment.values;
  const settings = values.redis;
  useProductionDefaults(scope, 'redis');

  const config = new ConfigMap(scope, 'config', { name: 'redis', data: { 'redis.conf': redisConfig(settings) } });
  const password = EnvValue.fromSecret(Secret.fromName('redis-auth'), 'password');

  const statefulSet = new StatefulSet(scope, 'redis', {
    replicas: settings.replicas,
    spreadAcrossNodes: values.spreadAcrossNodes,
    securityContext: { runAsUser: REDIS_USER, runAsGroup: REDIS_USER, fsGroup: REDIS_USER },
    annotations: { [EXTERNAL_REFS_ANNOTATION]: 'secret/redis-auth -- created by external-secrets' },
    volumeClaimTemplates: [{ name: 'data', storage: settings.storage, storageClassName: values.storageClass }],
    containers: [
      {
        image: settings.image,
        command: ['sh', '-c', START_SCRIPT],
        ports: [{ name: 'redis', number: 6379 }],
        env: {
          REDIS_PASSWORD: password,
          // redis-cli reads the password from here, so probes do not pass it as an argument.
          REDISCLI_AUTH: password,
          POD_NAMESPACE: EnvValue.fromField('metadata.namespace'),
        },
        resources: settings.resources,
        liveness: Probe.tcp('redis', { initialDelay: Duration.seconds(15), period: Duration.seconds(10) }),
        readiness: Probe.exec(['sh', '-c', 'redis-cli ping | grep -q PONG'], { period: Duration.seconds(5), timeout: Duration.seconds(2) }),
        volumeMounts: [
          { path: '/data', volume: Volume.claimTemplate('data') },
          { path: '/etc/redis', volume: Volume.fromConfigMap('config', config), readOnly: true },
          { path: '/run/redis', volume: Volume.emptyDir('run') },
        ],
      },
    ],
  });
  statefulSet.containers[0].addEnv('PRIMARY_HOST', `${statefulSet.name}-0.${statefulSet.serviceName}.$(POD_NAMESPACE).svc.cluster.local`);
  statefulSet.addDisruptionBudget();
  statefulSet.exposeViaService({ name: 'redis-read' });

  // Writes go to the primary only: the StatefulSet controller labels each pod with its name.
  new Service(scope, 'primary', {
    name: 'redis',
    selector: { ...statefulSet.selectorLabels, 'statefulset.kubernetes.io/pod-name': `${statefulSet.name}-0` },
    ports: [{ port: 6379, name: 'redis', targetPort: 'redis' }],
    annotations: { [IGNORE_ANNOTATION]: 'service-selector-matches-nothing -- the pod-name label is set by the StatefulSet controller' },
  }).belongsTo(statefulSet);
}
