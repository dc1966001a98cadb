// Every rule: passes on a correct app, fails with the exact finding on a broken one, and is silenced by annotation.

import { describe, expect, it } from 'vitest';
import { ALL_RULES, projectForRules, RuleSession } from '../../lib/validate/rules';
import type { Finding } from '../../lib/validate/result';
import {
  check,
  configMap,
  container,
  cpuUtilization,
  cronJob,
  deployment,
  firstContainer,
  hpa,
  ignoring,
  ingress,
  job,
  Manifest,
  namespace,
  networkPolicy,
  pdb,
  podSpecOf,
  pvc,
  secret,
  service,
  serviceAccount,
  statefulSet,
} from './fixtures';

const CONTAINER = 'spec.template.spec.containers[0]';

interface RuleCase {
  readonly rule: string;
  /** Objects on which the rule reports nothing. */
  readonly pass: () => Manifest[];
  /** Objects on which the rule reports exactly `expected` (object position and path). */
  readonly fail: () => Manifest[];
  readonly expected: readonly { readonly object: number; readonly path: string }[];
}

function withContainer(change: (container: Manifest) => void, workload = deployment()): Manifest {
  change(firstContainer(workload));
  return workload;
}

function withPodSpec(change: (spec: Manifest) => void, workload = deployment()): Manifest {
  change(podSpecOf(workload));
  return workload;
}

