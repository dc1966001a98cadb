import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ByteSize,
  ClusterRole,
  ConfigMap,
  Deployment,
  Namespace,
  NetworkPeer,
  NetworkPolicy,
  PersistentVolumeClaim,
  Role,
  Secret,
  ServiceAccount,
  Volume,
} from '../../lib';
import { find, newChart, problemsOf, synth } from './helpers';

describe('ConfigMap', () => {
  it('renders literals, files and binary data with sorted keys, and immutability', () => {
    const folder = mkdtempSync(join(tmpdir(), 'kubeforge-config-'));
    writeFileSync(join(folder, 'nginx.conf'), 'server { listen 8080; }\n');
    writeFileSync(join(folder, 'logo.bin'), Buffer.from([0xff, 0xfe, 0x00]));
    const chart = newChart();
    const config = new ConfigMap(chart, 'nginx', { data: { 'z-last': 'on', 'a-first': 'yes' }, immutable: true });
    config.addFile(join(folder, 'nginx.conf')).addFile(join(folder, 'logo.bin'));
    const object = find(synth(chart), 'ConfigMap');
    expect(Object.keys(object.data)).toEqual(['a-first', 'nginx.conf', 'z-last']);
    expect(object.data['nginx.conf']).toBe('server { listen 8080; }\n');
    expect(object.binaryData).toEqual({ 'logo.bin': '//4A' });
    expect(object.immutable).toBe(true);
  });

  it('fails on bad keys', () => {
    const chart = newChart();
    new ConfigMap(chart, 'bad', { data: { 'not/ok': 'x' } });
    expect(problemsOf(chart)).toEqual(['ConfigMap "bad" (construct test/bad): data.not/ok: key "not/ok" may only contain letters, digits, "-", "_" and "."; rename the key']);
  });
});

describe('Secret references', () => {
  it('references existing secrets without rendering them', () => {
    const chart = newChart();
    const tls = Secret.fromName('shop-tls');
    new Deployment(chart, 'web', { containers: [{ image: 'web:1', volumeMounts: [{ path: '/tls', volume: Volume.fromSecret('tls', tls, { defaultMode: 0o400 }) }] }] });
    const objects = synth(chart);
    expect(objects.filter((object) => object.kind === 'Secret')).toHaveLength(0);
    expect(find(objects, 'Deployment').spec.template.spec.volumes).toEqual([{ name: 'tls', secret: { secretName: 'shop-tls', defaultMode: 0o400 } }]);
    expect(find(objects, 'Deployment').spec.template.metadata.annotations).toBeUndefined();
  });
});

describe('ServiceAccount and RBAC', () => {
  it('grants read-only access to pods in one namespace (kube-alive frontend)', () => {
    const chart = newChart();
    const account = new ServiceAccount(chart, 'frontend-account', { name: 'frontend', imagePullSecrets: ['registry'] });
    const role = new Role(chart, 'pod-reader').allowRead('pods');
    role.grant(account);
    new Deployment(chart, 'frontend', { serviceAccount: account, containers: [{ image: 'nginx:1.27' }] });
    const objects = synth(chart);
    expect(find(objects, 'ServiceAccount').imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(find(objects, 'Role').rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = find(objects, 'RoleBinding');
    expect(binding.metadata).toMatchObject({ name: 'pod-reader', namespace: 'shop' });
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'frontend', namespace: 'shop' }]);
  });

  it('renders ClusterRole and ClusterRoleBinding without a namespace', () => {
    const chart = newChart();
    const role = new ClusterRole(chart, 'metrics-reader', { rules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }] }).allowRead('nodes', 'deployments');
    role.grant(ServiceAccount.fromName('prometheus', 'monitoring'), { kind: 'Group', name: 'sre' });
    const objects = synth(chart);
    const clusterRole = find(objects, 'ClusterRole');
    expect(clusterRole.metadata.namespace).toBeUndefined();
    expect(clusterRole.rules[1]).toEqual({ apiGroups: ['', 'apps'], resources: ['nodes', 'deployments'], verbs: ['get', 'list', 'watch'] });
    const binding = find(objects, 'ClusterRoleBinding');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
      { kind: 'Group', name: 'sre', apiGroup: 'rbac.authorization.k8s.io' },
    ]);
  });

  it('fails on unknown API groups, non-resource URLs in a Role and service accounts without namespace', () => {
    const chart = newChart();
    new Role(chart, 'odd', { rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] }).allow(['get'], ['widgets']).grant({ kind: 'User', name: 'jane' });
    new ClusterRole(chart, 'wide').allowRead('pods').grant(ServiceAccount.fromName('agent'));
    const problems = problemsOf(chart).join('\n');
    expect(problems).toContain('Role "odd" (construct test/odd): rules[1].apiGroups: the API group of widgets is not known; pass `apiGroups` explicitly');
    expect(problems).toContain('rules[0].nonResourceURLs: a Role cannot grant non-resource URLs; use a ClusterRole');
    expect(problems).toContain('ClusterRoleBinding "wide" (construct test/wide/binding): subjects[0].namespace: service account "agent" has no namespace');
  });
});

