// The pod template every workload shares: containers (main, init, sidecar), volumes, identity and scheduling.
import type { Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { Container } from './container';
import type { ContainerProps } from './container';
import { labelProblems } from './names';
import { mergeDeep } from './policy';
import type { PolicySettings } from './policy';
import { Resource } from './resource';
import type { Identity, Labels, NamespacedResourceProps, Problem, ResourceType } from './resource';
import type { IServiceAccountRef } from './service-account';
import { wholeSeconds } from './values';
import type { Volume } from './volume';

export interface TopologySpread {
  /** Node label to spread over, e.g. `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /** Largest allowed difference of pod counts between domains. @default 1 */
  readonly maxSkew?: number;
  /** What to do when the spread cannot be met. @default 'ScheduleAnyway' */
  readonly whenUnsatisfiable?: 'DoNotSchedule' | 'ScheduleAnyway';
}

export interface WorkloadProps extends NamespacedResourceProps {
  /** `app.kubernetes.io/name`, part of the selector. @default the workload's name */
  readonly app?: string;
  /** `app.kubernetes.io/component`, e.g. `frontend` or `database`. @default none */
  readonly component?: string;
  /** Main containers; the first one's name defaults to the workload's name. @default none (add with addContainer) */
  readonly containers?: readonly ContainerProps[];
  /** Containers that run to completion, in order, before the main containers start. @default none */
  readonly initContainers?: readonly ContainerProps[];
  /** Containers that start before the main containers and run beside them (native sidecars). @default none */
  readonly sidecars?: readonly ContainerProps[];
  /** Volumes of the pod besides the ones container mounts bring. @default none */
  readonly volumes?: readonly Volume[];
  /** Service account of the pods. @default none (the namespace's `default` account) */
  readonly serviceAccount?: IServiceAccountRef;
  /** Mount the service account token into the pods. @default the policy's (`auto`: only when a service account is given) */
  readonly automountServiceAccountToken?: boolean;
  /** Node labels the pods require. @default none */
  readonly nodeSelector?: Labels;
  /** Node and pod affinity and anti-affinity. @default none */
  readonly affinity?: k8s.Affinity;
  /** Keep replicas on different nodes: `preferred` or `required`. @default none */
  readonly spreadAcrossNodes?: 'preferred' | 'required';
  /** Topology spread of the replicas over zones or nodes; the selector is the workload's. @default none */
  readonly topologySpread?: readonly TopologySpread[];
  /** Taints the pods tolerate. @default none */
  readonly tolerations?: readonly k8s.Toleration[];
  /** Time between SIGTERM and SIGKILL. @default none (30 seconds) */
  readonly terminationGracePeriod?: Duration;
  /** Priority class of the pods. @default none */
  readonly priorityClassName?: string;
  /** Secrets for pulling the images. @default none */
  readonly imagePullSecrets?: readonly string[];
  /** Pod security context, merged over the policy's. @default the policy's `podSecurity` */
  readonly securityContext?: k8s.PodSecurityContext;
  /** Extra labels of the pods (never part of the selector). @default none */
  readonly podLabels?: Labels;
  /** Annotations of the pods. @default none */
  readonly podAnnotations?: Labels;
}

/** A construct that runs pods: Deployment, StatefulSet, Job and CronJob. */
export abstract class Workload<T extends object = object> extends Resource<T> {
  /** `app.kubernetes.io/name` of the pods. */
  readonly app: string;
  /** `app.kubernetes.io/component` of the pods, if any. */
  readonly component?: string;
  private readonly podProps: WorkloadProps;
  private readonly containerList: Container[] = [];
  private readonly initList: Container[] = [];
  private readonly volumeList: Volume[] = [];

  protected constructor(scope: Construct, id: string, type: ResourceType, props: WorkloadProps) {
    super(scope, id, type, props, ['spec']);
    this.podProps = props;
    this.app = props.app ?? this.name;
    this.component = props.component;
    for (const container of props.containers ?? []) this.addContainer(container);
    for (const container of props.initContainers ?? []) this.addInitContainer(container);
    for (const container of props.sidecars ?? []) this.addSidecar(container);
    for (const volume of props.volumes ?? []) this.addVolume(volume);
  }

  /** Where the pod template is in the rendered object, e.g. `spec.template`. */
  protected abstract get podPath(): string;

  /** Labels that select the pods: only stable ones, so a new image or config never changes them. */
  get selectorLabels(): Labels {
    return { 'app.kubernetes.io/name': this.app, 'app.kubernetes.io/instance': this.name };
  }

  /** Main containers, in order. */
  get containers(): readonly Container[] {
    return this.containerList;
  }

  /** Init and sidecar containers, in the order they were added. */
  get initContainers(): readonly Container[] {
    return this.initList;
  }

  /** Containers that run for the life of the pod: main containers and sidecars. */
  get runningContainers(): readonly Container[] {
    return [...this.containerList, ...this.initList.filter((container) => container.role === 'sidecar')];
  }

  addContainer(props: ContainerProps): Container {
    const name = props.name ?? (this.containerList.length === 0 ? this.name : '');
    const container = new Container(props, name, 'main');
    this.containerList.push(container);
    return container;
  }

  addInitContainer(props: ContainerProps): Container {
    const container = new Container(props, props.name ?? '', 'init');
    this.initList.push(container);
    return container;
  }

  /** Adds a native sidecar: an init container that keeps running beside the main containers. */
  addSidecar(props: ContainerProps): Container {
    const container = new Container(props, props.name ?? '', 'sidecar');
    this.initList.push(container);
    return container;
  }

  addVolume(volume: Volume): this {
    this.volumeList.push(volume);
    return this;
  }

  protected override identity(): Identity {
    return { name: this.app, instance: this.name, component: this.component };
  }

  /** Whether every main container must declare the probes the policy requires (long-running workloads). */
  protected get requiresProbes(): boolean {
    return false;
  }

  /** Every volume of the pod: the declared ones and those the containers mount, once each. */
  protected get volumes(): readonly Volume[] {
    const all = [...this.volumeList, ...[...this.containerList, ...this.initList].flatMap((container) => container.volumeMounts.map((mount) => mount.volume))];
    return all.filter((volume, index) => all.indexOf(volume) === index);
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    const policy = this.policy;
    const spec = `${this.podPath}.spec`;
    for (const issue of labelProblems(this.selectorLabels)) problems.push({ field: 'metadata.labels', message: `the selector ${issue}`, fix: 'use a shorter `app` or name (label values stop at 63 characters)' });
    for (const issue of labelProblems(this.podProps.podLabels)) problems.push({ field: `${this.podPath}.metadata.labels`, message: issue, fix: 'fix the label' });
    if (this.containerList.length === 0) problems.push({ field: `${spec}.containers`, message: 'the pod has no containers', fix: 'add a container with addContainer or `containers`' });

    const names = new Map<string, string>();
    const check = (container: Container, field: string) => {
      if (container.name === '') {
        problems.push({ field: `${field}.name`, message: 'the container has no name', fix: 'name every container but the first main one' });
      } else if (names.has(container.name)) {
        problems.push({ field: `${field}.name`, message: `container name "${container.name}" is also used by ${names.get(container.name)}`, fix: 'give each container its own name' });
      } else {
        names.set(container.name, field);
      }
      problems.push(...container.problems(field, policy));
    };
    this.containerList.forEach((container, index) => check(container, `${spec}.containers[${index}]`));
    this.initList.forEach((container, index) => check(container, `${spec}.initContainers[${index}]`));

    if (this.requiresProbes) {
      this.containerList.forEach((container, index) => {
        for (const kind of policy.requiredProbes) {
          if (!container.probe(kind)) {
            problems.push({ field: `${spec}.containers[${index}].${kind}Probe`, message: `container "${container.name}" has no ${kind} probe, which the policy requires`, fix: `add \`${kind}\` to the container or change the policy's requiredProbes` });
          }
        }
      });
    }

    const byName = new Map<string, Volume>();
    for (const volume of this.volumes) {
      const other = byName.get(volume.name);
      if (other && JSON.stringify(other.toVolume()) !== JSON.stringify(volume.toVolume())) {
        problems.push({ field: `${spec}.volumes`, message: `two different volumes are named "${volume.name}"`, fix: 'give each volume its own name' });
      }
      byName.set(volume.name, volume);
    }
    return problems;
  }

  /** The pod template, with the given restart policy (Jobs) and the policy's defaults applied. */
  protected renderPodTemplate(restartPolicy?: string): k8s.PodTemplateSpec {
    const policy = this.policy;
    const props = this.podProps;
    const serviceAccount = props.serviceAccount;
    const automount =
      props.automountServiceAccountToken ??
      (policy.automountServiceAccountToken === 'auto' ? (serviceAccount ? undefined : false) : policy.automountServiceAccountToken);
    const volumes = this.volumes.map((volume) => volume.toVolume()).filter((volume): volume is k8s.Volume => volume !== undefined);
    const uniqueVolumes = volumes.filter((volume, index) => volumes.findIndex((other) => other.name === volume.name) === index);
    const securityContext = mergeDeep(policy.podSecurity, props.securityContext ?? {});
    const pullSecrets = props.imagePullSecrets ?? [];
    const spec: k8s.PodSpec = {
      containers: this.containerList.map((container) => container.toContainer(policy)),
      initContainers: this.initList.length > 0 ? this.initList.map((container) => container.toContainer(policy)) : undefined,
      volumes: uniqueVolumes.length > 0 ? uniqueVolumes : undefined,
      serviceAccountName: serviceAccount?.name,
      automountServiceAccountToken: automount,
      nodeSelector: props.nodeSelector,
      affinity: this.renderAffinity(),
      topologySpreadConstraints: props.topologySpread?.map((spread) => ({
        topologyKey: spread.topologyKey,
        maxSkew: spread.maxSkew ?? 1,
        whenUnsatisfiable: spread.whenUnsatisfiable ?? 'ScheduleAnyway',
        labelSelector: { matchLabels: this.selectorLabels },
      })),
      tolerations: props.tolerations,
      terminationGracePeriodSeconds: props.terminationGracePeriod && wholeSeconds(props.terminationGracePeriod),
      priorityClassName: props.priorityClassName,
      imagePullSecrets: pullSecrets.length > 0 ? pullSecrets.map((name) => ({ name })) : undefined,
      securityContext: Object.keys(securityContext).length > 0 ? securityContext : undefined,
      restartPolicy,
    };
    // Checksums of consumed ConfigMaps and Secrets are added by synth (lib/synth/checksum.ts), for every kind of object.
    const annotations = props.podAnnotations ?? {};
    return {
      metadata: {
        labels: { ...this.podIdentityLabels(policy), ...(props.podLabels ?? {}), ...this.selectorLabels },
        annotations: Object.keys(annotations).length > 0 ? { ...annotations } : undefined,
      },
      spec,
    };
  }

  private podIdentityLabels(policy: PolicySettings): Labels {
    const labels: Record<string, string> = {};
    const component = this.podProps.component;
    if (component) labels['app.kubernetes.io/component'] = component;
    const partOf = this.podProps.partOf ?? policy.labels.partOf;
    if (partOf) labels['app.kubernetes.io/part-of'] = partOf;
    return labels;
  }

  private renderAffinity(): k8s.Affinity | undefined {
    const spread = this.podProps.spreadAcrossNodes;
    if (!spread) return this.podProps.affinity;
    const term = { labelSelector: { matchLabels: this.selectorLabels }, topologyKey: 'kubernetes.io/hostname' };
    const antiAffinity: k8s.PodAntiAffinity =
      spread === 'required'
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] };
    const existing = this.podProps.affinity?.podAntiAffinity ?? {};
    return {
      ...this.podProps.affinity,
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: nonEmpty([
          ...(existing.requiredDuringSchedulingIgnoredDuringExecution ?? []),
          ...(antiAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? []),
        ]),
        preferredDuringSchedulingIgnoredDuringExecution: nonEmpty([
          ...(existing.preferredDuringSchedulingIgnoredDuringExecution ?? []),
          ...(antiAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? []),
        ]),
      },
    };
  }
}

/** The list, or undefined when it is empty (no `[]` noise in the manifests). */
export function nonEmpty<T>(items: readonly T[] | undefined): readonly T[] | undefined {
  return items && items.length > 0 ? items : undefined;
}
