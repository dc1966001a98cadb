// PodDisruptionBudget: how many pods of a workload voluntary disruptions (drains, upgrades) may take down.
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import type { Workload } from './pod-template';
import { Resource } from './resource';
import type { NamespacedResourceProps, Problem } from './resource';
import type { PercentOrAbsolute } from './values';

export interface DisruptionBudgetOptions {
  /** Pods that must stay available. @default none */
  readonly minAvailable?: PercentOrAbsolute;
  /** Pods that may be unavailable. @default the policy's `disruptionBudget.maxUnavailable` when minAvailable is not set */
  readonly maxUnavailable?: PercentOrAbsolute;
  /** Whether pods that are not ready yet may be evicted regardless of the budget. @default none ('IfHealthyBudget') */
  readonly unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

export interface PodDisruptionBudgetProps extends NamespacedResourceProps, DisruptionBudgetOptions {
  /** The workload whose pods the budget protects. */
  readonly workload: Workload;
}

export class PodDisruptionBudget extends Resource<k8s.PodDisruptionBudget> {
  private readonly config: PodDisruptionBudgetProps;

  constructor(scope: Construct, id: string, props: PodDisruptionBudgetProps) {
    super(scope, id, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', clusterScoped: false, nameRule: 'dns-subdomain' }, props, ['spec']);
    this.config = props;
    this.belongsTo(props.workload);
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    if (this.config.minAvailable && this.config.maxUnavailable) {
      problems.push({ field: 'spec', message: 'minAvailable and maxUnavailable are both set', fix: 'set only one of them' });
    }
    return problems;
  }

  protected renderBody(): Record<string, unknown> {
    const { minAvailable, maxUnavailable } = this.config;
    const spec: k8s.PodDisruptionBudgetSpec = {
      selector: { matchLabels: this.config.workload.selectorLabels },
      minAvailable: minAvailable?.toIntOrString(),
      maxUnavailable: (maxUnavailable ?? (minAvailable ? undefined : this.policy.disruptionBudget.maxUnavailable))?.toIntOrString(),
      unhealthyPodEvictionPolicy: this.config.unhealthyPodEvictionPolicy,
    };
    return { spec };
  }
}