const cases: RuleCase[] = [
  {
    rule: 'service-selector-matches-nothing',
    pass: () => [deployment('web'), service('web'), service('db', { type: 'ExternalName', selector: { app: 'db' } })],
    fail: () => [deployment('web'), service('web', { selector: { app: 'webb' } })],
    expected: [{ object: 1, path: 'spec.selector' }],
  },
  {
    rule: 'service-target-port-missing',
    pass: () => [deployment('web'), service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'alt', port: 8080 }] })],
    fail: () => [deployment('web'), service('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 'metrics' }] })],
    expected: [{ object: 1, path: 'spec.ports[1].targetPort' }],
  },
  {
    rule: 'ingress-backend-missing',
    pass: () => [deployment('web'), service('web'), ingress('web', { name: 'http' })],
    fail: () => [deployment('web'), service('web'), ingress('api', { number: 80 })],
    expected: [{ object: 2, path: 'spec.rules[0].http.paths[0].backend.service.name' }],
  },
  {
    rule: 'ingress-tls-secret-missing',
    pass: () => {
      const web = ingress();
      web.spec.tls = [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }];
      return [web, secret('shop-tls')];
    },
    fail: () => {
      const web = ingress();
      web.spec.tls = [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }];
      return [web];
    },
    expected: [{ object: 0, path: 'spec.tls[0].secretName' }],
  },
  {
    rule: 'hpa-target-missing',
    pass: () => [deployment('web'), hpa('web')],
    fail: () => [deployment('web'), hpa('webb')],
    expected: [{ object: 1, path: 'spec.scaleTargetRef.name' }],
  },
  {
    rule: 'hpa-cpu-without-requests',
    pass: () => [deployment('web'), hpa('web', [cpuUtilization('cpu'), cpuUtilization('memory')])],
    fail: () => [withContainer((app) => delete app.resources.requests.memory && delete app.resources.limits), hpa('web', [cpuUtilization('cpu'), cpuUtilization('memory')])],
    expected: [{ object: 1, path: 'spec.metrics[1]' }],
  },
  {
    rule: 'hpa-replicas-conflict',
    pass: () => {
      const web = deployment('web');
      delete web.spec.replicas;
      return [web, hpa('web'), deployment('api')];
    },
    fail: () => [deployment('web'), hpa('web')],
    expected: [{ object: 0, path: 'spec.replicas' }],
  },
  {
    rule: 'statefulset-service-missing',
    pass: () => [statefulSet('db'), service('db', { clusterIP: 'None' })],
    fail: () => [statefulSet('db'), service('db')],
    expected: [{ object: 0, path: 'spec.serviceName' }],
  },
  {
    rule: 'pdb-selects-nothing',
    pass: () => [deployment('web'), pdb({ app: 'web' })],
    fail: () => [deployment('web'), pdb({ app: 'api' })],
    expected: [{ object: 1, path: 'spec.selector' }],
  },
  {
    rule: 'pdb-blocks-eviction',
    pass: () => [deployment('web'), pdb({ app: 'web' }, { minAvailable: 1 })],
    fail: () => [deployment('web'), pdb({ app: 'web' }, { minAvailable: 2 })],
    expected: [{ object: 1, path: 'spec.minAvailable' }],
  },
  {
    rule: 'configmap-ref-missing',
    pass: () => [withContainer((app) => (app.envFrom = [{ configMapRef: { name: 'settings' } }])), configMap('settings')],
    fail: () => [withContainer((app) => (app.envFrom = [{ configMapRef: { name: 'settings' } }]))],
    expected: [{ object: 0, path: `${CONTAINER}.envFrom[0].configMapRef.name` }],
  },
  {
    rule: 'secret-ref-missing',
    pass: () => [withPodSpec((spec) => (spec.volumes = [{ name: 'creds', secret: { secretName: 'credentials' } }])), secret('credentials')],
    fail: () => [withPodSpec((spec) => (spec.volumes = [{ name: 'creds', secret: { secretName: 'credentials' } }]))],
    expected: [{ object: 0, path: 'spec.template.spec.volumes[0].secret.secretName' }],
  },
  {
    rule: 'pvc-ref-missing',
    pass: () => [withPodSpec((spec) => (spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }])), pvc('data')],
    fail: () => [withPodSpec((spec) => (spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }]))],
    expected: [{ object: 0, path: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName' }],
  },
  {
    rule: 'service-account-missing',
    pass: () => [withPodSpec((spec) => (spec.serviceAccountName = 'reader')), serviceAccount('reader'), withPodSpec((spec) => (spec.serviceAccountName = 'default'))],
    fail: () => [withPodSpec((spec) => (spec.serviceAccountName = 'reader'))],
    expected: [{ object: 0, path: 'spec.template.spec.serviceAccountName' }],
  },
  {
    rule: 'namespace-missing',
    pass: () => [namespace('shop'), configMap('settings', 'shop'), configMap('settings', 'kube-system'), configMap('other')],
    fail: () => [configMap('settings', 'shop')],
    expected: [{ object: 0, path: 'metadata.namespace' }],
  },
  {
    rule: 'network-policy-selects-nothing',
    pass: () => [deployment('web'), networkPolicy({ app: 'web' }), networkPolicy({})],
    fail: () => [deployment('web'), networkPolicy({ app: 'api' })],
    expected: [{ object: 1, path: 'spec.podSelector' }],
  },
  {
    rule: 'selector-mismatch',
    pass: () => [deployment('web'), statefulSet('db'), job()],
    fail: () => {
      const web = deployment('web');
      web.spec.selector.matchLabels = { app: 'web', tier: 'front' };
      return [web];
    },
    expected: [{ object: 0, path: 'spec.selector' }],
  },
  {
    rule: 'probe-port-missing',
    pass: () => [withContainer((app) => (app.startupProbe = { tcpSocket: { port: 8080 } }))],
    fail: () => [withContainer((app) => (app.livenessProbe = { httpGet: { path: '/healthz', port: 'health' } }))],
    expected: [{ object: 0, path: `${CONTAINER}.livenessProbe.httpGet.port` }],
  },
  {
    rule: 'invalid-name',
    pass: () => [configMap('app.settings-1'), service('web'), { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:reader' } }],
    fail: () => [configMap('App_Settings')],
    expected: [{ object: 0, path: 'metadata.name' }],
  },
  {
    rule: 'invalid-label',
    pass: () => {
      const settings = configMap();
      settings.metadata.labels = { 'app.kubernetes.io/name': 'shop', tier: '' };
      return [settings, deployment()];
    },
    fail: () => {
      const web = deployment();
      web.spec.template.metadata.labels.version = 'v1 beta';
      return [web];
    },
    expected: [{ object: 0, path: 'spec.template.metadata.labels.version' }],
  },
  {
    rule: 'invalid-annotation',
    pass: () => {
      const settings = configMap();
      settings.metadata.annotations = { 'Example.com/owner': 'team a', note: '' };
      return [settings];
    },
    fail: () => {
      const settings = configMap();
      settings.metadata.annotations = { 'owner team': 'a' };
      return [settings];
    },
    expected: [{ object: 0, path: 'metadata.annotations["owner team"]' }],
  },
  {
    rule: 'duplicate-env',
    pass: () => [
      configMap('settings'),
      withContainer((app) => {
        app.env = [{ name: 'LEVEL', value: '2' }];
        app.envFrom = [{ configMapRef: { name: 'settings' } }, { configMapRef: { name: 'settings' }, prefix: 'OTHER_' }];
      }),
      // Repeats within env are list-map-duplicate findings of the schema step, not this rule's.
      withContainer((app) => (app.env = [{ name: 'MODE', value: 'fast' }, { name: 'MODE', value: 'slow' }])),
    ],
    fail: () => [
      configMap('settings'),
      withContainer((app) => {
        app.env = [{ name: 'LEVEL', value: '2' }, { name: 'mode', value: 'slow' }];
        app.envFrom = [{ configMapRef: { name: 'settings' } }];
      }),
    ],
    expected: [{ object: 1, path: `${CONTAINER}.env[1].name` }],
  },
  {
    rule: 'duplicate-port',
    pass: () => [
      withContainer((app) => app.ports.push({ name: 'dns', containerPort: 8080, protocol: 'UDP' })),
      // A repeated containerPort/protocol is a list-map-duplicate finding of the schema step, not this rule's.
      withContainer((app) => app.ports.push({ name: 'http-alt', containerPort: 8080 })),
    ],
    fail: () => [withContainer((app) => app.ports.push({ name: 'http', containerPort: 9090 }))],
    expected: [{ object: 0, path: `${CONTAINER}.ports[1].name` }],
  },
  {
    rule: 'duplicate-container',
    pass: () => [
      withPodSpec((spec) => (spec.initContainers = [container('migrate')])),
      // Two containers named alike in one list are a list-map-duplicate finding of the schema step, not this rule's.
      withPodSpec((spec) => spec.containers.push(container('app'))),
    ],
    fail: () => [withPodSpec((spec) => (spec.initContainers = [container('app')]))],
    expected: [{ object: 0, path: 'spec.template.spec.initContainers[0].name' }],
  },
  {
    rule: 'image-tag-latest',
    pass: () => [withContainer((app) => (app.image = 'nginx:1.27.3')), withContainer((app) => (app.image = `nginx@${'sha256:' + 'b'.repeat(64)}`))],
    fail: () => [withContainer((app) => (app.image = 'registry.example.com:5000/nginx'))],
    expected: [{ object: 0, path: `${CONTAINER}.image` }],
  },
  {
    rule: 'image-no-digest',
    pass: () => [deployment()],
    fail: () => [withContainer((app) => (app.image = 'nginx:1.27.3'))],
    expected: [{ object: 0, path: `${CONTAINER}.image` }],
  },
  {
    rule: 'resources-missing',
    pass: () => [deployment(), withContainer((app) => (app.resources = { limits: { cpu: '1', memory: '1Gi' } }))],
    fail: () => [withContainer((app) => delete app.resources.limits)],
    expected: [{ object: 0, path: `${CONTAINER}.resources` }],
  },
  {
    rule: 'probes-missing',
    pass: () => [deployment(), withContainer((app) => delete app.livenessProbe, job())],
    fail: () => [withContainer((app) => delete app.readinessProbe)],
    expected: [{ object: 0, path: CONTAINER }],
  },
  {
    rule: 'privileged',
    pass: () => [withContainer((app) => (app.securityContext.privileged = false))],
    fail: () => [withContainer((app) => (app.securityContext.privileged = true))],
    expected: [{ object: 0, path: `${CONTAINER}.securityContext.privileged` }],
  },
  {
    rule: 'privilege-escalation',
    pass: () => [deployment()],
    fail: () => [withContainer((app) => delete app.securityContext.allowPrivilegeEscalation)],
    expected: [{ object: 0, path: `${CONTAINER}.securityContext.allowPrivilegeEscalation` }],
  },
  {
    rule: 'run-as-root',
    pass: () => [deployment(), withContainer((app) => (app.securityContext = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }), withPodSpec((spec) => (spec.securityContext = { runAsUser: 1000 })))],
    fail: () => [withContainer((app) => (app.securityContext.runAsUser = 0))],
    expected: [{ object: 0, path: `${CONTAINER}.securityContext.runAsUser` }],
  },
  ...(['hostNetwork', 'hostPID', 'hostIPC'] as const).map((field) => ({
    rule: { hostNetwork: 'host-network', hostPID: 'host-pid', hostIPC: 'host-ipc' }[field],
    pass: () => [withPodSpec((spec) => (spec[field] = false))],
    fail: () => [withPodSpec((spec) => (spec[field] = true))],
    expected: [{ object: 0, path: `spec.template.spec.${field}` }],
  })),
  {
    rule: 'host-path',
    pass: () => [withPodSpec((spec) => (spec.volumes = [{ name: 'cache', emptyDir: {} }]))],
    fail: () => [withPodSpec((spec) => (spec.volumes = [{ name: 'cache', emptyDir: {} }, { name: 'logs', hostPath: { path: '/var/log' } }]))],
    expected: [{ object: 0, path: 'spec.template.spec.volumes[1].hostPath' }],
  },
  {
    rule: 'docker-socket',
    pass: () => [withPodSpec((spec) => (spec.volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }]))],
    fail: () => [withPodSpec((spec) => (spec.volumes = [{ name: 'docker', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }]))],
    expected: [{ object: 0, path: 'spec.template.spec.volumes[0].hostPath.path' }],
  },
  {
    rule: 'dangerous-capabilities',
    pass: () => [withContainer((app) => (app.securityContext.capabilities.add = ['NET_BIND_SERVICE']))],
    fail: () => [withContainer((app) => (app.securityContext.capabilities.add = ['NET_BIND_SERVICE', 'CAP_SYS_ADMIN']))],
    expected: [{ object: 0, path: `${CONTAINER}.securityContext.capabilities.add[1]` }],
  },
  {
    rule: 'read-only-root-fs',
    pass: () => [deployment()],
    fail: () => [withContainer((app) => (app.securityContext.readOnlyRootFilesystem = false))],
    expected: [{ object: 0, path: `${CONTAINER}.securityContext.readOnlyRootFilesystem` }],
  },
  {
    rule: 'secret-in-env-literal',
    pass: () => [
      withContainer(
        (app) =>
          (app.env = [
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'credentials', key: 'password' } } },
            { name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' },
            { name: 'TOKEN_URL', value: 'https://auth.example.com/token' },
            { name: 'ADMIN_PASSWORD', value: '$(DB_PASSWORD)' },
          ]),
      ),
      secret('credentials'),
    ],
    fail: () => [withContainer((app) => (app.env = [{ name: 'MODE', value: 'fast' }, { name: 'githubToken', value: 'ghp_123' }]))],
    expected: [{ object: 0, path: `${CONTAINER}.env[1].value` }],
  },
  {
    rule: 'plaintext-secret',
    pass: () => [secret('credentials')],
    fail: () => [secret('credentials', { password: 'aHVudGVyMg==' })],
    expected: [{ object: 0, path: 'data' }],
  },
  {
    rule: 'deprecated-api',
    pass: () => [ingress(), hpa()],
    fail: () => [{ ...ingress(), apiVersion: 'extensions/v1beta1' }],
    expected: [{ object: 0, path: 'apiVersion' }],
  },
  {
    rule: 'job-ttl-missing',
    pass: () => [job()],
    fail: () => {
      const train = job();
      delete train.spec.ttlSecondsAfterFinished;
      return [train];
    },
    expected: [{ object: 0, path: 'spec.ttlSecondsAfterFinished' }],
  },
  {
    rule: 'cronjob-schedule-invalid',
    pass: () => [cronJob('nightly', '*/15 1-5,22 * JAN-MAR mon-fri'), cronJob('weekly', '@weekly')],
    fail: () => [cronJob('nightly', 'CRON_TZ=Europe/Berlin 0 2 * * *')],
    expected: [{ object: 0, path: 'spec.schedule' }],
  },
  {
    rule: 'cronjob-concurrency-missing',
    pass: () => [cronJob()],
    fail: () => {
      const nightly = cronJob();
      delete nightly.spec.concurrencyPolicy;
      return [nightly];
    },
    expected: [{ object: 0, path: 'spec.concurrencyPolicy' }],
  },
  {
    rule: 'replicas-single',
    pass: () => {
      const web = deployment('web');
      web.spec.replicas = 1;
      return [deployment('api'), web, hpa('web')];
    },
    fail: () => {
      const web = deployment('web');
      delete web.spec.replicas;
      return [web];
    },
    expected: [{ object: 0, path: 'spec.replicas' }],
  },
];

