import type { Finding, Report, ResourceResult } from '../result';

/**
 * A report format: the whole report in, its text out in chunks, made as they are taken (a report of 100,000
 * objects with many findings each is larger than one string should be, and a slow reader of the output must not
 * make the chunks pile up in memory).
 */
export type Reporter = (report: Report, options: { summary: boolean }) => Iterable<string>;

/** Gathers small pieces into chunks of about 64 KiB: fewer, larger writes. */
export function* chunked(pieces: Iterable<string>): Generator<string> {
  let gathered: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    gathered.push(piece);
    length += piece.length;
    if (length >= 65536) {
      yield gathered.join('');
      gathered = [];
      length = 0;
    }
  }
  if (gathered.length > 0) yield gathered.join('');
}

/** `JSON.stringify(value, null, 2)` of a value that sits `depth` levels deep in a document indented by 2. */
export function indentedJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/** `Kind/name` (or `Kind` for objects without a name) of a result, for one-line references. */
export function objectLabel(result: ResourceResult): string {
  const kind = result.kind ?? 'object';
  const name = result.name === undefined ? '' : `/${result.name}`;
  const namespace = result.namespace === undefined ? '' : ` (namespace ${result.namespace})`;
  return `${kind}${name}${namespace}`;
}

/** `file:line:column` of a finding, falling back to the object's position, then the document number. */
export function findingLocation(result: ResourceResult, finding?: Finding): string {
  const line = finding?.line ?? result.line;
  const column = finding?.line !== undefined ? finding.column : result.column;
  if (line !== undefined) return `${result.file}:${line}:${column ?? 1}`;
  return result.constructPath ? `${result.file} (construct ${result.constructPath})` : `${result.file} (document ${result.document + 1})`;
}

export function summaryLine(report: Report): string {
  const { resources, valid, invalid, errors, skipped, silenced } = report.summary;
  const silencedPart = silenced > 0 ? `, ${silenced} findings silenced` : '';
  return `Summary: ${resources} resources found: ${valid} valid, ${invalid} invalid, ${errors} errors, ${skipped} skipped${silencedPart} (Kubernetes ${report.kubernetesVersion}${report.strict ? ', strict' : ''})`;
}
