import { asRecord } from '../object';
import type { Rule } from '../types';

export const cronjobConcurrencyMissing: Rule = {
  id: 'cronjob-concurrency-missing',
  severity: 'info',
  scope: 'object',
  kinds: ['CronJob'],
  description: 'A CronJob without concurrencyPolicy, so a slow run and the next one run at the same time (the default is Allow).',
  hint: 'Set spec.concurrencyPolicy to Forbid or Replace, or to Allow when overlapping runs are intended.',
  check(_context, object) {
    const spec = asRecord(object.raw.spec);
    if (spec === undefined || (spec.concurrencyPolicy !== undefined && spec.concurrencyPolicy !== null)) return [];
    return [{ message: 'has no spec.concurrencyPolicy; overlapping runs are allowed by default', path: ['spec', 'concurrencyPolicy'] }];
  },
};
