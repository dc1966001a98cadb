// HorizontalPodAutoscaler (autoscaling/v2): replicas of a Deployment or StatefulSet follow resource or custom metrics.
import type { Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { Resource } from './resource';
import type { NamespacedResourceProps, Problem } from './resource';
import type { ByteSize, Cpu } from './values';
import { wholeSeconds } from './values';
import type { ScalableWorkload } from './workload';

/** A metric the autoscaler keeps at a target. */
export class Metric {
  /** Average CPU use as a percentage of the pods' CPU requests. */
  static cpuUtilization(percent: number): Metric {
    return Metric.resource('cpu', { type: 'Utilization', averageUtilization: percent });
  }

  /** Average CPU use per pod. */
  static cpuAverageValue(cpu: Cpu): Metric {
    return Metric.resource('cpu', { type: 'AverageValue', averageValue: cpu.toQuantity() });
  }

  /** Average memory use as a percentage of the pods' memory requests. */
  static memoryUtilization(percent: number): Metric {
    return Metric.resource('memory', { type: 'Utilization', averageUtilization: percent });
  }

  /** Average memory use per pod. */
  static memoryAverageValue(memory: ByteSize): Metric {
    return Metric.resource('memory', { type: 'AverageValue', averageValue: memory.toQuantity() });
  }

  /** A custom metric of the pods, averaged over them. */
  static pods(metricName: string, averageValue: string | number, selector?: k8s.LabelSelector): Metric {
    return new Metric({ type: 'Pods', pods: { metric: { name: metricName, selector }, target: { type: 'AverageValue', averageValue } } });
  }

  /** A metric of another object, e.g. requests per second of an Ingress. */
  static object(describedObject: k8s.CrossVersionObjectReference, metricName: string, target: k8s.MetricTarget): Metric {
    return new Metric({ type: 'Object', object: { describedObject, metric: { name: metricName }, target } });
  }

  /** A metric from outside the cluster, e.g. the length of a queue. */
  static external(metricName: string, target: k8s.MetricTarget, selector?: k8s.LabelSelector): Metric {
    return new Metric({ type: 'External', external: { metric: { name: metricName, selector }, target } });
  }

  private static resource(name: string, target: k8s.MetricTarget): Metric {
    return new Metric({ type: 'Resource', resource: { name, target } });
  }

  private constructor(private readonly spec: k8s.MetricSpec) {}

  /** The resource whose requests the metric is a percentage of, if it is a utilization metric. */
  get utilizationOf(): string | undefined {
    return this.spec.resource?.target.type === 'Utilization' ? this.spec.resource.name : undefined;
  }

  toMetricSpec(): k8s.MetricSpec {
    return this.spec;
  }
}

export interface ScalingPolicy {
  /** Change by a number of pods or a percentage of the current replicas. */
  readonly type: 'Pods' | 'Percent';
  /** The amount. */
  readonly value: number;
  /** Over this period. */
  readonly period: Duration;
}

export interface ScalingBehavior {
  /** Look back this long before scaling, to avoid flapping. @default none (0 up, 5 minutes down) */
  readonly stabilizationWindow?: Duration;
  /** Limits on the rate of change. @default none (Kubernetes' defaults) */
  readonly policies?: readonly ScalingPolicy[];
  /** Which policy wins, or Disabled to never scale in this direction. @default none ('Max') */
  readonly selectPolicy?: 'Max' | 'Min' | 'Disabled';
}

export interface AutoscaleOptions {
  /** Fewest replicas. @default the policy's `autoscaling.minReplicas` */
  readonly minReplicas?: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /** Metrics to follow. @default CPU utilization at the policy's `autoscaling.cpuUtilization` */
  readonly metrics?: readonly Metric[];
  /** Behavior when scaling up. @default none */
  readonly scaleUp?: ScalingBehavior;
  /** Behavior when scaling down. @default none */
  readonly scaleDown?: ScalingBehavior;
}

export interface HorizontalPodAutoscalerProps extends NamespacedResourceProps, AutoscaleOptions {
  /** The Deployment or StatefulSet to scale; its rendered spec leaves `replicas` to the autoscaler. */
  readonly target: ScalableWorkload;
}

export class HorizontalPodAutoscaler extends Resource<k8s.HorizontalPodAutoscaler> {
  readonly target: ScalableWorkload;
  private readonly config: HorizontalPodAutoscalerProps;

  constructor(scope: Construct, id: string, props: HorizontalPodAutoscalerProps) {
    super(scope, id, { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', clusterScoped: false, nameRule: 'dns-subdomain' }, props, ['spec']);
    this.config = props;
    this.target = props.target;
    props.target.registerAutoscaler(this);
    this.belongsTo(props.target);
  }

  private get metrics(): readonly Metric[] {
    return this.config.metrics ?? [Metric.cpuUtilization(this.policy.autoscaling.cpuUtilization)];
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    const minReplicas = this.config.minReplicas ?? this.policy.autoscaling.minReplicas;
    const maxReplicas = this.config.maxReplicas;
    if (!Number.isInteger(minReplicas) || minReplicas < 1) problems.push({ field: 'spec.minReplicas', message: `minReplicas is ${minReplicas}`, fix: 'use 1 or more' });
    if (!Number.isInteger(maxReplicas) || maxReplicas < 1) problems.push({ field: 'spec.maxReplicas', message: `maxReplicas is ${maxReplicas}`, fix: 'use 1 or more' });
    if (minReplicas > maxReplicas) {
      problems.push({ field: 'spec.minReplicas', message: `minReplicas ${minReplicas} is greater than maxReplicas ${maxReplicas}`, fix: 'lower minReplicas or raise maxReplicas' });
    }
    if (this.target.namespace !== this.namespace) {
      problems.push({ field: 'spec.scaleTargetRef', message: `the target is in namespace ${this.target.namespace}, the autoscaler in ${this.namespace}`, fix: 'create the autoscaler in the namespace of its target' });
    }
    const policy = this.target.effectivePolicy;
    for (const resource of new Set(this.metrics.map((metric) => metric.utilizationOf))) {
      if (resource === undefined) continue;
      const key = resource === 'cpu' ? 'cpu' : 'memory';
      const missing = this.target.runningContainers.filter((container) => !container.effectiveResources(policy)[key]?.request);
      for (const container of missing) {
        problems.push({
          field: 'spec.metrics',
          message: `${resource} utilization is a percentage of ${resource} requests, but container "${container.name}" of ${this.target.kind} "${this.target.name}" requests no ${resource}, so Kubernetes would never scale`,
          fix: `give the container a ${resource} request, or scale on an average value`,
        });
      }
    }
    return problems;
  }

  protected renderBody(): Record<string, unknown> {
    const spec: k8s.HorizontalPodAutoscalerSpec = {
      scaleTargetRef: { apiVersion: this.target.apiVersion, kind: this.target.kind, name: this.target.name },
      minReplicas: this.config.minReplicas ?? this.policy.autoscaling.minReplicas,
      maxReplicas: this.config.maxReplicas,
      metrics: this.metrics.map((metric) => metric.toMetricSpec()),
      behavior:
        this.config.scaleUp || this.config.scaleDown
          ? { scaleUp: this.config.scaleUp && renderBehavior(this.config.scaleUp), scaleDown: this.config.scaleDown && renderBehavior(this.config.scaleDown) }
          : undefined,
    };
    return { spec };
  }
}

function renderBehavior(behavior: ScalingBehavior): k8s.HPAScalingRules {
  return {
    stabilizationWindowSeconds: behavior.stabilizationWindow && wholeSeconds(behavior.stabilizationWindow),
    policies: behavior.policies?.map((policy) => ({ type: policy.type, value: policy.value, periodSeconds: wholeSeconds(policy.period) })),
    selectPolicy: behavior.selectPolicy,
  };
}
