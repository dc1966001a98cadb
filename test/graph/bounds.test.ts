import { describe, expect, it } from 'vitest';
import { buildGraph, graphToHtml, type GraphSubject } from '../../lib/graph';

function workload(name: string, extra: Record<string, unknown> = {}): GraphSubject {
  return {
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'big' },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name, tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'registry.example.com/c:1', ...extra }] } } },
    },
    findings: [],
  };
}

describe('graph bounds on big or hostile input', () => {
  it('draws 5,000 workloads that share one ConfigMap (one huge component) without running the layered layout on it', () => {
    const subjects = [{ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared', namespace: 'big' } }, findings: [] }];
    for (let index = 0; index < 5000; index++) subjects.push(workload(`w${index}`, { envFrom: [{ configMapRef: { name: 'shared' } }] }));
    const graph = buildGraph(subjects);
    expect(graph.edges).toHaveLength(5000);
    const html = graphToHtml(graph);
    expect(html.match(/<g class="kf-node /g)).toHaveLength(5001);
    expect(html).toContain('"startExpanded":false');
  }, 30_000);

  it('links an allow rule with too many workload pairs through its NetworkPolicy instead of every pair', () => {
    const subjects: GraphSubject[] = [];
    for (let index = 0; index < 100; index++) subjects.push(workload(`w${index}`));
    subjects.push({
      object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'big' }, spec: { podSelector: { matchLabels: { tier: 'web' } }, ingress: [{ from: [{ podSelector: {} }] }] } },
      findings: [],
    });
    const graph = buildGraph(subjects);
    const allows = graph.edges.filter((edge) => edge.kind === 'allows');
    expect(allows).toHaveLength(100);
    expect(allows.every((edge) => edge.to === 'NetworkPolicy.networking.k8s.io/big/web')).toBe(true);
    expect(graph.edges.filter((edge) => edge.kind === 'isolates')).toHaveLength(100);
  });

  it('draws objects with missing or mistyped fields without throwing', () => {
    const odd: GraphSubject[] = [
      { object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'x' }, spec: { selector: 'app=web', ports: 'all' } }, findings: [] },
      { object: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'x' }, spec: { rules: [null, { http: { paths: [{ backend: { service: { name: 7 } } }] } }], tls: 'yes' } }, findings: [] },
      { object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'x' }, roleRef: null, subjects: [1, { kind: 'User' }] }, findings: [] },
      { object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'x', ownerReferences: 'me' }, spec: { template: { spec: { volumes: [{ configMap: {} }], containers: 'c' } } } }, findings: [] },
      { object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'x' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }, 'x'] }], egress: 'none' } }, findings: [] },
      { object: { kind: 'Deployment' }, findings: [] },
    ];
    const graph = buildGraph(odd);
    expect(graph.nodes.filter((node) => node.state === 'present').map((node) => node.name).sort()).toEqual(['b', 'd', 'i', 'n', 's']);
    expect(() => graphToHtml(graph)).not.toThrow();
  });
});
