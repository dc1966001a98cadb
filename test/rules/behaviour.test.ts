// The finer points of the rules, pinned one behaviour per test.

import { describe, expect, it } from 'vitest';
import { EXTERNAL_REFS_ANNOTATION } from '../../lib/validate/rules';
import { cronScheduleProblem, timeZoneProblem } from '../../lib/validate/rules/cron';
import {
  check,
  configMap,
  container,
  cronJob,
  deployment,
  firstContainer,
  hpa,
  ingress,
  Manifest,
  namespace,
  pdb,
  podSpecOf,
  secret,
  service,
  statefulSet,
} from './fixtures';

function findingsOf(rule: string, manifests: Manifest[], options?: { kubernetesVersion?: string }) {
  return check(manifests, {}, options).findings.filter((finding) => finding.rule === rule);
}

function external(manifest: Manifest, refs: string): Manifest {
  manifest.metadata.annotations = { ...(manifest.metadata.annotations ?? {}), [EXTERNAL_REFS_ANNOTATION]: refs };
  return manifest;
}

describe('cron schedules', () => {
  it.each([
    '* * * * *',
    '0 0 * * 0',
    '0 0 1 1 *',
    '5/15 * * * *',
    '0-59/5 0-23 1-31 1-12 0-6',
    '0 9 * * MON-FRI',
    '0 9 * jan,Jul sun',
    '0  9   * * *',
    '0 9 ? * *',
    '0 0 29 2 *',
    '@hourly',
    '@daily',
    '@midnight',
    '@weekly',
    '@monthly',
    '@yearly',
    '@annually',
    '@every 1h30m',
  ])('passes when the schedule is "%s"', (schedule) => {
    expect(cronScheduleProblem(schedule)).toBeUndefined();
  });

  it.each([
    ['60 * * * *', 'minute: 60 is above the maximum 59'],
    ['* 24 * * *', 'hour: 24 is above the maximum 23'],
    ['* * 0 * *', 'day of month: 0 is below the minimum 1'],
    ['* * * 13 *', 'month: 13 is above the maximum 12'],
    ['* * * * 7', 'day of week: 7 is above the maximum 6'],
    ['* * * * MONDAY', 'day of week: "MONDAY" is not a number or a name'],
    ['5-1 * * * *', 'minute: range "5-1" starts after it ends'],
    ['*/0 * * * *', 'minute: the step of "*/0" must be a positive number'],
    ['1-2-3 * * * *', 'minute: "1-2-3" has more than one "-"'],
    ['1,,2 * * * *', 'minute: "" is not a number'],
    ['* * * *', 'expected 5 fields (minute hour day-of-month month day-of-week), found 4'],
    ['0 * * * * *', 'expected 5 fields (minute hour day-of-month month day-of-week), found 6'],
    ['@fortnightly', 'unknown descriptor "@fortnightly"'],
    ['@every soon', '"soon" is not a duration'],
    ['TZ=UTC 0 2 * * *', 'set spec.timeZone instead'],
    ['0 0 30 2 *', 'never runs'],
    ['', 'the schedule is empty'],
  ])('fails when the schedule is "%s"', (schedule, problem) => {
    expect(cronScheduleProblem(schedule)).toContain(problem);
  });

  it('checks spec.timeZone against the IANA names, case-sensitively', () => {
    expect(timeZoneProblem('Europe/Berlin')).toBeUndefined();
    expect(timeZoneProblem('Etc/UTC')).toBeUndefined();
    expect(timeZoneProblem('Mars/Olympus')).toContain('not an IANA time zone');
    expect(timeZoneProblem('Local')).toContain('not allowed');
    expect(timeZoneProblem('europe/berlin')).toContain('case-sensitive');
    const nightly = cronJob();
    nightly.spec.timeZone = 'Mars/Olympus';
    expect(findingsOf('cronjob-schedule-invalid', [nightly]).map((finding) => finding.path)).toEqual(['spec.timeZone']);
  });
});

