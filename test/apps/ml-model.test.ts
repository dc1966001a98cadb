import { describe, expect, it } from 'vitest';
import { ConfigMap } from '../../lib';
import { CHECKSUM_PREFIX } from '../../lib/synth';
import { buildApp, find, ofKind, renderApp, renderBuilt } from './render';

const dev = renderApp('ml-model', 'dev').objects;
const prod = renderApp('ml-model', 'prod').objects;

describe('ml-model', () => {
  it('exposes only the UI through the Ingress, with TLS in prod only', () => {
    for (const objects of [dev, prod]) {
      const ingresses = ofKind(objects, 'Ingress');
      expect(ingresses).toHaveLength(1);
      const backends = ingresses[0].spec.rules.flatMap((rule: any) => rule.http.paths.map((path: any) => path.backend.service.name));
      expect(backends).toEqual(['model-ui']);
    }
    expect(find(prod, 'Ingress', 'model-ui').spec.tls).toEqual([{ hosts: ['ml.example.com'], secretName: 'model-ui-tls' }]);
    expect(find(dev, 'Ingress', 'model-ui').spec.tls).toBeUndefined();
    expect(find(dev, 'Ingress', 'model-ui').spec.rules[0].host).toBe('ml.dev.example.com');
  });

  it('lets only the UI pods reach the model server', () => {
    const policy = find(prod, 'NetworkPolicy', 'model-server');
    expect(policy.spec.podSelector.matchLabels).toEqual(find(prod, 'Deployment', 'model-server').spec.selector.matchLabels);
    expect(policy.spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: find(prod, 'Deployment', 'model-ui').spec.selector.matchLabels } }], ports: [{ port: 'http', protocol: 'TCP' }] },
    ]);
  });

  it('scales the model server with an autoscaler on CPU from 10 replicas in prod, leaving replicas out of the Deployment', () => {
    const server = find(prod, 'Deployment', 'model-server');
    expect(server.spec.replicas).toBeUndefined();
    const autoscaler = find(prod, 'HorizontalPodAutoscaler', 'model-server');
    expect(autoscaler.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'model-server' });
    expect(autoscaler.spec.minReplicas).toBe(10);
    expect(autoscaler.spec.metrics[0].resource.name).toBe('cpu');
    expect(server.spec.template.spec.containers[0].resources.requests.cpu).toBe('1');
    expect(find(dev, 'HorizontalPodAutoscaler', 'model-server').spec.minReplicas).toBe(1);
  });

  it('runs the model server with probes, requests and limits, and a rolling update that keeps capacity', () => {
    const server = find(prod, 'Deployment', 'model-server');
    const container = server.spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } });
    expect(server.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    const service = find(prod, 'Service', 'model-server');
    expect(service.spec.selector).toEqual(server.spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
  });

  it('trains with train.py once per release and nightly, writing to the shared model volume the servers read', () => {
    const [job] = ofKind(prod, 'Job');
    expect(job.metadata.name).toMatch(/^train-model-2-3-1-[0-9a-f]{8}$/);
    const cronJob = find(prod, 'CronJob', 'retrain-model');
    expect(cronJob.spec.schedule).toBe('0 2 * * *');
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    for (const pod of [job.spec.template.spec, cronJob.spec.jobTemplate.spec.template.spec]) {
      expect(pod.containers[0].command).toEqual(['python', 'train.py']);
      expect(pod.volumes).toContainEqual({ name: 'artifacts', persistentVolumeClaim: { claimName: 'model-artifacts' } });
      expect(pod.restartPolicy).toBe('Never');
    }
    const claim = find(prod, 'PersistentVolumeClaim', 'model-artifacts');
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    expect(claim.spec.resources.requests.storage).toBe('100Gi');
    const serverMount = find(prod, 'Deployment', 'model-server').spec.template.spec.containers[0].volumeMounts[0];
    expect(serverMount).toEqual({ name: 'artifacts', mountPath: '/models', readOnly: true });
  });

  it('rolls the server pods when the model settings change', () => {
    const checksum = (objects: typeof prod) => find(objects, 'Deployment', 'model-server').spec.template.metadata.annotations[`${CHECKSUM_PREFIX}configmap-model-settings`];
    const built = buildApp('ml-model', 'prod');
    const before = checksum(renderBuilt(built).objects);
    const settings = built.chart.node.findAll().find((construct): construct is ConfigMap => construct instanceof ConfigMap)!;
    settings.addData('MAX_BATCH_SIZE', '64');
    const after = checksum(renderBuilt(built).objects);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
    expect(checksum(renderApp('ml-model', 'prod').objects)).toBe(before);
    expect(find(prod, 'Deployment', 'model-ui').spec.template.metadata.annotations).toBeUndefined();
  });
});
