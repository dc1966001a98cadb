// StatefulSet: pods with stable names and their own volumes, reached through a headless Service.
import type { Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { renderClaimSpec } from './persistent-volume-claim';
import type { ClaimOptions } from './persistent-volume-claim';
import type { Problem } from './resource';
import { Service } from './service';
import type { PercentOrAbsolute } from './values';
import { wholeSeconds } from './values';
import { Volume } from './volume';
import { ScalableWorkload } from './workload';
import type { ScalableWorkloadProps } from './workload';

export interface VolumeClaimTemplate extends ClaimOptions {
  /** Name of the claim template; containers mount it by this name. */
  readonly name: string;
}

export interface StatefulSetProps extends ScalableWorkloadProps {
  /** Name of an existing headless Service that governs the pods. @default a headless Service named `<name>-headless`, created with the containers' ports */
  readonly serviceName?: string;
  /** A volume per pod, created from these templates. @default none */
  readonly volumeClaimTemplates?: readonly VolumeClaimTemplate[];
  /** Start pods one by one in order, or all at once. @default none ('OrderedReady') */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /** Rolling update (optionally only ordinals >= partition), or OnDelete. @default none (RollingUpdate of all pods) */
  readonly updateStrategy?: 'OnDelete' | { readonly partition?: number; readonly maxUnavailable?: PercentOrAbsolute };
  /** Whether claims are deleted when the StatefulSet is deleted or scaled down. @default none (Retain both) */
  readonly persistentVolumeClaimRetentionPolicy?: { readonly whenDeleted?: 'Retain' | 'Delete'; readonly whenScaled?: 'Retain' | 'Delete' };
  /** First ordinal of the pods. @default none (0) */
  readonly ordinalsStart?: number;
  /** Time a new pod must be ready before it counts as available. @default none (0) */
  readonly minReady?: Duration;
  /** Revisions kept for rollback. @default the policy's `workloads.revisionHistoryLimit` */
  readonly revisionHistoryLimit?: number;
}

export class StatefulSet extends ScalableWorkload<k8s.StatefulSet> {
  /** The headless Service created for the pods, unless `serviceName` named an existing one. */
  readonly headlessService?: Service;
  private readonly config: StatefulSetProps;
  private readonly claimTemplates: VolumeClaimTemplate[];

  constructor(scope: Construct, id: string, props: StatefulSetProps = {}) {
    super(scope, id, { apiVersion: 'apps/v1', kind: 'StatefulSet', clusterScoped: false, nameRule: 'dns-label' }, props);
    this.config = props;
    this.claimTemplates = [...(props.volumeClaimTemplates ?? [])];
    if (props.serviceName === undefined) {
      this.headlessService = new Service(this, 'headless', {
        name: `${this.name}-headless`,
        namespace: this.namespace,
        headless: true,
        publishNotReadyAddresses: true,
        selector: this,
      });
    }
  }

  /** Name of the governing Service. */
  get serviceName(): string {
    return this.config.serviceName ?? this.headlessService!.name;
  }

  /** Adds a volume claim template and returns the volume to mount it with. */
  addVolumeClaimTemplate(template: VolumeClaimTemplate): Volume {
    this.claimTemplates.push(template);
    return Volume.claimTemplate(template.name);
  }

  /** The volume to mount an existing claim template with. */
  claimVolume(name: string): Volume {
    return Volume.claimTemplate(name);
  }

  protected get podPath(): string {
    return 'spec.template';
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    const templateNames = new Set(this.claimTemplates.map((template) => template.name));
    const podVolumes = new Set(this.volumes.filter((volume) => volume.toVolume() !== undefined).map((volume) => volume.name));
    for (const volume of this.volumes) {
      if (volume.toVolume() === undefined && !templateNames.has(volume.name)) {
        problems.push({ field: 'spec.volumeClaimTemplates', message: `a container mounts claim template "${volume.name}", which is not declared`, fix: 'add it with addVolumeClaimTemplate or `volumeClaimTemplates`' });
      }
    }
    for (const name of templateNames) {
      if (podVolumes.has(name)) problems.push({ field: 'spec.volumeClaimTemplates', message: `"${name}" is both a pod volume and a claim template`, fix: 'rename one of them' });
    }
    return problems;
  }

  protected renderBody(): Record<string, unknown> {
    const props = this.config;
    const update = props.updateStrategy;
    const spec: k8s.StatefulSetSpec = {
      replicas: this.renderReplicas(),
      serviceName: this.serviceName,
      selector: { matchLabels: this.selectorLabels },
      template: this.renderPodTemplate(),
      volumeClaimTemplates:
        this.claimTemplates.length > 0
          ? this.claimTemplates.map((template) => ({ metadata: { name: template.name }, spec: renderClaimSpec(template) }))
          : undefined,
      podManagementPolicy: props.podManagementPolicy,
      updateStrategy:
        update === undefined
          ? undefined
          : update === 'OnDelete'
            ? { type: 'OnDelete' }
            : { type: 'RollingUpdate', rollingUpdate: { partition: update.partition, maxUnavailable: update.maxUnavailable?.toIntOrString() } },
      persistentVolumeClaimRetentionPolicy: props.persistentVolumeClaimRetentionPolicy,
      ordinals: props.ordinalsStart === undefined ? undefined : { start: props.ordinalsStart },
      minReadySeconds: props.minReady && wholeSeconds(props.minReady),
      revisionHistoryLimit: props.revisionHistoryLimit ?? this.policy.workloads.revisionHistoryLimit,
    };
    return { spec };
  }
}