describe('references', () => {
  it('passes when the reference is optional', () => {
    const web = deployment();
    firstContainer(web).env = [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode', optional: true } } }];
    expect(findingsOf('configmap-ref-missing', [web])).toEqual([]);
  });

  it('passes when the object is declared external, by name or for the whole kind', () => {
    const web = external(deployment(), 'cm/settings, secret/* -- created by the platform team');
    podSpecOf(web).volumes = [
      { name: 'settings', configMap: { name: 'settings' } },
      { name: 'creds', secret: { secretName: 'credentials' } },
    ];
    podSpecOf(web).imagePullSecrets = [{ name: 'registry' }];
    expect(findingsOf('configmap-ref-missing', [web])).toEqual([]);
    expect(findingsOf('secret-ref-missing', [web])).toEqual([]);
  });

  it('fails when the object exists in another namespace only', () => {
    const web = deployment('web', 'shop');
    firstContainer(web).envFrom = [{ configMapRef: { name: 'settings' } }];
    expect(findingsOf('configmap-ref-missing', [namespace('shop'), web, configMap('settings', 'other')]).map((finding) => finding.message)).toEqual([
      'references ConfigMap "settings" in namespace "shop", which is not in this run',
    ]);
  });

  it('reads projected volumes, secretKeyRef and imagePullSecrets', () => {
    const web = deployment();
    podSpecOf(web).volumes = [{ name: 'all', projected: { sources: [{ secret: { name: 'tls' } }, { configMap: { name: 'ca' } }] } }];
    podSpecOf(web).imagePullSecrets = [{ name: 'registry' }];
    firstContainer(web).env = [{ name: 'KEY', valueFrom: { secretKeyRef: { name: 'api', key: 'key' } } }];
    expect(findingsOf('secret-ref-missing', [web]).map((finding) => finding.path)).toEqual([
      'spec.template.spec.volumes[0].projected.sources[0].secret.name',
      'spec.template.spec.imagePullSecrets[0].name',
      'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name',
    ]);
  });
});

describe('services and ingresses', () => {
  it('passes a numeric targetPort when a selected container declares no ports (it may listen anywhere)', () => {
    const web = deployment();
    delete firstContainer(web).ports;
    delete firstContainer(web).readinessProbe;
    delete firstContainer(web).livenessProbe;
    expect(findingsOf('service-target-port-missing', [web, service('web', { ports: [{ port: 80, targetPort: 3000 }] })])).toEqual([]);
  });

  it('fails a numeric targetPort that no container declares when they all declare ports', () => {
    const found = findingsOf('service-target-port-missing', [deployment(), service('web', { ports: [{ port: 80, targetPort: 3000 }] })]);
    expect(found.map((finding) => [finding.path, finding.message])).toEqual([
      ['spec.ports[0].targetPort', 'targetPort 3000 is not a containerPort that any container of Deployment "web" declares'],
    ]);
  });

  it('reads the port itself when targetPort is absent', () => {
    expect(findingsOf('service-target-port-missing', [deployment(), service('web', { ports: [{ port: 80 }] })]).map((finding) => finding.path)).toEqual(['spec.ports[0].port']);
  });

  it('fails an Ingress backend port that the Service does not offer', () => {
    const found = findingsOf('ingress-backend-missing', [deployment(), service('web'), ingress('web', { number: 8080 })]);
    expect(found.map((finding) => [finding.path, finding.message])).toEqual([
      ['spec.rules[0].http.paths[0].backend.service.port.number', 'backend port 8080 is not a port of Service "web" (it offers 80/http)'],
    ]);
  });

  it('reads extensions/v1beta1 backends (serviceName, servicePort)', () => {
    const legacy = { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'old' }, spec: { backend: { serviceName: 'web', servicePort: 'admin' } } };
    expect(findingsOf('ingress-backend-missing', [service('web'), legacy]).map((finding) => finding.path)).toEqual(['spec.backend.servicePort']);
  });

  it('passes a Service backend declared external', () => {
    expect(findingsOf('ingress-backend-missing', [external(ingress('api'), 'service/api')])).toEqual([]);
  });

  it('fails a StatefulSet whose Service is not headless', () => {
    expect(findingsOf('statefulset-service-missing', [statefulSet('db'), service('db')])[0].message).toBe('serviceName Service "db" is not headless (spec.clusterIP is not None)');
  });

  it('matches selectors with matchExpressions', () => {
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'web'] }] } } };
    expect(findingsOf('network-policy-selects-nothing', [deployment(), policy])).toEqual([]);
    policy.spec.podSelector.matchExpressions[0].operator = 'NotIn';
    expect(findingsOf('network-policy-selects-nothing', [deployment(), policy])).toHaveLength(1);
  });
});

