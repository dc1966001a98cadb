import { describe, expect, it } from 'vitest';
import { find, ofKind, renderApp } from './render';

const dev = renderApp('kube-alive', 'dev').objects;
const prod = renderApp('kube-alive', 'prod').objects;

describe('kube-alive', () => {
  it('balances getip over 4 replicas behind a Service from port 80 to 8080', () => {
    for (const objects of [dev, prod]) {
      const getip = find(objects, 'Deployment', 'getip');
      expect(getip.spec.replicas).toBe(4);
      expect(getip.spec.template.spec.containers[0].ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
      const service = find(objects, 'Service', 'getip');
      expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
      expect(service.spec.selector).toEqual(getip.spec.selector.matchLabels);
    }
  });

  it('heals healthcheck with a liveness probe that restarts it and a readiness probe that takes it out of rotation', () => {
    const container = find(prod, 'Deployment', 'healthcheck').spec.template.spec.containers[0];
    expect(container.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'http' }, failureThreshold: 1 });
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/ready', port: 'http' } });
  });

  it('scales cpuhog on CPU with an autoscaler that owns its replicas', () => {
    const cpuhog = find(prod, 'Deployment', 'cpuhog');
    expect(cpuhog.spec.replicas).toBeUndefined();
    expect(cpuhog.spec.template.spec.containers[0].resources).toMatchObject({ requests: { cpu: '100m' }, limits: { cpu: '500m' } });
    const autoscaler = find(prod, 'HorizontalPodAutoscaler', 'cpuhog');
    expect(autoscaler.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
    expect(autoscaler.spec.maxReplicas).toBe(10);
    expect(find(dev, 'HorizontalPodAutoscaler', 'cpuhog').spec.maxReplicas).toBe(4);
  });

  it('updates incver one new replica at a time without taking an old one away first', () => {
    const incver = find(prod, 'Deployment', 'incver');
    expect(incver.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(incver.spec.minReadySeconds).toBe(5);
  });

  it('lets the frontend only get, list and watch pods in the kube-alive namespace', () => {
    const role = find(prod, 'Role', 'frontend-pod-reader');
    expect(role.metadata.namespace).toBe('kube-alive');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = find(prod, 'RoleBinding', 'frontend-pod-reader');
    expect(binding.metadata.namespace).toBe('kube-alive');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'frontend-pod-reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'frontend', namespace: 'kube-alive' }]);
    expect(find(prod, 'Deployment', 'frontend').spec.template.spec.serviceAccountName).toBe('frontend');
    expect(ofKind(prod, 'ClusterRole')).toEqual([]);
    expect(ofKind(prod, 'ClusterRoleBinding')).toEqual([]);
  });

  it('reaches the frontend through an external IP in dev and through an Ingress with TLS in prod', () => {
    expect(find(dev, 'Service', 'frontend').spec.externalIPs).toEqual(['192.0.2.10']);
    expect(ofKind(dev, 'Ingress')).toEqual([]);
    expect(find(prod, 'Service', 'frontend').spec.externalIPs).toBeUndefined();
    const ingress = find(prod, 'Ingress', 'frontend');
    expect(ingress.spec.rules[0].host).toBe('kube-alive.example.com');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'frontend', port: { number: 80 } });
    expect(ingress.spec.tls).toEqual([{ hosts: ['kube-alive.example.com'], secretName: 'kube-alive-tls' }]);
  });
});
