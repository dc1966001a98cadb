import { describe, expect, it } from 'vitest';
import { find, ofKind, renderApp } from './render';

const dev = renderApp('observability', 'dev').objects;
const prod = renderApp('observability', 'prod').objects;

describe('observability', () => {
  it('runs Prometheus as a StatefulSet with a volume per pod, governed by a headless Service', () => {
    const prometheus = find(prod, 'StatefulSet', 'prometheus');
    expect(prometheus.spec.replicas).toBe(2);
    expect(prometheus.spec.volumeClaimTemplates).toEqual([
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } }, storageClassName: 'fast-ssd' } },
    ]);
    const headless = find(prod, 'Service', prometheus.spec.serviceName);
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.selector).toEqual(prometheus.spec.selector.matchLabels);
    expect(find(dev, 'StatefulSet', 'prometheus').spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
  });

  it('scrapes with a configuration from a ConfigMap that the pods mount and roll on', () => {
    const config = find(prod, 'ConfigMap', 'prometheus').data['prometheus.yml'];
    expect(config).toContain('scrape_interval: 15s');
    expect(config).toContain('role: pod');
    const pod = find(prod, 'StatefulSet', 'prometheus').spec.template;
    expect(pod.spec.volumes).toContainEqual({ name: 'config', configMap: { name: 'prometheus' } });
    expect(pod.metadata.annotations['checksum.kubeforge.io/configmap-prometheus']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets Prometheus read pods, services and endpoints in every namespace through a ClusterRole', () => {
    const role = find(prod, 'ClusterRole', 'observability-prometheus');
    expect(role.metadata.namespace).toBeUndefined();
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods', 'services', 'endpoints'], verbs: ['get', 'list', 'watch'] }]);
    const binding = find(prod, 'ClusterRoleBinding', 'observability-prometheus');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'observability' }]);
    expect(find(prod, 'StatefulSet', 'prometheus').spec.template.spec.serviceAccountName).toBe('prometheus');
  });

  it('takes the Grafana admin password from a Secret reference, never from plain data', () => {
    expect(ofKind(prod, 'Secret')).toEqual([]);
    const env = find(prod, 'Deployment', 'grafana').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-admin', key: 'password' } } });
  });

  it('keeps logs in an Elasticsearch StatefulSet with persistent storage and a disruption budget', () => {
    const elasticsearch = find(prod, 'StatefulSet', 'elasticsearch');
    expect(elasticsearch.spec.replicas).toBe(3);
    expect(elasticsearch.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('200Gi');
    expect(find(prod, 'Service', elasticsearch.spec.serviceName).spec.clusterIP).toBe('None');
    const budget = find(prod, 'PodDisruptionBudget', 'elasticsearch');
    expect(budget.spec).toEqual({ maxUnavailable: 1, selector: elasticsearch.spec.selector });
    const env = (objects: typeof prod) => find(objects, 'StatefulSet', 'elasticsearch').spec.template.spec.containers[0].env;
    expect(env(prod)).toContainEqual({ name: 'cluster.initial_master_nodes', value: 'elasticsearch-0,elasticsearch-1,elasticsearch-2' });
    expect(env(dev)).toContainEqual({ name: 'discovery.type', value: 'single-node' });
  });

  it('publishes Grafana, and only Grafana, through an Ingress', () => {
    const ingresses = ofKind(prod, 'Ingress');
    expect(ingresses.map((ingress) => ingress.metadata.name)).toEqual(['grafana']);
    expect(ingresses[0].spec.rules[0]).toEqual({
      host: 'grafana.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'grafana', port: { number: 80 } } } }] },
    });
    expect(ingresses[0].spec.tls).toEqual([{ hosts: ['grafana.example.com'], secretName: 'grafana-tls' }]);
    expect(find(dev, 'Ingress', 'grafana').spec.tls).toBeUndefined();
  });

  it('declares what Prometheus scrapes as ScrapeTargets of its own CRD, each naming a Service port of the app', () => {
    const definition = find(prod, 'CustomResourceDefinition', 'scrapetargets.monitoring.kubeforge.dev');
    expect(definition.spec.group).toBe('monitoring.kubeforge.dev');
    const targets = ofKind(prod, 'ScrapeTarget');
    expect(targets.map((target) => target.metadata.name)).toEqual(['grafana', 'prometheus']);
    const config = find(prod, 'ConfigMap', 'prometheus').data['prometheus.yml'];
    for (const target of targets) {
      expect(target.apiVersion).toBe('monitoring.kubeforge.dev/v1alpha1');
      const service = find(prod, 'Service', target.spec.service);
      expect(service.spec.ports.map((port: { name: string }) => port.name)).toContain(target.spec.port);
      // The scrape job of the target keeps exactly that Service's endpoints behind that port.
      expect(config).toContain(`job_name: observability/${target.spec.service}\n`);
      expect(config).toContain(`action: keep\n        regex: ${target.spec.service}\n      - source_labels: [__meta_kubernetes_endpoint_port_name]\n        action: keep\n        regex: ${target.spec.port}\n`);
    }
  });
});
