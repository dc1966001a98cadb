// Plain data that every stage produces and every report format consumes; nothing here formats text.

export type Severity = 'error' | 'warning' | 'info';

/** What happened to one resource: valid, invalid (findings at error severity), error (not readable as a resource), skipped. */
export type ResourceStatus = 'valid' | 'invalid' | 'error' | 'skipped';

export interface Finding {
  /** Rule id: `schema`, `yaml`, `duplicate-key`, `missing-kind`, `unknown-kind`, `list-map-duplicate`, `duplicate-object`, ... */
  readonly rule: string;
  readonly severity: Severity;
  /** What is wrong and what was expected. */
  readonly message: string;
  /** Path of the offending field inside the object, e.g. `spec.template.spec.containers[0].image`; empty for the whole object. */
  readonly path: string;
  /** 1-based position of the offending node (its key where there is one), for objects read from files. */
  line?: number;
  column?: number;
  /** How to fix it, where a rule knows. */
  readonly hint?: string;
}

export interface ResourceResult {
  /** File the object was read from (`-` for standard input); for synthesized objects, the file it will be written to. */
  readonly file: string;
  /** 0-based index of the YAML document in its file. */
  readonly document: number;
  /** 1-based position where the object starts. */
  line?: number;
  column?: number;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  /** Path of the cdk8s construct that produced the object (synth only). */
  readonly constructPath?: string;
  status: ResourceStatus;
  readonly findings: Finding[];
}

export interface Summary {
  resources: number;
  valid: number;
  invalid: number;
  errors: number;
  skipped: number;
  /** Findings silenced by configuration or an ignore annotation. */
  silenced: number;
}

export interface Report {
  readonly kubernetesVersion: string;
  readonly strict: boolean;
  /** How many inputs were read (files, and standard input), so that an empty run says what it read. */
  readonly files?: number;
  readonly results: ResourceResult[];
  readonly summary: Summary;
}

export function summarize(results: readonly ResourceResult[], silenced = 0): Summary {
  const summary: Summary = { resources: results.length, valid: 0, invalid: 0, errors: 0, skipped: 0, silenced };
  for (const result of results) {
    if (result.status === 'valid') summary.valid++;
    else if (result.status === 'invalid') summary.invalid++;
    else if (result.status === 'error') summary.errors++;
    else summary.skipped++;
  }
  return summary;
}

/** Exit code of a report: 1 when anything is invalid or in error, else 0. */
export function exitCodeOf(report: Report): 0 | 1 {
  return report.summary.invalid > 0 || report.summary.errors > 0 ? 1 : 0;
}

/** Formats a path of keys and indexes as `a.b[0]["dotted.key"]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Index of the quote that ends a JSON string whose content starts at `from`. */
function closingQuote(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index;
  }
  return -2;
}

/** The segments of a path written by formatPath (`a.b[0]["dotted.key"]` → ['a', 'b', 0, 'dotted.key']). */
export function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  let index = 0;
  while (index < path.length) {
    if (path[index] === '.') index++;
    if (path[index] === '[') {
      const close = path[index + 1] === '"' ? closingQuote(path, index + 2) + 1 : path.indexOf(']', index);
      if (close <= 0) break;
      const inner = path.slice(index + 1, close);
      segments.push(inner.startsWith('"') ? (JSON.parse(inner) as string) : Number(inner));
      index = close + 1;
    } else {
      let end = index;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      segments.push(path.slice(index, end));
      index = end;
    }
  }
  return segments;
}

/**
 * A copy of a string that holds its own characters: a slice of a file's text, or a message built from one,
 * keeps the whole text alive as long as the string lives.
 */
export function detached(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}
