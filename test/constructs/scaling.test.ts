import { Duration } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ByteSize, Cpu, Deployment, HorizontalPodAutoscaler, Metric, PercentOrAbsolute, Policy, StatefulSet } from '../../lib';
import { find, newChart, problemsOf, synth } from './helpers';

describe('HorizontalPodAutoscaler', () => {
  it('autoscales a Deployment on CPU by default and leaves replicas out of its spec', () => {
    const chart = newChart();
    const hog = new Deployment(chart, 'cpu-hog', { replicas: 3, containers: [{ image: 'hog:1' }] });
    hog.autoscale({ maxReplicas: 10 });
    const objects = synth(chart);
    expect('replicas' in find(objects, 'Deployment').spec).toBe(false);
    expect(find(objects, 'HorizontalPodAutoscaler').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cpu-hog' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
  });

  it('renders every kind of metric and the scaling behavior', () => {
    const chart = newChart();
    const db = new StatefulSet(chart, 'db', { containers: [{ image: 'postgres:16.4' }] });
    new HorizontalPodAutoscaler(chart, 'db-scaler', {
      target: db,
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [
        Metric.cpuAverageValue(Cpu.millis(500)),
        Metric.memoryUtilization(70),
        Metric.memoryAverageValue(ByteSize.gibibytes(1)),
        Metric.pods('connections', 100),
        Metric.object({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'edge' }, 'requests-per-second', { type: 'Value', value: '2k' }),
        Metric.external('queue_depth', { type: 'AverageValue', averageValue: 30 }),
      ],
      scaleUp: { stabilizationWindow: Duration.seconds(0), policies: [{ type: 'Percent', value: 100, period: Duration.seconds(15) }] },
      scaleDown: { stabilizationWindow: Duration.minutes(5), selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, period: Duration.minutes(1) }] },
    });
    const objects = synth(chart);
    expect('replicas' in find(objects, 'StatefulSet').spec).toBe(false);
    const spec = find(objects, 'HorizontalPodAutoscaler').spec;
    expect(spec.metrics).toHaveLength(6);
    expect(spec.metrics[0]).toEqual({ type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '500m' } } });
    expect(spec.metrics[3]).toEqual({ type: 'Pods', pods: { metric: { name: 'connections' }, target: { type: 'AverageValue', averageValue: 100 } } });
    expect(spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
    });
  });

  it('fails when min > max replicas', () => {
    const chart = newChart();
    new Deployment(chart, 'web', { containers: [{ image: 'web:1' }] }).autoscale({ minReplicas: 5, maxReplicas: 2 });
    expect(problemsOf(chart)).toContain(
      'HorizontalPodAutoscaler "web" (construct test/web/autoscaler): spec.minReplicas: minReplicas 5 is greater than maxReplicas 2; lower minReplicas or raise maxReplicas',
    );
  });

  it('fails on CPU utilization when a container has no CPU request', () => {
    const chart = newChart();
    Policy.set(chart, { resources: { cpu: undefined } });
    const web = new Deployment(chart, 'web', { containers: [{ image: 'web:1' }, { name: 'proxy', image: 'envoy:1.31', resources: { cpu: { request: Cpu.millis(50) } } }] });
    web.autoscale({ maxReplicas: 4 });
    expect(problemsOf(chart)).toEqual([
      'HorizontalPodAutoscaler "web" (construct test/web/autoscaler): spec.metrics: cpu utilization is a percentage of cpu requests, but container "web" of Deployment "web" requests no cpu, so Kubernetes would never scale; give the container a cpu request, or scale on an average value',
    ]);
  });
});

describe('PodDisruptionBudget', () => {
  it('protects the pods of a workload, by default one unavailable at a time', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'web', { replicas: 4, containers: [{ image: 'web:1' }] });
    web.addDisruptionBudget();
    const budget = find(synth(chart), 'PodDisruptionBudget');
    expect(budget.metadata.name).toBe('web');
    expect(budget.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } } });
  });

  it('takes minAvailable as a percentage and refuses both fields', () => {
    const chart = newChart();
    const web = new Deployment(chart, 'web', { containers: [{ image: 'web:1' }] });
    web.addDisruptionBudget({ minAvailable: PercentOrAbsolute.percent(50), unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(find(synth(chart), 'PodDisruptionBudget').spec).toMatchObject({ minAvailable: '50%', unhealthyPodEvictionPolicy: 'AlwaysAllow' });

    const bad = newChart();
    new Deployment(bad, 'web', { containers: [{ image: 'web:1' }] }).addDisruptionBudget({ minAvailable: PercentOrAbsolute.absolute(1), maxUnavailable: PercentOrAbsolute.absolute(1) });
    expect(problemsOf(bad).join('\n')).toContain('spec: minAvailable and maxUnavailable are both set; set only one of them');
  });
});
