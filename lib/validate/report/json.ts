import type { Report, ResourceResult } from '../result';
import type { Reporter } from './reporter';
import { chunked, indentedJson } from './reporter';

function resourceOf(result: ResourceResult) {
  return {
    file: result.file,
    document: result.document,
    line: result.line,
    column: result.column,
    apiVersion: result.apiVersion,
    kind: result.kind,
    name: result.name,
    namespace: result.namespace,
    constructPath: result.constructPath,
    status: result.status,
    findings: result.findings.map((finding) => ({
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      path: finding.path,
      line: finding.line,
      column: finding.column,
      hint: finding.hint,
    })),
  };
}

/** The report as one JSON document (`JSON.stringify(..., null, 2)`), written one resource at a time. */
export const jsonReporter: Reporter = (report) => chunked(jsonPieces(report));

function* jsonPieces(report: Report): Generator<string> {
  const head = { kubernetesVersion: report.kubernetesVersion, strict: report.strict, summary: report.summary };
  yield indentedJson(head, 0).replace(/\n\}$/, ',\n  "resources": ');
  if (report.results.length === 0) yield '[]';
  else {
    yield '[';
    for (let index = 0; index < report.results.length; index++) yield `${index === 0 ? '' : ','}\n    ${indentedJson(resourceOf(report.results[index]), 2)}`;
    yield '\n  ]';
  }
  yield '\n}\n';
}
