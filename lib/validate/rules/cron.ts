// CronJob schedules as the API server parses them (robfig/cron v3 ParseStandard) plus the checks it adds.

interface FieldRange {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAY_NAMES = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const FIELDS: readonly FieldRange[] = [
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { label: 'day of week', min: 0, max: 6, names: DAY_NAMES },
];

const DESCRIPTORS: ReadonlySet<string> = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Go's time.ParseDuration syntax: a sequence of decimal numbers with units, optionally signed. */
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;

/** Days in each month, February in a leap year (a schedule on Feb 29 does run). */
const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

interface ParsedField {
  readonly values: ReadonlySet<number>;
  /** `*` or `?` without a step: matters for how day of month and day of week combine. */
  readonly star: boolean;
}

class CronError extends Error {}

function parseNumber(text: string, range: FieldRange): number {
  const named = range.names?.[text.toLowerCase() as keyof typeof range.names];
  if (named !== undefined) return named;
  if (!/^[+]?\d+$/.test(text)) throw new CronError(`${range.label}: "${text}" is not a number${range.names ? ' or a name' : ''}`);
  return Number(text);
}

function parseRange(expression: string, range: FieldRange): ParsedField {
  const rangeAndStep = expression.split('/');
  if (rangeAndStep.length > 2) throw new CronError(`${range.label}: "${expression}" has more than one "/"`);
  const lowAndHigh = rangeAndStep[0].split('-');
  if (lowAndHigh.length > 2) throw new CronError(`${range.label}: "${expression}" has more than one "-"`);
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = range.min;
    end = range.max;
    star = true;
  } else {
    start = parseNumber(lowAndHigh[0], range);
    end = lowAndHigh.length === 2 ? parseNumber(lowAndHigh[1], range) : start;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    if (!/^[+]?\d+$/.test(rangeAndStep[1])) throw new CronError(`${range.label}: step "${rangeAndStep[1]}" is not a number`);
    step = Number(rangeAndStep[1]);
    // `5/15` means from 5 to the end of the range, every 15.
    if (lowAndHigh.length === 1) end = range.max;
    if (step > 1) star = false;
  }
  if (start < range.min) throw new CronError(`${range.label}: ${start} is below the minimum ${range.min}`);
  if (end > range.max) throw new CronError(`${range.label}: ${end} is above the maximum ${range.max}`);
  if (start > end) throw new CronError(`${range.label}: range "${expression}" starts after it ends`);
  if (step === 0) throw new CronError(`${range.label}: the step of "${expression}" must be a positive number`);
  const values = new Set<number>();
  for (let value = start; value <= end; value += step) values.add(value);
  return { values, star };
}

function parseField(text: string, range: FieldRange): ParsedField {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const parsed = parseRange(part, range);
    for (const value of parsed.values) values.add(value);
    star ||= parsed.star;
  }
  return { values, star };
}

/** True when some month of the schedule has one of its days of month (used when day of week is `*`). */
function dayExists(daysOfMonth: ParsedField, months: ParsedField): boolean {
  for (const month of months.values) {
    for (const day of daysOfMonth.values) if (day <= DAYS_IN_MONTH[month]) return true;
  }
  return false;
}

/** Why the API server would reject `schedule` or the CronJob would never run; undefined when it is fine. */
export function cronScheduleProblem(schedule: string): string | undefined {
  if (schedule.includes('TZ')) return 'time zones in the schedule (CRON_TZ= or TZ=) are rejected by the API server; set spec.timeZone instead';
  const trimmed = schedule.trim();
  if (trimmed === '') return 'the schedule is empty';
  if (trimmed.startsWith('@')) {
    if (DESCRIPTORS.has(trimmed)) return undefined;
    if (trimmed.startsWith('@every ')) {
      const duration = trimmed.slice('@every '.length);
      return GO_DURATION.test(duration) ? undefined : `"${duration}" is not a duration such as 90s, 15m or 1h30m`;
    }
    return `unknown descriptor "${trimmed}"; use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `expected 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  try {
    const parsed = fields.map((field, position) => parseField(field, FIELDS[position]));
    const [, , daysOfMonth, months, daysOfWeek] = parsed;
    // With day of week `*` the day of month alone decides; restricted on both, either one matching is enough.
    if (daysOfWeek.star && !daysOfMonth.star && !dayExists(daysOfMonth, months)) {
      return 'the schedule never runs: no month in it has that day of month';
    }
    return undefined;
  } catch (error) {
    if (error instanceof CronError) return error.message;
    throw error;
  }
}

/** Why `timeZone` is not an IANA time zone name the API server accepts; undefined when it is one. */
export function timeZoneProblem(timeZone: string): string | undefined {
  if (timeZone.toLowerCase() === 'local') return '"Local" is not allowed; name an IANA time zone such as Europe/Berlin or Etc/UTC';
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return `"${timeZone}" is not an IANA time zone name such as Europe/Berlin or Etc/UTC`;
  }
  // ICU accepts names in any case; the API server looks them up case-sensitively.
  if (resolved !== timeZone && resolved.toLowerCase() === timeZone.toLowerCase()) return `time zone names are case-sensitive: write "${resolved}"`;
  return undefined;
}
