import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ByteSize, CronJob, Cpu, DEFAULT_POLICY, Deployment, Job, Policy, Secret, ServiceAccount } from '../../lib';
import { find, newChart, problemsOf, synth } from './helpers';

function podSpec(deployment: any) {
  return deployment.spec.template.spec;
}

describe('policy defaults (every default pinned)', () => {
  it('applies the production-safe defaults to a container', () => {
    const chart = newChart();
    new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27' }] });
    const deployment = find(synth(chart), 'Deployment');
    const container = podSpec(deployment).containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(podSpec(deployment).automountServiceAccountToken).toBe(false);
    expect(podSpec(deployment).securityContext).toBeUndefined();
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.revisionHistoryLimit).toBe(3);
    expect(deployment.metadata.labels['app.kubernetes.io/managed-by']).toBe('kubeforge');
    expect(deployment.metadata.labels['app.kubernetes.io/part-of']).toBeUndefined();
  });

  it('pins the defaults of jobs, cron jobs, autoscaling, disruption budgets, secrets and probes', () => {
    expect(DEFAULT_POLICY.jobs).toEqual({ restartPolicy: 'Never', backoffLimit: 6 });
    expect(DEFAULT_POLICY.cronJobs).toEqual({ concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(DEFAULT_POLICY.autoscaling).toEqual({ minReplicas: 1, cpuUtilization: 80 });
    expect(DEFAULT_POLICY.disruptionBudget.maxUnavailable.toIntOrString()).toBe(1);
    expect(DEFAULT_POLICY.secrets.allowPlainData).toBe(false);
    expect(DEFAULT_POLICY.images.allowLatest).toBe(false);
    expect(DEFAULT_POLICY.requiredProbes).toEqual([]);
    expect(DEFAULT_POLICY.automountServiceAccountToken).toBe('auto');
  });

  it('leaves the token mount to the service account when the pod names one', () => {
    const chart = newChart();
    const account = new ServiceAccount(chart, 'reader');
    new Deployment(chart, 'web', { serviceAccount: account, containers: [{ image: 'nginx:1.27' }] });
    const spec = podSpec(find(synth(chart), 'Deployment'));
    expect(spec.serviceAccountName).toBe('reader');
    expect(spec.automountServiceAccountToken).toBeUndefined();
  });

  it('takes overrides at app, chart and construct scope, the nearest winning', () => {
    const app = Testing.app();
    Policy.set(app, { labels: { partOf: 'shop' }, workloads: { replicas: 2 } });
    const chart = new Chart(app, 'prod', { namespace: 'prod' });
    Policy.set(chart, { workloads: { replicas: 3 }, resources: { cpu: { request: Cpu.millis(250), limit: Cpu.cores(1) } } });
    new Deployment(chart, 'api', { containers: [{ image: 'api:1.0' }] });
    const worker = new Deployment(chart, 'worker', { containers: [{ image: 'worker:1.0' }] });
    Policy.set(worker, { workloads: { replicas: 5 }, resources: { memory: { limit: undefined } } });
    const objects = synth(chart);
    const api = find(objects, 'Deployment', 'api');
    expect(api.spec.replicas).toBe(3);
    expect(api.metadata.labels['app.kubernetes.io/part-of']).toBe('shop');
    expect(api.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    const workerObject = find(objects, 'Deployment', 'worker');
    expect(workerObject.spec.replicas).toBe(5);
    expect(workerObject.spec.template.spec.containers[0].resources.limits).toEqual({ cpu: '1' });
  });

  it('reads the policy at synth, so it may be set after the constructs', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const chart = new Chart(app, 'late', { namespace: 'late' });
    new Job(chart, 'migrate', { containers: [{ image: 'migrate:2.1' }] });
    Policy.set(app, { jobs: { backoffLimit: 1, ttlSecondsAfterFinished: 600 }, containerSecurity: { readOnlyRootFilesystem: true } });
    const job = find(synth(chart), 'Job');
    expect(job.spec.backoffLimit).toBe(1);
    expect(job.spec.ttlSecondsAfterFinished).toBe(600);
    expect(job.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('container settings win over the policy per field', () => {
    const chart = newChart();
    new CronJob(chart, 'report', {
      schedule: '@daily',
      containers: [{ image: 'report:3', resources: { memory: { request: ByteSize.gibibytes(1) } }, securityContext: { runAsNonRoot: false } }],
    });
    const container = find(synth(chart), 'CronJob').spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.resources.requests).toEqual({ cpu: '100m', memory: '1Gi' });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, runAsNonRoot: false, readOnlyRootFilesystem: true });
  });

  it('fails when the policy requires probes a long-running container lacks', () => {
    const chart = newChart();
    Policy.set(chart, { requiredProbes: ['readiness'] });
    new Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27' }] });
    new Job(chart, 'once', { containers: [{ image: 'once:1' }] });
    expect(problemsOf(chart)).toEqual([
      'Deployment "web" (construct test/web): spec.template.spec.containers[0].readinessProbe: container "web" has no readiness probe, which the policy requires; add `readiness` to the container or change the policy\'s requiredProbes',
    ]);
  });

  it('refuses plain secret data unless allowed', () => {
    const chart = newChart();
    new Secret(chart, 'db', { stringData: { password: 'hunter2' } });
    expect(problemsOf(chart).join('\n')).toMatch(/Secret "db" \(construct test\/db\): data: the secret data would be written in plain text/);
    Policy.set(chart, { secrets: { allowPlainData: true } });
    expect(problemsOf(chart)).toEqual([]);
    expect(find(synth(chart), 'Secret').data).toEqual({ password: Buffer.from('hunter2').toString('base64') });
  });
});