describe('autoscaling and disruption budgets', () => {
  it('passes minAvailable below the HPA minReplicas even when replicas is lower', () => {
    const web = deployment();
    delete web.spec.replicas;
    expect(findingsOf('pdb-blocks-eviction', [web, hpa('web', undefined, 3), pdb({ app: 'web' }, { minAvailable: 2 })])).toEqual([]);
  });

  it('fails minAvailable equal to the HPA minReplicas', () => {
    const found = findingsOf('pdb-blocks-eviction', [deployment(), hpa('web', undefined, 2), pdb({ app: 'web' }, { minAvailable: 2 })]);
    expect(found[0].message).toBe('minAvailable 2 keeps all 2 selected pods (Deployment "web": HPA minReplicas 2), so no pod can be evicted');
  });

  it('rounds percentages up as the disruption controller does', () => {
    const web = deployment();
    web.spec.replicas = 3;
    expect(findingsOf('pdb-blocks-eviction', [web, pdb({ app: 'web' }, { minAvailable: '67%' })])).toHaveLength(1);
    expect(findingsOf('pdb-blocks-eviction', [web, pdb({ app: 'web' }, { minAvailable: '66%' })])).toEqual([]);
  });

  it('fails maxUnavailable 0', () => {
    expect(findingsOf('pdb-blocks-eviction', [deployment(), pdb({ app: 'web' }, { maxUnavailable: 0 })]).map((finding) => finding.path)).toEqual(['spec.maxUnavailable']);
  });

  it('passes CPU utilization when a LimitRange gives containers a default request', () => {
    const web = deployment();
    delete firstContainer(web).resources;
    const limits = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'defaults' }, spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '100m' } }] } };
    expect(findingsOf('hpa-cpu-without-requests', [web, hpa('web')])).toHaveLength(1);
    expect(findingsOf('hpa-cpu-without-requests', [web, hpa('web'), limits])).toEqual([]);
  });

  it('reads autoscaling/v1 targetCPUUtilizationPercentage', () => {
    const web = deployment();
    delete firstContainer(web).resources;
    const v1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3, targetCPUUtilizationPercentage: 60 } };
    expect(findingsOf('hpa-cpu-without-requests', [web, v1]).map((finding) => finding.path)).toEqual(['spec.targetCPUUtilizationPercentage']);
  });

  it('fails an HPA whose target exists in another API group', () => {
    const target = hpa('web');
    target.spec.scaleTargetRef.apiVersion = 'argoproj.io/v1alpha1';
    expect(findingsOf('hpa-target-missing', [deployment(), target]).map((finding) => finding.path)).toEqual(['spec.scaleTargetRef.apiVersion']);
  });
});

