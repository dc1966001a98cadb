import type { Reporter } from './reporter';

/** The report as JSON: `{ kubernetesVersion, strict, summary, resources: [{ ...identity, status, findings }] }`. */
export const jsonReporter: Reporter = (report) => {
  const resources = report.results.map((result) => ({
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
  }));
  return `${JSON.stringify({ kubernetesVersion: report.kubernetesVersion, strict: report.strict, summary: report.summary, resources }, null, 2)}\n`;
};
