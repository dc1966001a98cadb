// Every default that a construct applies lives here, in one object that the app, a chart or one construct can change.
// Constructs read the policy at synth time, so `Policy.set` may be called before or after they are created.
import type { IConstruct } from 'constructs';
import type { PodSecurityContext, SecurityContext } from '../k8s';
import { ByteSize, Cpu, PercentOrAbsolute } from './values';

export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';
export type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** Request and limit of one resource; either may be left out. */
export interface RequestAndLimit<T> {
  /** What the scheduler reserves. @default none */
  readonly request?: T;
  /** The most the container may use. @default none */
  readonly limit?: T;
}

/** Compute resources of a container. */
export interface ContainerResources {
  /** CPU request and limit. @default the policy's */
  readonly cpu?: RequestAndLimit<Cpu>;
  /** Memory request and limit. @default the policy's */
  readonly memory?: RequestAndLimit<ByteSize>;
  /** Ephemeral (scratch) storage request and limit. @default the policy's */
  readonly ephemeralStorage?: RequestAndLimit<ByteSize>;
  /** Extended resources such as `nvidia.com/gpu`, rendered as limits (the request equals the limit). @default none */
  readonly extended?: { readonly [resource: string]: number };
}

export interface PolicySettings {
  readonly labels: {
    /** `app.kubernetes.io/managed-by` on every object. @default 'kubeforge' */
    readonly managedBy: string;
    /** `app.kubernetes.io/part-of` on every object that does not set its own. @default none */
    readonly partOf?: string;
  };
  readonly images: {
    /** Whether an image without a tag or digest, or tagged `latest`, is accepted. @default false */
    readonly allowLatest: boolean;
    /** imagePullPolicy of every container. @default 'IfNotPresent' */
    readonly pullPolicy?: ImagePullPolicy;
  };
  /** Resources of every container that does not set them (per field). @default requests 100m CPU and 128Mi memory, a 512Mi memory limit */
  readonly resources: ContainerResources;
  /**
   * Security context of every container, merged under the container's own. Non-root needs an image whose USER is a
   * numeric non-root user, or a `runAsUser`; for an image that runs as root set `securityContext: { runAsNonRoot: false }`
   * on its container. A read-only root file system needs emptyDir mounts where the process writes (e.g. /tmp).
   * @default no privilege escalation, non-root, read-only root file system
   */
  readonly containerSecurity: SecurityContext;
  /** Security context of every pod, merged under the pod's own. @default none */
  readonly podSecurity: PodSecurityContext;
  /** Mount the service account token: `auto` mounts it only when the pod names a service account. @default 'auto' */
  readonly automountServiceAccountToken: boolean | 'auto';
  /** Probes that every container of a Deployment or StatefulSet must declare. @default none */
  readonly requiredProbes: readonly ProbeKind[];
  readonly workloads: {
    /** Replicas of a Deployment or StatefulSet that does not set them. @default 1 */
    readonly replicas: number;
    /** Old ReplicaSets or revisions kept for rollback. @default 3 */
    readonly revisionHistoryLimit: number;
  };
  readonly jobs: {
    /** Restart policy of Job pods. @default 'Never' */
    readonly restartPolicy: 'Never' | 'OnFailure';
    /** Retries before a Job is marked failed. @default 6 */
    readonly backoffLimit: number;
    /** Seconds a finished Job is kept; unset keeps it, which GitOps tools need to avoid re-creating it. @default none */
    readonly ttlSecondsAfterFinished?: number;
  };
  readonly cronJobs: {
    /** What to do when a run is due while the previous one still runs. @default 'Forbid' */
    readonly concurrencyPolicy: 'Allow' | 'Forbid' | 'Replace';
    /** Successful Jobs kept. @default 3 */
    readonly successfulJobsHistoryLimit: number;
    /** Failed Jobs kept. @default 1 */
    readonly failedJobsHistoryLimit: number;
    /** IANA time zone of schedules. @default none (the controller's time zone, normally UTC) */
    readonly timeZone?: string;
  };
  readonly autoscaling: {
    /** minReplicas of an autoscaler that does not set it. @default 1 */
    readonly minReplicas: number;
    /** Target average CPU utilization (percent of requests) of an autoscaler given no metrics. @default 80 */
    readonly cpuUtilization: number;
  };
  readonly disruptionBudget: {
    /** Pods a disruption budget lets go at once when it sets neither field. @default 1 */
    readonly maxUnavailable: PercentOrAbsolute;
  };
  readonly secrets: {
    /** Whether a Secret construct may render its data into the manifests. @default false */
    readonly allowPlainData: boolean;
  };
}

/** A partial policy: objects merge field by field, arrays and value types replace, an explicit `undefined` unsets. */
export type PolicyOverrides = DeepPartial<PolicySettings>;

export type DeepPartial<T> = T extends Cpu | ByteSize | PercentOrAbsolute | readonly unknown[] | string | number | boolean
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export const DEFAULT_POLICY: PolicySettings = {
  labels: { managedBy: 'kubeforge' },
  images: { allowLatest: false, pullPolicy: 'IfNotPresent' },
  resources: {
    cpu: { request: Cpu.millis(100) },
    memory: { request: ByteSize.mebibytes(128), limit: ByteSize.mebibytes(512) },
  },
  // Exactly what the rules ask for (privilege-escalation, run-as-root, read-only-root-fs), so defaults pass them.
  containerSecurity: { allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true },
  podSecurity: {},
  automountServiceAccountToken: 'auto',
  requiredProbes: [],
  workloads: { replicas: 1, revisionHistoryLimit: 3 },
  jobs: { restartPolicy: 'Never', backoffLimit: 6 },
  cronJobs: { concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 },
  autoscaling: { minReplicas: 1, cpuUtilization: 80 },
  disruptionBudget: { maxUnavailable: PercentOrAbsolute.absolute(1) },
  secrets: { allowPlainData: false },
};

const overridesByScope = new WeakMap<IConstruct, PolicyOverrides[]>();

/** Sets and reads the policy of a scope: the defaults, then every override from the root down to the scope. */
export class Policy {
  /** Overrides the policy for `scope` and everything below it (an App, a Chart or one construct). */
  static set(scope: IConstruct, overrides: PolicyOverrides): void {
    overridesByScope.set(scope, [...(overridesByScope.get(scope) ?? []), overrides]);
  }

  /** The effective policy at `scope`. */
  static of(scope: IConstruct): PolicySettings {
    let policy: PolicySettings = DEFAULT_POLICY;
    for (const ancestor of scope.node.scopes) {
      for (const overrides of overridesByScope.get(ancestor) ?? []) policy = mergeDeep(policy, overrides);
    }
    return policy;
  }

  private constructor() {}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Merges `overrides` into `base`: plain objects field by field, anything else replaced; `undefined` values unset. */
export function mergeDeep<T>(base: T, overrides: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides as T;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete result[key];
    else result[key] = isPlainObject(value) && isPlainObject(result[key]) ? mergeDeep(result[key], value) : value;
  }
  return result as T;
}
