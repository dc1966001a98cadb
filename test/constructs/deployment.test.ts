import { Duration, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { ConfigMap, Cpu, Deployment, DeploymentStrategy, EnvFrom, EnvValue, PercentOrAbsolute, Probe, Secret, Volume } from '../../lib';
import { find, newChart, problemsOf, synth } from './helpers';

describe('Deployment', () => {
  it('renders name, namespace, standard labels and a selector of stable labels only', () => {
    const chart = newChart();
    new Deployment(chart, 'api', { app: 'shop', component: 'backend', partOf: 'store', containers: [{ image: 'api:1.4.2' }] });
    const deployment = find(synth(chart), 'Deployment');
    expect(deployment.metadata.name).toBe('api');
    expect(deployment.metadata.namespace).toBe('shop');
    expect(deployment.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'shop',
      'app.kubernetes.io/instance': 'api',
      'app.kubernetes.io/component': 'backend',
      'app.kubernetes.io/part-of': 'store',
      'app.kubernetes.io/managed-by': 'kubeforge',
    });
    expect(deployment.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'api' } });
    expect(deployment.spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/name': 'shop',
      'app.kubernetes.io/instance': 'api',
      'app.kubernetes.io/component': 'backend',
      'app.kubernetes.io/part-of': 'store',
    });
  });

  it('keeps names and selectors when the construct moves in the tree', () => {
    const flat = newChart();
    new Deployment(flat, 'api', { containers: [{ image: 'api:1' }] });
    const nested = newChart();
    new Deployment(new Construct(new Construct(nested, 'team'), 'backend'), 'api', { containers: [{ image: 'api:1' }] });
    const [a, b] = [find(synth(flat), 'Deployment'), find(synth(nested), 'Deployment')];
    expect(b.metadata.name).toBe(a.metadata.name);
    expect(b.spec.selector).toEqual(a.spec.selector);
  });

  it('renders replicas, strategy and rollout settings', () => {
    const chart = newChart();
    new Deployment(chart, 'web', {
      replicas: 10,
      strategy: DeploymentStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.percent(50), maxUnavailable: PercentOrAbsolute.absolute(0) }),
      minReady: Duration.seconds(10),
      revisionHistoryLimit: 5,
      progressDeadline: Duration.minutes(5),
      containers: [{ image: 'web:2' }],
    });
    const spec = find(synth(chart), 'Deployment').spec;
    expect(spec.replicas).toBe(10);
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 0 } });
    expect(spec.minReadySeconds).toBe(10);
    expect(spec.revisionHistoryLimit).toBe(5);
    expect(spec.progressDeadlineSeconds).toBe(300);

    const recreate = newChart();
    new Deployment(recreate, 'db-migrator', { strategy: DeploymentStrategy.recreate(), containers: [{ image: 'm:1' }] });
    expect(find(synth(recreate), 'Deployment').spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('renders containers: command, env from every source, ports, probes, mounts, resources, lifecycle', () => {
    const chart = newChart();
    const config = new ConfigMap(chart, 'settings', { data: { LOG_LEVEL: 'info' } });
    const secret = Secret.fromName('db-credentials');
    const deployment = new Deployment(chart, 'model', { containers: [] });
    const data = Volume.emptyDir('scratch');
    deployment.addContainer({
      image: 'registry.example.com/ml/model-server:0.9.1',
      command: ['serve'],
      args: ['--port', '8501'],
      workingDir: '/srv',
      env: {
        MODE: 'rest',
        LOG_LEVEL: EnvValue.fromConfigMap(config, 'LOG_LEVEL'),
        DB_PASSWORD: EnvValue.fromSecret(secret, 'password'),
        POD_NAME: EnvValue.fromField('metadata.name'),
        MEMORY_LIMIT: EnvValue.fromResource('limits.memory'),
      },
      envFrom: [EnvFrom.configMap(config, { prefix: 'CFG_' })],
      ports: [{ name: 'http', number: 8501 }, { name: 'grpc', number: 8500 }],
      resources: { cpu: { request: Cpu.cores(2) }, extended: { 'nvidia.com/gpu': 1 } },
      liveness: Probe.tcp('http', { period: Duration.seconds(20) }),
      readiness: Probe.http('/v1/models', 'http', { initialDelay: Duration.seconds(5) }),
      startup: Probe.grpc(8500),
      volumeMounts: [{ path: '/tmp', volume: data }],
      lifecycle: { preStop: { sleep: { seconds: 5 } } },
    });
    deployment.containers[0].mount('/etc/model', Volume.fromConfigMap('config', config), { readOnly: true, subPath: 'model' });
    const pod = find(synth(chart), 'Deployment').spec.template;
    const container = pod.spec.containers[0];
    expect(container.name).toBe('model');
    expect(container.env.map((env: any) => env.name)).toEqual(['MODE', 'LOG_LEVEL', 'DB_PASSWORD', 'POD_NAME', 'MEMORY_LIMIT']);
    expect(container.env[2]).toEqual({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } });
    expect(container.envFrom).toEqual([{ prefix: 'CFG_', configMapRef: { name: 'settings' } }]);
    expect(container.resources).toEqual({ requests: { cpu: '2', memory: '128Mi' }, limits: { memory: '512Mi', 'nvidia.com/gpu': 1 } });
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 20 });
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/v1/models', port: 'http' }, initialDelaySeconds: 5 });
    expect(container.startupProbe).toEqual({ grpc: { port: 8500 } });
    expect(container.volumeMounts).toEqual([
      { name: 'scratch', mountPath: '/tmp' },
      { name: 'config', mountPath: '/etc/model', readOnly: true, subPath: 'model' },
    ]);
    expect(pod.spec.volumes).toEqual([{ name: 'scratch', emptyDir: {} }, { name: 'config', configMap: { name: 'settings' } }]);
  });

  it('renders init containers and native sidecars sharing a volume (PHP + nginx)', () => {
    const chart = newChart();
    const code = Volume.emptyDir('code');
    new Deployment(chart, 'php', {
      containers: [
        { name: 'nginx', image: 'nginx:1.27', ports: [{ name: 'http', number: 80 }], volumeMounts: [{ path: '/code', volume: code }], securityContext: { runAsNonRoot: false } },
        { name: 'php', image: 'php:8.3-fpm', volumeMounts: [{ path: '/code', volume: code }] },
      ],
      initContainers: [{ name: 'install', image: 'busybox:1.36', command: ['sh', '-c', 'cp -r /src/. /code'], volumeMounts: [{ path: '/code', volume: code }] }],
      sidecars: [{ name: 'log-shipper', image: 'fluent-bit:3.1' }],
    });
    const spec = find(synth(chart), 'Deployment').spec.template.spec;
    expect(spec.containers.map((c: any) => c.name)).toEqual(['nginx', 'php']);
    expect(spec.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['install', undefined], ['log-shipper', 'Always']]);
    expect(spec.volumes).toEqual([{ name: 'code', emptyDir: {} }]);
  });

  it('renders scheduling: node selector, anti-affinity, topology spread, tolerations, grace, priority, pull secrets', () => {
    const chart = newChart();
    new Deployment(chart, 'web', {
      containers: [{ image: 'web:1' }],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      spreadAcrossNodes: 'preferred',
      topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone' }],
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
      terminationGracePeriod: Duration.seconds(45),
      priorityClassName: 'high',
      imagePullSecrets: ['registry'],
    });
    const spec = find(synth(chart), 'Deployment').spec.template.spec;
    const selector = { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } };
    expect(spec.affinity).toEqual({
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: selector, topologyKey: 'kubernetes.io/hostname' } }] },
    });
    expect(spec.topologySpreadConstraints).toEqual([{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector }]);
    expect(spec.terminationGracePeriodSeconds).toBe(45);
    expect(spec.priorityClassName).toBe('high');
    expect(spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
  });

  it('stays mutable until synth', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'web:1' }] });
    const service = web.exposeViaService();
    web.containers[0].addPort({ name: 'http', number: 8080 }).addEnv('LATE', 'yes');
    const objects = synth(chart);
    expect(find(objects, 'Deployment').spec.template.spec.containers[0].env).toEqual([{ name: 'LATE', value: 'yes' }]);
    expect(find(objects, 'Service').spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    expect(service.ports).toHaveLength(1);
  });

  it('applies typed overrides and JSON patches after rendering without dropping fields', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'web:1', ports: [{ name: 'http', number: 8080 }] }] });
    web.override({ spec: { template: { spec: { containers: [{ name: 'web', stdin: true }], hostNetwork: true } } } });
    web.override({ spec: { revisionHistoryLimit: null } });
    web.addJsonPatch(JsonPatch.add('/spec/paused', true));
    const spec = find(synth(chart), 'Deployment').spec;
    expect(spec.template.spec.hostNetwork).toBe(true);
    expect(spec.template.spec.containers[0]).toMatchObject({ name: 'web', image: 'web:1', stdin: true, ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }] });
    expect(spec.revisionHistoryLimit).toBeUndefined();
    expect(spec.paused).toBe(true);
  });

  it('fails with every problem at once, naming construct, object, field and fix', () => {
    const chart = newChart();
    new Deployment(chart, 'Web_App', {
      replicas: -1,
      containers: [
        { name: 'api', image: 'api', ports: [{ name: 'http', number: 70000 }], readiness: Probe.http('/ready', 'metrics') },
        { name: 'api', image: 'api:latest' },
      ],
    });
    const problems = problemsOf(chart);
    const expected = [
      'metadata.name: "Web_App" is not a DNS-1123 subdomain',
      'spec.replicas: replicas is -1',
      'spec.template.spec.containers[0].image: image "api" has no tag',
      'spec.template.spec.containers[0].ports[0].containerPort: port 70000 is outside 1-65535; use a port between 1 and 65535',
      'spec.template.spec.containers[0].readinessProbe: the readiness probe uses port "metrics", which container "api" does not declare',
      'spec.template.spec.containers[1].name: container name "api" is also used by spec.template.spec.containers[0]',
      'spec.template.spec.containers[1].image: image "api:latest" uses the mutable tag latest',
    ];
    for (const text of expected) expect(problems.some((problem) => problem.includes(text)), text).toBe(true);
    expect(problems.every((problem) => problem.startsWith('Deployment "Web_App" (construct test/Web_App): '))).toBe(true);
    expect(() => synth(chart)).toThrow(/Validation failed with the following errors/);
  });

  it('fails when the name is too long to be a selector label value', () => {
    const chart = newChart();
    new Deployment(chart, 'w'.repeat(70), { containers: [{ image: 'web:1' }] });
    expect(problemsOf(chart).join('\n')).toContain('metadata.labels: the selector label value "' + 'w'.repeat(70) + '" must be at most 63 characters');
  });

  it('fails when a second main container has no name or the pod has no container', () => {
    const chart = newChart();
    new Deployment(chart, 'empty');
    new Deployment(chart, 'two', { containers: [{ image: 'a:1' }, { image: 'b:1' }] });
    const problems = problemsOf(chart).join('\n');
    expect(problems).toContain('Deployment "empty" (construct test/empty): spec.template.spec.containers: the pod has no containers');
    expect(problems).toContain('Deployment "two" (construct test/two): spec.template.spec.containers[1].name: the container has no name');
  });
});
