import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ByteSize, CronJob, Job, StatefulSet, Volume } from '../../lib';
import { find, newChart, problemsOf, synth } from './helpers';

describe('StatefulSet', () => {
  it('creates its headless Service and keeps pod volumes and claim templates', () => {
    const chart = newChart();
    const config = Volume.emptyDir('config');
    const db = new StatefulSet(chart, 'prometheus', {
      replicas: 2,
      volumes: [config],
      volumeClaimTemplates: [{ name: 'data', storage: ByteSize.gibibytes(50), storageClassName: 'fast', accessModes: ["ReadWriteOnce"] }],
      podManagementPolicy: 'Parallel',
      updateStrategy: { partition: 1 },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
      ordinalsStart: 1,
      containers: [{ image: 'prom/prometheus:v2.54.1', ports: [{ name: 'web', number: 9090 }], volumeMounts: [{ path: '/etc/prometheus', volume: config }] }],
    });
    db.containers[0].mount('/prometheus', db.claimVolume('data'));
    const objects = synth(chart);
    const set = find(objects, 'StatefulSet');
    expect(set.spec.serviceName).toBe('prometheus-headless');
    expect(set.spec.replicas).toBe(2);
    expect(set.spec.template.spec.volumes).toEqual([{ name: 'config', emptyDir: {} }]);
    expect(set.spec.template.spec.containers[0].volumeMounts).toEqual([
      { name: 'config', mountPath: '/etc/prometheus' },
      { name: 'data', mountPath: '/prometheus' },
    ]);
    expect(set.spec.volumeClaimTemplates).toEqual([
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } }, storageClassName: 'fast' } },
    ]);
    expect(set.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 1 } });
    expect(set.spec.ordinals).toEqual({ start: 1 });
    expect(set.spec.revisionHistoryLimit).toBe(3);
    const headless = find(objects, 'Service', 'prometheus-headless');
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, ports: [{ name: 'web', port: 9090, targetPort: 'web' }] });
  });

  it('uses a given serviceName and the OnDelete strategy', () => {
    const chart = newChart();
    const set = new StatefulSet(chart, 'loki', { serviceName: 'loki-peers', updateStrategy: 'OnDelete', containers: [{ image: 'grafana/loki:3.1.1' }] });
    const data = set.addVolumeClaimTemplate({ name: 'storage', storage: ByteSize.gibibytes(10) });
    set.containers[0].mount('/loki', data);
    const objects = synth(chart);
    expect(objects.filter((object) => object.kind === 'Service')).toHaveLength(0);
    expect(find(objects, 'StatefulSet').spec).toMatchObject({ serviceName: 'loki-peers', updateStrategy: { type: 'OnDelete' } });
    expect(set.headlessService).toBeUndefined();
  });

  it('fails when a container mounts an undeclared claim template', () => {
    const chart = newChart();
    const set = new StatefulSet(chart, 'db', { containers: [{ image: 'postgres:16.4' }] });
    set.containers[0].mount('/data', set.claimVolume('data'));
    expect(problemsOf(chart)).toContain(
      'StatefulSet "db" (construct test/db): spec.volumeClaimTemplates: a container mounts claim template "data", which is not declared; add it with addVolumeClaimTemplate or `volumeClaimTemplates`',
    );
  });
});

describe('Job', () => {
  it('renders completions, parallelism, indexed mode, deadlines, failure policy and restart policy', () => {
    const chart = newChart();
    new Job(chart, 'train', {
      completions: 4,
      parallelism: 2,
      completionMode: 'Indexed',
      backoffLimitPerIndex: 1,
      activeDeadline: Duration.hours(6),
      ttlAfterFinished: Duration.days(1),
      podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
      containers: [{ image: 'trainer:2.0', resources: { extended: { 'nvidia.com/gpu': 1 } } }],
    });
    const job = find(synth(chart), 'Job');
    expect(job.spec).toMatchObject({
      completions: 4,
      parallelism: 2,
      completionMode: 'Indexed',
      backoffLimit: 6,
      backoffLimitPerIndex: 1,
      activeDeadlineSeconds: 21600,
      ttlSecondsAfterFinished: 86400,
    });
    expect(job.spec.selector).toBeUndefined();
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('fails on negative counts and a failure policy without restartPolicy Never', () => {
    const chart = newChart();
    new Job(chart, 'bad', { completions: -1, restartPolicy: 'OnFailure', podFailurePolicy: { rules: [] }, containers: [{ image: 'x:1' }] });
    const problems = problemsOf(chart).join('\n');
    expect(problems).toContain('Job "bad" (construct test/bad): spec.completions: completions is -1');
    expect(problems).toContain('spec.podFailurePolicy: a pod failure policy needs restartPolicy Never');
  });
});

describe('CronJob', () => {
  it('renders schedule, time zone, concurrency, history and the job template', () => {
    const chart = newChart();
    new CronJob(chart, 'nightly-training', {
      schedule: '0 2 * * 1-5',
      timeZone: 'Europe/Berlin',
      startingDeadline: Duration.minutes(30),
      backoffLimit: 2,
      restartPolicy: 'OnFailure',
      containers: [{ image: 'trainer:2.0' }],
    });
    const cron = find(synth(chart), 'CronJob');
    expect(cron.spec).toMatchObject({
      schedule: '0 2 * * 1-5',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      startingDeadlineSeconds: 1800,
    });
    expect(cron.spec.jobTemplate.spec.backoffLimit).toBe(2);
    expect(cron.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(cron.spec.jobTemplate.spec.template.metadata.labels['app.kubernetes.io/instance']).toBe('nightly-training');
  });

  it('accepts the schedules Kubernetes accepts', () => {
    const chart = newChart();
    const schedules = ['*/15 * * * *', '0 0 1,15 * ?', '30 6 * JAN-MAR mon', '@hourly', '@every 1h30m', '5 4 * * 7', '0 0-23/2 * * *'];
    schedules.forEach((schedule, index) => new CronJob(chart, `job-${index}`, { schedule, containers: [{ image: 'x:1' }] }));
    expect(problemsOf(chart)).toEqual([]);
  });

  it('fails on bad cron syntax, a time zone in the schedule, a bad zone and a long name', () => {
    const chart = newChart();
    const bad = { '61 * * * *': 'minute "61" must be within 0-59', '* * *': 'has 3 fields, not 5', '0 0 * * 1-8': 'day of week "1-8"', '@fortnightly': 'not a known macro', 'TZ=UTC 0 0 * * *': 'sets a time zone', '*/0 * * * *': 'step may not be 0', '5-1 * * * *': 'runs backwards' };
    Object.keys(bad).forEach((schedule, index) => new CronJob(chart, `job-${index}`, { schedule, containers: [{ image: 'x:1' }] }));
    new CronJob(chart, 'zoned', { schedule: '@daily', timeZone: 'Mars/Olympus', containers: [{ image: 'x:1' }] });
    new CronJob(chart, 'a-very-long-cron-job-name-that-exceeds-fifty-two-chars', { schedule: '@daily', containers: [{ image: 'x:1' }] });
    const problems = problemsOf(chart).join('\n');
    for (const text of Object.values(bad)) expect(problems).toContain(text);
    expect(problems).toContain('CronJob "job-0" (construct test/job-0): spec.schedule: schedule "61 * * * *": minute "61" must be within 0-59; write five fields');
    expect(problems).toContain('spec.timeZone: "Mars/Olympus" is not an IANA time zone');
    expect(problems).toContain('is longer than 52 characters');
  });
});

