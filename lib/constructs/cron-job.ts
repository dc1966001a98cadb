// CronJob: a Job on a schedule; the schedule is checked with the cron syntax the Kubernetes controller accepts.
import type { Duration } from 'cdk8s';
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { jobProblems, renderJobSpec } from './job';
import type { JobOptions } from './job';
import { Workload } from './pod-template';
import type { WorkloadProps } from './pod-template';
import type { Problem } from './resource';
import { wholeSeconds } from './values';

export interface CronJobProps extends WorkloadProps, JobOptions {
  /** Cron schedule, e.g. `0 3 * * *` or `@daily`. */
  readonly schedule: string;
  /** IANA time zone of the schedule, e.g. `Europe/Berlin`. @default the policy's `cronJobs.timeZone` */
  readonly timeZone?: string;
  /** What to do when a run is due while the previous one still runs. @default the policy's `cronJobs.concurrencyPolicy` */
  readonly concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  /** Create the CronJob suspended. @default none (false) */
  readonly suspendSchedule?: boolean;
  /** Successful Jobs kept. @default the policy's `cronJobs.successfulJobsHistoryLimit` */
  readonly successfulJobsHistoryLimit?: number;
  /** Failed Jobs kept. @default the policy's `cronJobs.failedJobsHistoryLimit` */
  readonly failedJobsHistoryLimit?: number;
  /** How late a missed run may still start. @default none (no deadline) */
  readonly startingDeadline?: Duration;
}

export class CronJob extends Workload<k8s.CronJob> {
  private readonly config: CronJobProps;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    // Job names get an 11-character suffix per run, so CronJob names stop at 52 characters.
    super(scope, id, { apiVersion: 'batch/v1', kind: 'CronJob', clusterScoped: false, nameRule: 'dns-subdomain', maxNameLength: 52 }, props);
    this.config = props;
  }

  protected get podPath(): string {
    return 'spec.jobTemplate.spec.template';
  }

  protected override problems(): Problem[] {
    const problems = [...super.problems(), ...jobProblems(this.config, 'spec.jobTemplate.spec', this.policy)];
    const scheduleIssue = cronProblem(this.config.schedule);
    if (scheduleIssue) problems.push({ field: 'spec.schedule', message: scheduleIssue, fix: 'write five fields (minute hour day-of-month month day-of-week) or a macro such as @daily' });
    const timeZone = this.config.timeZone ?? this.policy.cronJobs.timeZone;
    if (timeZone !== undefined && !isTimeZone(timeZone)) {
      problems.push({ field: 'spec.timeZone', message: `"${timeZone}" is not an IANA time zone`, fix: 'use a name such as "Etc/UTC" or "Europe/Berlin"' });
    }
    return problems;
  }

  protected renderBody(): Record<string, unknown> {
    const props = this.config;
    const policy = this.policy;
    const template = this.renderPodTemplate(props.restartPolicy ?? policy.jobs.restartPolicy);
    const spec: k8s.CronJobSpec = {
      schedule: props.schedule,
      timeZone: props.timeZone ?? policy.cronJobs.timeZone,
      concurrencyPolicy: props.concurrencyPolicy ?? policy.cronJobs.concurrencyPolicy,
      suspend: props.suspendSchedule,
      successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? policy.cronJobs.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? policy.cronJobs.failedJobsHistoryLimit,
      startingDeadlineSeconds: props.startingDeadline && wholeSeconds(props.startingDeadline),
      jobTemplate: { metadata: { labels: template.metadata?.labels }, spec: renderJobSpec(props, policy, template) },
    };
    return { spec };
  }
}

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly namesStart?: number;
  readonly allowsQuestionMark?: boolean;
}

const FIELDS: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31, allowsQuestionMark: true },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesStart: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, namesStart: 0, allowsQuestionMark: true },
];

/** What is wrong with a cron schedule, in the standard five-field syntax Kubernetes accepts, or undefined. */
export function cronProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  if (/^(CRON_)?TZ=/.test(text)) return `schedule "${schedule}" sets a time zone, which Kubernetes rejects; use \`timeZone\` instead`;
  if (text.startsWith('@')) {
    if (MACROS.has(text)) return undefined;
    if (/^@every \d+(\.\d+)?(ns|us|µs|ms|s|m|h)+/.test(text)) return undefined;
    return `schedule "${schedule}" is not a known macro`;
  }
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return `schedule "${schedule}" has ${parts.length} fields, not 5`;
  for (let index = 0; index < 5; index++) {
    const issue = fieldProblem(parts[index], FIELDS[index]);
    if (issue) return `schedule "${schedule}": ${issue}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: CronField): string | undefined {
  for (const item of text.split(',')) {
    const [range, step, ...rest] = item.split('/');
    if (rest.length > 0 || range === '') return `${field.name} "${item}" is malformed`;
    if (step !== undefined && !/^\d+$/.test(step)) return `${field.name} step "${step}" is not a number`;
    if (step !== undefined && Number(step) === 0) return `${field.name} step may not be 0`;
    if (range === '*' || (range === '?' && field.allowsQuestionMark)) continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `${field.name} range "${range}" is malformed`;
    const values = bounds.map((bound) => cronValue(bound, field));
    if (values.some((value) => value === undefined)) return `${field.name} "${range}" must be within ${field.min}-${field.max}${field.names ? ' or a name' : ''}`;
    if (values.length === 2 && values[0]! > values[1]!) return `${field.name} range "${range}" runs backwards`;
  }
  return undefined;
}

function cronValue(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named !== -1) return named + (field.namesStart ?? 0);
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