describe('rule cases', () => {
  it('cover every registered rule exactly once', () => {
    expect(cases.map((entry) => entry.rule).sort()).toEqual(ALL_RULES.map((rule) => rule.id).sort());
  });
});

describe.each(cases)('$rule', ({ rule, pass, fail, expected }) => {
  const severity = ALL_RULES.find((candidate) => candidate.id === rule)?.severity;

  it('passes on the correct objects', () => {
    const { findings } = check(pass());
    expect(findings.filter((finding) => finding.rule === rule || finding.rule === 'rule-crash')).toEqual([]);
  });

  it('fails with the exact finding', () => {
    const { findings } = check(fail());
    expect(findings.filter((finding) => finding.rule === 'rule-crash')).toEqual([]);
    const found = findings.filter((finding) => finding.rule === rule);
    expect(found.map(({ object, path }) => ({ object, path }))).toEqual(expected);
    for (const finding of found) {
      expect(finding.severity).toBe(severity);
      expect(finding.message.length).toBeGreaterThan(10);
      expect(finding.hint).toBeTruthy();
    }
  });

  it('is silenced by the ignore annotation and counted', () => {
    const manifests = fail();
    for (const { object } of expected) ignoring(manifests[object], `${rule} -- accepted for this test`);
    const { findings, silenced } = check(manifests);
    expect(findings.filter((finding) => finding.rule === rule)).toEqual([]);
    expect(silenced).toBe(expected.length);
  });

  it('is re-graded and turned off by configuration', () => {
    for (const setting of ['error', 'warning', 'info'] as const) {
      const found = check(fail(), { rules: { [rule]: setting } }).findings.filter((finding) => finding.rule === rule);
      expect(found).toHaveLength(expected.length);
      for (const finding of found) expect(finding.severity).toBe(setting);
    }
    expect(check(fail(), { rules: { [rule]: 'off' } }).findings.filter((finding) => finding.rule === rule)).toEqual([]);
  });

  it('finds the same in two phases (whole objects, then projections) as over whole objects', () => {
    for (const manifests of [pass(), fail()]) {
      const subjects = manifests.map((object, index) => ({ object, index }));
      const session = new RuleSession();
      const all = session.checkAll(subjects);
      const phased = new Map<number, Finding[]>();
      const objectPhase = session.checkObjects(subjects);
      const crossPhase = session.checkAcross(subjects.map(({ object, index }) => ({ object: projectForRules(object), index })));
      for (const outcome of [objectPhase, crossPhase]) for (const [index, list] of outcome.findings) phased.set(index, [...(phased.get(index) ?? []), ...list]);
      const sorted = (findings: Map<number, Finding[]>) => [...findings].flatMap(([index, list]) => list.map((finding) => `${index} ${finding.rule} ${finding.severity} ${finding.path} ${finding.message}`)).sort();
      expect(sorted(phased)).toEqual(sorted(all.findings));
      expect(objectPhase.silenced + crossPhase.silenced).toBe(all.silenced);
    }
  });
});
