import { describe, expect, it } from 'vitest';
import { ByteSize } from '../../lib';
import { CHECKSUM_PREFIX } from '../../lib/synth';
import { exampleEnvironments } from '../../apps';
import { find, findingsOf, renderApp } from './render';

const dev = renderApp('redis', 'dev').objects;
const prod = renderApp('redis', 'prod').objects;

describe('redis', () => {
  it('runs a primary and replicas in one StatefulSet governed by a headless Service', () => {
    const redis = find(prod, 'StatefulSet', 'redis');
    expect(redis.spec.replicas).toBe(3);
    expect(find(dev, 'StatefulSet', 'redis').spec.replicas).toBe(2);
    const headless = find(prod, 'Service', redis.spec.serviceName);
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    const script = redis.spec.template.spec.containers[0].command[2];
    expect(script).toContain('replicaof');
    const env = redis.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'PRIMARY_HOST', value: 'redis-0.redis-headless.$(POD_NAMESPACE).svc.cluster.local' });
  });

  it('sends clients to the primary through the redis Service, and reads to any pod through redis-read', () => {
    const redis = find(prod, 'StatefulSet', 'redis');
    expect(find(prod, 'Service', 'redis').spec.selector).toEqual({ ...redis.spec.selector.matchLabels, 'statefulset.kubernetes.io/pod-name': 'redis-0' });
    expect(find(prod, 'Service', 'redis-read').spec.selector).toEqual(redis.spec.selector.matchLabels);
  });

  it('fails the rules when the primary Service loses the annotation that explains its selector', () => {
    const rendered = renderApp('redis', 'prod');
    delete find(rendered.objects, 'Service', 'redis').metadata.annotations;
    const errors = findingsOf(rendered).filter((finding) => finding.severity === 'error');
    expect(errors.map((finding) => finding.line)).toEqual([expect.stringContaining('Service/redis: [service-selector-matches-nothing]')]);
  });

  it('keeps data on a volume per pod and lets a drain take one pod at a time', () => {
    const redis = find(prod, 'StatefulSet', 'redis');
    expect(redis.spec.volumeClaimTemplates[0]).toEqual({
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'fast-ssd' },
    });
    expect(redis.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
    expect(find(prod, 'PodDisruptionBudget', 'redis').spec).toEqual({ maxUnavailable: 1, selector: redis.spec.selector });
  });

  it('takes the password from a Secret reference and rolls the pods when the configuration changes', () => {
    const container = find(prod, 'StatefulSet', 'redis').spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'redis-auth', key: 'password' } } });
    expect(find(prod, 'ConfigMap', 'redis').data['redis.conf']).toContain('maxmemory 2684354560');
    const checksum = (objects: typeof prod) => find(objects, 'StatefulSet', 'redis').spec.template.metadata.annotations[`${CHECKSUM_PREFIX}configmap-redis`];
    const bigger = renderApp('redis', 'prod', { ...exampleEnvironments.prod, redis: { ...exampleEnvironments.prod.redis, maxMemory: ByteSize.gibibytes(3) } });
    expect(checksum(bigger.objects)).not.toBe(checksum(prod));
  });
});
