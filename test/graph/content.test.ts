import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleApps, exampleEnvironments } from '../../apps';
import { graphFromPaths, graphFromProgram, type Graph } from '../../lib/graph';
import { defineProgram, settingsFrom } from '../../lib/synth';
import { validatePaths } from '../../lib/validate/run';

const FIXTURES = join(__dirname, 'fixtures');
const BROKEN = join(FIXTURES, 'broken.yaml');

/** `from -kind label-> to state rule`, one line per edge, in the graph's order. */
function edgeLines(graph: Graph): string[] {
  return graph.edges.map((edge) => `${edge.from} -${edge.kind}${edge.label ? ` ${edge.label}` : ''}-> ${edge.to} ${edge.state}${edge.rule ? ` ${edge.rule}` : ''}`);
}

const program = defineProgram({ environments: exampleEnvironments, apps: exampleApps });
const settings = settingsFrom({ kubeforge: { kubernetesVersion: '1.36' } });

function appGraph(app: string, environment = 'dev'): Graph {
  return graphFromProgram(program, { settings, outputLabel: 'dist', environment, apps: [app] });
}

describe('graph of manifests with broken references', () => {
  it('draws every link, and each broken one as the rule that reports it', async () => {
    const graph = await graphFromPaths({ paths: [BROKEN] });
    expect(edgeLines(graph)).toEqual([
      'Deployment.apps/shop/api -uses env-> external:Secret/shop/api-token external',
      'Deployment.apps/shop/web -uses envFrom-> ConfigMap/shop/web-settings ok',
      'Deployment.apps/shop/web -allows in 8080-> Deployment.apps/shop/api ok',
      'Deployment.apps/shop/web -runs-as-> ServiceAccount/shop/web ok',
      'Deployment.apps/shop/web -mounts-> missing:PersistentVolumeClaim/shop/web-data missing pvc-ref-missing',
      'Deployment.apps/shop/web -uses env-> missing:Secret/shop/db-credentials missing secret-ref-missing',
      'HorizontalPodAutoscaler.autoscaling/shop/worker -scales-> missing:Deployment/shop/worker missing hpa-target-missing',
      'Ingress.networking.k8s.io/shop/web -routes 8080-> Service/shop/api broken ingress-backend-missing',
      'Ingress.networking.k8s.io/shop/web -routes http-> Service/shop/web ok',
      'Ingress.networking.k8s.io/shop/web -tls-> missing:Secret/shop/web-tls missing ingress-tls-secret-missing',
      'Ingress.networking.k8s.io/shop/web -routes 80-> missing:Service/shop/legacy missing ingress-backend-missing',
      'NetworkPolicy.networking.k8s.io/shop/api -isolates-> Deployment.apps/shop/api ok',
      'PodDisruptionBudget.policy/shop/web -protects-> Deployment.apps/shop/web ok',
      'RoleBinding.rbac.authorization.k8s.io/shop/web-reads-pods -binds-> Role.rbac.authorization.k8s.io/shop/read-pods ok',
      'RoleBinding.rbac.authorization.k8s.io/shop/web-reads-pods -grants-> ServiceAccount/shop/web ok',
      'RoleBinding.rbac.authorization.k8s.io/shop/web-reads-pods -grants-> external:User/shop/alice external',
      'Service/shop/api -selects-> Deployment.apps/shop/api ok',
      'Service/shop/db -selects-> StatefulSet.apps/shop/db ok',
      'Service/shop/orphan -selects-> missing:Pod/shop/pods app=nobody missing service-selector-matches-nothing',
      'Service/shop/web -selects-> Deployment.apps/shop/web ok',
      'StatefulSet.apps/shop/db -headless-> Service/shop/db broken statefulset-service-missing',
    ]);
  });

  it('draws every object as a node, with file, line and findings', async () => {
    const graph = await graphFromPaths({ paths: [BROKEN] });
    const present = graph.nodes.filter((node) => node.state === 'present');
    expect(present).toHaveLength(16);
    const web = graph.nodes.find((node) => node.id === 'Deployment.apps/shop/web')!;
    expect(web).toMatchObject({ kind: 'Deployment', name: 'web', namespace: 'shop', line: 63 });
    expect(web.file).toContain('broken.yaml');
    expect(web.summary).toContain('container web: registry.example.com/web:1.0');
    expect(web.findings.map((finding) => finding.rule)).toEqual(expect.arrayContaining(['secret-ref-missing', 'pvc-ref-missing']));
    expect(graph.nodes.find((node) => node.id === 'missing:Secret/shop/db-credentials')).toMatchObject({ state: 'missing', kind: 'Secret', name: 'db-credentials' });
  });

  it('agrees with validate: every reference finding is a broken link, and every broken link is a finding', async () => {
    const report = await validatePaths({ paths: [BROKEN] });
    const graph = await graphFromPaths({ paths: [BROKEN] });
    const linkRules = new Set(['configmap-ref-missing', 'secret-ref-missing', 'pvc-ref-missing', 'service-account-missing', 'hpa-target-missing', 'ingress-backend-missing', 'ingress-tls-secret-missing', 'service-selector-matches-nothing', 'statefulset-service-missing', 'pdb-selects-nothing', 'network-policy-selects-nothing']);
    const reported = report.results.flatMap((result) => result.findings.filter((finding) => linkRules.has(finding.rule)).map((finding) => `${result.kind}/${result.name} ${finding.rule}`));
    const nameOf = (id: string) => id.split('/').pop();
    const drawn = graph.edges.filter((edge) => edge.rule !== undefined).map((edge) => `${edge.from.split('.')[0].split('/')[0]}/${nameOf(edge.from)} ${edge.rule}`);
    expect(drawn.sort()).toEqual(reported.sort());
  });

  it('draws a link as external, not missing, when the rule that would report it is off', async () => {
    const graph = await graphFromPaths({ paths: [BROKEN], rules: { rules: { 'secret-ref-missing': 'off' } } });
    expect(edgeLines(graph)).toContain('Deployment.apps/shop/web -uses env-> external:Secret/shop/db-credentials external');
    expect(graph.edges.some((edge) => edge.rule === 'secret-ref-missing')).toBe(false);
  });

  it('links a custom resource to the workload it owns', async () => {
    const graph = await graphFromPaths({ paths: [join(FIXTURES, 'owners.yaml')] });
    expect(edgeLines(graph)).toEqual([
      'Cache.example.com/default/sessions -owns-> Deployment.apps/default/sessions-cache ok',
      'Service/default/sessions -selects-> Deployment.apps/default/sessions-cache ok',
    ]);
  });

  it('draws an object the reader could not keep, without links', async () => {
    const graph = await graphFromPaths({ paths: ['-'], stdin: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\n' });
    expect(graph.nodes).toHaveLength(1);
    expect(graph.nodes[0]).toMatchObject({ id: 'Widget.example.com/default/w', state: 'present' });
    expect(graph.nodes[0].findings[0].rule).toBe('unknown-kind');
  });
});

describe('graph of the example apps', () => {
  it('kube-alive: Services select their Deployments, the HPA scales cpuhog, the RoleBinding grants the frontend account', () => {
    expect(edgeLines(appGraph('kube-alive'))).toEqual([
      'Deployment.apps/kube-alive/frontend -runs-as-> ServiceAccount/kube-alive/frontend ok',
      'HorizontalPodAutoscaler.autoscaling/kube-alive/cpuhog -scales-> Deployment.apps/kube-alive/cpuhog ok',
      'RoleBinding.rbac.authorization.k8s.io/kube-alive/frontend-pod-reader -binds-> Role.rbac.authorization.k8s.io/kube-alive/frontend-pod-reader ok',
      'RoleBinding.rbac.authorization.k8s.io/kube-alive/frontend-pod-reader -grants-> ServiceAccount/kube-alive/frontend ok',
      'Service/kube-alive/cpuhog -selects-> Deployment.apps/kube-alive/cpuhog ok',
      'Service/kube-alive/frontend -selects-> Deployment.apps/kube-alive/frontend ok',
      'Service/kube-alive/getip -selects-> Deployment.apps/kube-alive/getip ok',
      'Service/kube-alive/healthcheck -selects-> Deployment.apps/kube-alive/healthcheck ok',
      'Service/kube-alive/incver -selects-> Deployment.apps/kube-alive/incver ok',
    ]);
  });

  it('ml-model: the Ingress reaches the UI, the UI may call the server, training shares settings and artifacts', () => {
    const graph = appGraph('ml-model');
    const lines = edgeLines(graph).map((line) => line.replace(/train-model-[a-z0-9-]+/, 'train-model-*'));
    expect(lines).toEqual([
      'CronJob.batch/ml-model/retrain-model -uses envFrom-> ConfigMap/ml-model/model-settings ok',
      'CronJob.batch/ml-model/retrain-model -mounts-> PersistentVolumeClaim/ml-model/model-artifacts ok',
      'Deployment.apps/ml-model/model-server -uses envFrom-> ConfigMap/ml-model/model-settings ok',
      'Deployment.apps/ml-model/model-server -mounts-> PersistentVolumeClaim/ml-model/model-artifacts ok',
      'Deployment.apps/ml-model/model-ui -allows in http-> Deployment.apps/ml-model/model-server ok',
      'HorizontalPodAutoscaler.autoscaling/ml-model/model-server -scales-> Deployment.apps/ml-model/model-server ok',
      'Ingress.networking.k8s.io/ml-model/model-ui -routes 80-> Service/ml-model/model-ui ok',
      'Job.batch/ml-model/train-model-* -uses envFrom-> ConfigMap/ml-model/model-settings ok',
      'Job.batch/ml-model/train-model-* -mounts-> PersistentVolumeClaim/ml-model/model-artifacts ok',
      'NetworkPolicy.networking.k8s.io/ml-model/model-server -isolates-> Deployment.apps/ml-model/model-server ok',
      'PodDisruptionBudget.policy/ml-model/model-server -protects-> Deployment.apps/ml-model/model-server ok',
      'Service/ml-model/model-server -selects-> Deployment.apps/ml-model/model-server ok',
      'Service/ml-model/model-ui -selects-> Deployment.apps/ml-model/model-ui ok',
    ]);
    expect(graph.nodes.every((node) => node.app === 'ml-model')).toBe(true);
  });

  it('redis: the StatefulSet has its headless Service; a silenced selector and an external Secret are drawn as outside the input', () => {
    const lines = edgeLines(appGraph('redis'));
    expect(lines).toContain('StatefulSet.apps/redis/redis -headless-> Service/redis/redis-headless ok');
    expect(lines).toContain('PodDisruptionBudget.policy/redis/redis -protects-> StatefulSet.apps/redis/redis ok');
    expect(lines).toContain('StatefulSet.apps/redis/redis -uses env-> external:Secret/redis/redis-auth external');
    expect(lines.filter((line) => line.startsWith('Service/redis/redis -selects->'))).toEqual([
      'Service/redis/redis -selects-> external:Pod/redis/pods app.kubernetes.io/instance=redis,app.kubernetes.io/name=redis,statefulset.kubernetes.io/pod-name=redis-0 external',
    ]);
  });

  it('observability: the cluster-wide binding grants the Prometheus account, each store has its headless Service', () => {
    const lines = edgeLines(appGraph('observability'));
    expect(lines).toContain('ClusterRoleBinding.rbac.authorization.k8s.io//observability-prometheus -grants-> ServiceAccount/observability/prometheus ok');
    expect(lines).toContain('StatefulSet.apps/observability/prometheus -headless-> Service/observability/prometheus-headless ok');
    expect(lines).toContain('StatefulSet.apps/observability/elasticsearch -headless-> Service/observability/elasticsearch-headless ok');
    expect(lines).toContain('Ingress.networking.k8s.io/observability/grafana -routes 80-> Service/observability/grafana ok');
  });

  it('php-nginx: one pod with two ConfigMaps, behind a Service and an Ingress', () => {
    expect(edgeLines(appGraph('php-nginx'))).toEqual([
      'Deployment.apps/php-nginx/php-nginx -uses volume-> ConfigMap/php-nginx/php-fpm-pool ok',
      'Deployment.apps/php-nginx/php-nginx -uses volume-> ConfigMap/php-nginx/php-nginx-site ok',
      'Ingress.networking.k8s.io/php-nginx/php-nginx -routes 80-> Service/php-nginx/php-nginx ok',
      'PodDisruptionBudget.policy/php-nginx/php-nginx -protects-> Deployment.apps/php-nginx/php-nginx ok',
      'Service/php-nginx/php-nginx -selects-> Deployment.apps/php-nginx/php-nginx ok',
    ]);
  });

  it('no example app has a missing or broken link, in dev or prod', () => {
    for (const environment of ['dev', 'prod']) {
      const graph = graphFromProgram(program, { settings, outputLabel: 'dist', environment });
      expect(graph.edges.filter((edge) => edge.state === 'missing' || edge.state === 'broken'), environment).toEqual([]);
      expect(new Set(graph.nodes.map((node) => node.app))).toEqual(new Set(['kube-alive', 'ml-model', 'observability', 'php-nginx', 'platform', 'redis']));
    }
  });

  it('draws the committed dist/ the same as the program renders it', async () => {
    const fromFiles = await graphFromPaths({ paths: [join(__dirname, '..', '..', 'dist', 'dev', 'kube-alive')] });
    expect(edgeLines(fromFiles)).toEqual(edgeLines(appGraph('kube-alive')));
  });
});
