// Job: pods that run to completion, with retries, parallelism, indexed completion and failure policies.
import type { Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { Workload } from './pod-template';
import type { WorkloadProps } from './pod-template';
import type { PolicySettings } from './policy';
import type { Problem } from './resource';
import { wholeSeconds } from './values';

/** What a Job runs and how; shared by Job and the job template of a CronJob. */
export interface JobOptions {
  /** Successful pods needed. @default none (1) */
  readonly completions?: number;
  /** Pods running at once. @default none (1) */
  readonly parallelism?: number;
  /** Indexed gives each pod an index (JOB_COMPLETION_INDEX). @default none ('NonIndexed') */
  readonly completionMode?: 'NonIndexed' | 'Indexed';
  /** Retries before the Job fails. @default the policy's `jobs.backoffLimit` */
  readonly backoffLimit?: number;
  /** Retries per index of an Indexed Job. @default none */
  readonly backoffLimitPerIndex?: number;
  /** Time after which a running Job is stopped and failed. @default none */
  readonly activeDeadline?: Duration;
  /** Time a finished Job is kept before deletion. @default the policy's `jobs.ttlSecondsAfterFinished` */
  readonly ttlAfterFinished?: Duration;
  /** Rules that fail the Job or ignore a pod failure by exit code or condition. @default none */
  readonly podFailurePolicy?: k8s.PodFailurePolicy;
  /** Restart failed containers in place (OnFailure) or start new pods (Never). @default the policy's `jobs.restartPolicy` */
  readonly restartPolicy?: 'Never' | 'OnFailure';
  /** Create the Job suspended. @default none (false) */
  readonly suspend?: boolean;
}

export interface JobProps extends WorkloadProps, JobOptions {}

export function renderJobSpec(options: JobOptions, policy: PolicySettings, template: k8s.PodTemplateSpec): k8s.JobSpec {
  const ttl = options.ttlAfterFinished ? wholeSeconds(options.ttlAfterFinished) : policy.jobs.ttlSecondsAfterFinished;
  return {
    completions: options.completions,
    parallelism: options.parallelism,
    completionMode: options.completionMode,
    backoffLimit: options.backoffLimit ?? policy.jobs.backoffLimit,
    backoffLimitPerIndex: options.backoffLimitPerIndex,
    activeDeadlineSeconds: options.activeDeadline && wholeSeconds(options.activeDeadline),
    ttlSecondsAfterFinished: ttl,
    podFailurePolicy: options.podFailurePolicy,
    suspend: options.suspend,
    template,
  };
}

export function jobProblems(options: JobOptions, field: string, policy: PolicySettings): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['completions', 'parallelism', 'backoffLimit', 'backoffLimitPerIndex'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) problems.push({ field: `${field}.${key}`, message: `${key} is ${value}`, fix: 'use a whole number of 0 or more' });
  }
  if (options.backoffLimitPerIndex !== undefined && options.completionMode !== 'Indexed') {
    problems.push({ field: `${field}.backoffLimitPerIndex`, message: 'backoffLimitPerIndex needs an Indexed Job', fix: "set `completionMode: 'Indexed'`" });
  }
  const restartPolicy = options.restartPolicy ?? policy.jobs.restartPolicy;
  if (options.podFailurePolicy && restartPolicy !== 'Never') {
    problems.push({ field: `${field}.podFailurePolicy`, message: 'a pod failure policy needs restartPolicy Never', fix: "set `restartPolicy: 'Never'`" });
  }
  return problems;
}

export class Job extends Workload<k8s.Job> {
  private readonly config: JobProps;

  constructor(scope: Construct, id: string, props: JobProps = {}) {
    super(scope, id, { apiVersion: 'batch/v1', kind: 'Job', clusterScoped: false, nameRule: 'dns-subdomain', maxNameLength: 63 }, props);
    this.config = props;
  }

  protected get podPath(): string {
    return 'spec.template';
  }

  protected override problems(): Problem[] {
    return [...super.problems(), ...jobProblems(this.config, 'spec', this.policy)];
  }

  protected renderBody(): Record<string, unknown> {
    const policy = this.policy;
    const template = this.renderPodTemplate(this.config.restartPolicy ?? policy.jobs.restartPolicy);
    return { spec: renderJobSpec(this.config, policy, template) };
  }
}
