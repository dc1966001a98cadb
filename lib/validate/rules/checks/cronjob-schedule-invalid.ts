import { cronScheduleProblem, timeZoneProblem } from '../cron';
import { asRecord, asString } from '../object';
import type { Rule, RuleFinding } from '../types';

export const cronjobScheduleInvalid: Rule = {
  id: 'cronjob-schedule-invalid',
  severity: 'error',
  scope: 'object',
  kinds: ['CronJob'],
  description: 'A CronJob schedule the API server rejects (5 fields with ranges, steps, lists and JAN/MON names, or @hourly-style descriptors; no TZ= in it), one that never runs, or an unknown spec.timeZone.',
  hint: 'Write "minute hour day-of-month month day-of-week" (e.g. "30 2 * * MON-FRI") or a descriptor such as @daily, and set the zone in spec.timeZone.',
  check(_context, object) {
    const spec = asRecord(object.raw.spec);
    if (spec === undefined) return [];
    const findings: RuleFinding[] = [];
    const schedule = asString(spec.schedule);
    const scheduleProblem = schedule === undefined ? undefined : cronScheduleProblem(schedule);
    if (scheduleProblem !== undefined) findings.push({ message: `schedule "${schedule}": ${scheduleProblem}`, path: ['spec', 'schedule'] });
    const timeZone = asString(spec.timeZone);
    const zoneProblem = timeZone === undefined ? undefined : timeZoneProblem(timeZone);
    if (zoneProblem !== undefined) findings.push({ message: `timeZone ${zoneProblem}`, path: ['spec', 'timeZone'] });
    return findings;
  },
};
