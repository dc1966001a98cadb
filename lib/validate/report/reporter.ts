import type { Finding, Report, ResourceResult } from '../result';

/** A report format: the whole report in, the text to print out. */
export type Reporter = (report: Report, options: { summary: boolean }) => string;

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
