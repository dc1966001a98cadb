// Deployment: stateless pods with rolling or recreate updates.
import type { Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import type { PercentOrAbsolute } from './values';
import { wholeSeconds } from './values';
import { ScalableWorkload } from './workload';
import type { ScalableWorkloadProps } from './workload';

/** How a Deployment replaces its pods. */
export class DeploymentStrategy {
  /** New pods come up while old ones go down. */
  static rollingUpdate(options: { readonly maxSurge?: PercentOrAbsolute; readonly maxUnavailable?: PercentOrAbsolute } = {}): DeploymentStrategy {
    return new DeploymentStrategy({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: options.maxSurge?.toIntOrString(), maxUnavailable: options.maxUnavailable?.toIntOrString() },
    });
  }

  /** All old pods stop before new ones start. */
  static recreate(): DeploymentStrategy {
    return new DeploymentStrategy({ type: 'Recreate' });
  }

  private constructor(private readonly strategy: k8s.DeploymentStrategy) {}

  toStrategy(): k8s.DeploymentStrategy {
    return this.strategy;
  }
}

export interface DeploymentProps extends ScalableWorkloadProps {
  /** Update strategy. @default none (RollingUpdate with 25% surge and 25% unavailable) */
  readonly strategy?: DeploymentStrategy;
  /** Time a new pod must be ready before it counts as available. @default none (0) */
  readonly minReady?: Duration;
  /** Old ReplicaSets kept for rollback. @default the policy's `workloads.revisionHistoryLimit` */
  readonly revisionHistoryLimit?: number;
  /** Time after which a rollout without progress is reported failed. @default none (10 minutes) */
  readonly progressDeadline?: Duration;
}

export class Deployment extends ScalableWorkload<k8s.Deployment> {
  private readonly config: DeploymentProps;

  constructor(scope: Construct, id: string, props: DeploymentProps = {}) {
    super(scope, id, { apiVersion: 'apps/v1', kind: 'Deployment', clusterScoped: false, nameRule: 'dns-subdomain' }, props);
    this.config = props;
  }

  protected get podPath(): string {
    return 'spec.template';
  }

  protected renderBody(): Record<string, unknown> {
    const props = this.config;
    const spec: k8s.DeploymentSpec = {
      replicas: this.renderReplicas(),
      selector: { matchLabels: this.selectorLabels },
      strategy: props.strategy?.toStrategy(),
      minReadySeconds: props.minReady && wholeSeconds(props.minReady),
      revisionHistoryLimit: props.revisionHistoryLimit ?? this.policy.workloads.revisionHistoryLimit,
      progressDeadlineSeconds: props.progressDeadline && wholeSeconds(props.progressDeadline),
      template: this.renderPodTemplate(),
    };
    return { spec };
  }
}