describe('Namespace', () => {
  it('never carries a namespace, even in a chart with one', () => {
    const chart = newChart({ namespace: 'shop' });
    new Namespace(chart, 'shop', { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } });
    const namespace = find(synth(chart), 'Namespace');
    expect(namespace.metadata.namespace).toBeUndefined();
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('fails on names that are not DNS labels and bad labels', () => {
    const chart = newChart();
    new Namespace(chart, 'team.a', { labels: { 'bad key!': 'x' } });
    const problems = problemsOf(chart).join('\n');
    expect(problems).toContain('Namespace "team.a" (construct test/team.a): metadata.name: "team.a" is not a DNS-1123 label');
    expect(problems).toContain('metadata.labels: label key "bad key!"');
  });
});

describe('PersistentVolumeClaim', () => {
  it('renders size, access modes and class, and mounts by claim', () => {
    const chart = newChart();
    const claim = new PersistentVolumeClaim(chart, 'grafana-data', { storage: ByteSize.gibibytes(5), accessModes: ['ReadWriteOnce'], storageClassName: 'standard' });
    new Deployment(chart, 'grafana', { containers: [{ image: 'grafana/grafana:11.2.0', volumeMounts: [{ path: '/var/lib/grafana', volume: Volume.fromClaim('data', claim) }] }] });
    const objects = synth(chart);
    expect(find(objects, 'PersistentVolumeClaim').spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, storageClassName: 'standard' });
    expect(find(objects, 'Deployment').spec.template.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'grafana-data' } }]);
  });

  it('defaults to ReadWriteOnce', () => {
    const chart = newChart();
    new PersistentVolumeClaim(chart, 'scratch', { storage: ByteSize.mebibytes(512) });
    expect(find(synth(chart), 'PersistentVolumeClaim').spec.accessModes).toEqual(['ReadWriteOnce']);
  });
});

describe('NetworkPolicy', () => {
  it('allows ingress from one workload and egress to another, across namespaces', () => {
    const chart = newChart();
    const api = new Deployment(chart, 'api', { containers: [{ image: 'api:1', ports: [{ name: 'http', number: 8080 }] }] });
    const ui = new Deployment(chart, 'ui', { containers: [{ image: 'ui:1' }] });
    const db = new Deployment(chart, 'db', { namespace: 'data', containers: [{ image: 'postgres:16.4' }] });
    new NetworkPolicy(chart, 'api-traffic', { selector: api })
      .allowFrom(ui, { port: 'http' })
      .allowFrom(NetworkPeer.namespace('monitoring'), { port: 9090 })
      .allowTo(db, { port: 5432 })
      .allowTo(NetworkPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16']));
    const spec = find(synth(chart), 'NetworkPolicy').spec;
    expect(spec.podSelector).toEqual({ matchLabels: api.selectorLabels });
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: ui.selectorLabels } }], ports: [{ port: 'http', protocol: 'TCP' }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 9090, protocol: 'TCP' }] },
    ]);
    expect(spec.egress).toEqual([
      { to: [{ podSelector: { matchLabels: db.selectorLabels }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }], ports: [{ port: 5432, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] },
    ]);
  });

  it('denies all ingress of the namespace by default', () => {
    const chart = newChart();
    new NetworkPolicy(chart, 'default-deny');
    expect(find(synth(chart), 'NetworkPolicy').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
  });
});