describe('deprecated APIs', () => {
  const v2beta2 = () => ({ ...hpa('web'), apiVersion: 'autoscaling/v2beta2' });

  it('depends on the target Kubernetes version', () => {
    expect(findingsOf('deprecated-api', [v2beta2()], { kubernetesVersion: '1.25' })).toEqual([]);
    expect(findingsOf('deprecated-api', [v2beta2()], { kubernetesVersion: '1.26' })[0].message).toBe(
      'autoscaling/v2beta2 HorizontalPodAutoscaler was removed in Kubernetes 1.26 (target 1.26); use autoscaling/v2',
    );
  });

  it('names the replacement of APIs that have no new version', () => {
    const psp = { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', metadata: { name: 'restricted' }, spec: {} };
    expect(findingsOf('deprecated-api', [psp])[0].message).toContain('replaced by Pod Security Admission');
  });
});

describe('workload kinds', () => {
  it('reads the pod spec of a CronJob', () => {
    const nightly = cronJob();
    firstContainer(nightly).securityContext.privileged = true;
    expect(findingsOf('privileged', [nightly]).map((finding) => finding.path)).toEqual(['spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged']);
  });

  it('reads the pod spec of a bare Pod', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug' }, spec: { containers: [{ name: 'shell', image: 'busybox' }] } };
    expect(findingsOf('image-tag-latest', [pod]).map((finding) => finding.path)).toEqual(['spec.containers[0].image']);
  });

  it('takes runAsNonRoot from the pod security context', () => {
    const web = deployment();
    delete firstContainer(web).securityContext.runAsNonRoot;
    delete firstContainer(web).securityContext.runAsUser;
    expect(findingsOf('run-as-root', [web])).toHaveLength(1);
    podSpecOf(web).securityContext = { runAsNonRoot: true };
    expect(findingsOf('run-as-root', [web])).toEqual([]);
  });

  it('checks names per kind: Services are DNS-1035 labels, CronJobs at most 52 characters', () => {
    expect(findingsOf('invalid-name', [service('1web')])[0].message).toContain('DNS-1035 label');
    expect(findingsOf('invalid-name', [cronJob('n'.repeat(53))])[0].message).toContain('the limit is 52');
    expect(findingsOf('invalid-name', [cronJob('n'.repeat(52))])).toEqual([]);
  });

  it('reports a label value that YAML typed as a number', () => {
    const settings = configMap();
    settings.metadata.labels = { version: 2 };
    expect(findingsOf('invalid-label', [settings])[0].message).toBe('label "version" value is a number, not a string (quote it in YAML)');
  });
});

describe('duplicates the schema step cannot see', () => {
  const paths = (rule: string, manifests: Manifest[]) => findingsOf(rule, manifests).map((finding) => `${finding.object} ${finding.path}`);

  it('reports a container name repeated across lists, not the repeat inside one list', () => {
    const web = deployment();
    podSpecOf(web).containers.push(container('app'));
    podSpecOf(web).initContainers = [container('app')];
    expect(paths('duplicate-container', [web])).toEqual(['0 spec.template.spec.initContainers[0].name']);
  });

  it('reports hostPorts taken twice in the pod and repeated port names, not repeated port numbers', () => {
    const web = deployment();
    firstContainer(web).ports = [
      { name: 'http', containerPort: 8080, hostPort: 80 },
      { name: 'http-again', containerPort: 8080, hostPort: 80 },
    ];
    const sidecar = container('proxy');
    sidecar.ports = [{ name: 'proxy', containerPort: 9000, hostPort: 80 }];
    podSpecOf(web).containers.push(sidecar);
    expect(paths('duplicate-port', [web])).toEqual(['0 spec.template.spec.containers[1].ports[0].hostPort']);
  });

  it('reports repeated Service port names, not repeated port numbers', () => {
    const web = service('web', { ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }, { name: 'again', port: 80 }] });
    expect(paths('duplicate-port', [web])).toEqual(['0 spec.ports[1].name']);
  });

  it('reports a variable two envFrom sources set, the later one winning', () => {
    const credentials = secret('credentials');
    credentials.stringData = { mode: 'secret' };
    const web = deployment();
    firstContainer(web).envFrom = [{ configMapRef: { name: 'settings' } }, { secretRef: { name: 'credentials' } }, { configMapRef: { name: 'elsewhere' } }];
    const found = findingsOf('duplicate-env', [configMap('settings'), credentials, web]);
    expect(found.map((finding) => finding.path)).toEqual([`spec.template.spec.containers[0].envFrom[1]`]);
    expect(found[0].message).toContain('ConfigMap "settings" (envFrom[0])');
  });
});
