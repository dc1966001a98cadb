// Long-running, scalable workloads (Deployment, StatefulSet) and the verbs that derive objects from them.
import type { Construct } from 'constructs';
import { HorizontalPodAutoscaler } from './horizontal-pod-autoscaler';
import type { AutoscaleOptions } from './horizontal-pod-autoscaler';
import { Ingress } from './ingress';
import type { IngressTls, PathType } from './ingress';
import { PodDisruptionBudget } from './pod-disruption-budget';
import type { DisruptionBudgetOptions } from './pod-disruption-budget';
import { Workload } from './pod-template';
import type { WorkloadProps } from './pod-template';
import type { PolicySettings } from './policy';
import type { Problem, ResourceType } from './resource';
import { Service } from './service';
import type { ServiceProps } from './service';

export interface ScalableWorkloadProps extends WorkloadProps {
  /** Number of pods; left out of the manifest when an autoscaler manages the workload. @default the policy's `workloads.replicas` */
  readonly replicas?: number;
}

export type ExposeOptions = Omit<ServiceProps, 'selector' | 'namespace'>;

export interface ExposeViaIngressOptions {
  /** Host to match. @default none (every host) */
  readonly host?: string;
  /** How the path matches. @default 'Prefix' */
  readonly pathType?: PathType;
  /** Name of the Ingress. @default the workload's name */
  readonly name?: string;
  /** IngressClass. @default none (the cluster's default) */
  readonly className?: string;
  /** TLS settings. @default none */
  readonly tls?: readonly IngressTls[];
  /** Annotations of the Ingress (controller settings). @default none */
  readonly annotations?: { readonly [key: string]: string };
  /** The Service to route to. @default the first Service exposing this workload, created with defaults if there is none */
  readonly service?: Service;
  /** Port of the Service. @default the Service's only port */
  readonly port?: number | string;
}

export abstract class ScalableWorkload<T extends object = object> extends Workload<T> {
  private readonly replicaCount?: number;
  private readonly services: Service[] = [];
  private autoscaler?: HorizontalPodAutoscaler;

  protected constructor(scope: Construct, id: string, type: ResourceType, props: ScalableWorkloadProps) {
    super(scope, id, type, props);
    this.replicaCount = props.replicas;
  }

  /** The policy in effect for this workload. */
  get effectivePolicy(): PolicySettings {
    return this.policy;
  }

  /** The autoscaler that manages the replicas, if any. */
  get horizontalPodAutoscaler(): HorizontalPodAutoscaler | undefined {
    return this.autoscaler;
  }

  /** Creates a Service for this workload; ports default to the containers' ports. Call again with another name for a second Service. */
  exposeViaService(options: ExposeOptions = {}): Service {
    const name = options.name ?? this.name;
    if (this.services.some((service) => service.name === name)) {
      throw new Error(`${this.kind} "${this.name}" (construct ${this.node.path}): exposeViaService: a Service named "${name}" already exists; pass another \`name\``);
    }
    const service = new Service(this, `service-${name}`, { ...options, name, namespace: this.namespace, selector: this });
    this.services.push(service);
    return service;
  }

  /** Routes `path` of an Ingress to this workload, through its Service (created if needed). */
  exposeViaIngress(path: string, options: ExposeViaIngressOptions = {}): Ingress {
    const service = options.service ?? this.services[0] ?? this.exposeViaService();
    const name = options.name ?? this.name;
    const ingress = new Ingress(this, `ingress-${name}`, {
      name,
      namespace: this.namespace,
      className: options.className,
      tls: options.tls,
      annotations: options.annotations,
    }).belongsTo(this);
    ingress.addRule(options.host, path, service, options.port, options.pathType);
    return ingress;
  }

  /** Creates a HorizontalPodAutoscaler for this workload; `replicas` is then left out of the rendered spec. */
  autoscale(options: AutoscaleOptions): HorizontalPodAutoscaler {
    return new HorizontalPodAutoscaler(this, 'autoscaler', { ...options, name: this.name, namespace: this.namespace, target: this });
  }

  /** Creates a PodDisruptionBudget for the pods of this workload. */
  addDisruptionBudget(options: DisruptionBudgetOptions = {}): PodDisruptionBudget {
    return new PodDisruptionBudget(this, 'disruption-budget', { ...options, name: this.name, namespace: this.namespace, workload: this });
  }

  /** Called by an autoscaler that targets this workload. @internal */
  registerAutoscaler(autoscaler: HorizontalPodAutoscaler): void {
    if (this.autoscaler) {
      this.addProblem('spec.replicas', `two autoscalers target it ("${this.autoscaler.name}" and "${autoscaler.name}")`, 'keep one autoscaler per workload');
    }
    this.autoscaler = autoscaler;
  }

  protected override get requiresProbes(): boolean {
    return true;
  }

  /** Replicas to render: none when an autoscaler owns them, so a GitOps tool does not fight it. */
  protected renderReplicas(): number | undefined {
    return this.autoscaler ? undefined : (this.replicaCount ?? this.policy.workloads.replicas);
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    const replicas = this.replicaCount;
    if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
      problems.push({ field: 'spec.replicas', message: `replicas is ${replicas}`, fix: 'use a whole number of 0 or more' });
    }
    return problems;
  }
}
