import type { Finding, Report, ResourceResult, Severity } from '../result';
import type { Reporter } from './reporter';
import { chunked, indentedJson, objectLabel } from './reporter';
import { describeRule } from '../rule-catalog';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function sarifResult(result: ResourceResult, finding: Finding, ruleIds: readonly string[]) {
  const line = finding.line ?? result.line;
  const column = finding.line !== undefined ? finding.column : result.column;
  return {
    ruleId: finding.rule,
    ruleIndex: ruleIds.indexOf(finding.rule),
    level: LEVELS[finding.severity],
    message: { text: `${objectLabel(result)}: ${finding.path ? `${finding.path}: ` : ''}${finding.message}` },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: result.file === '-' ? 'stdin' : result.file.split('\\').join('/') },
        ...(line !== undefined ? { region: { startLine: line, startColumn: column ?? 1 } } : {}),
      },
      ...(finding.path ? { logicalLocations: [{ fullyQualifiedName: `${objectLabel(result)}.${finding.path}` }] } : {}),
    }],
  };
}

/** SARIF 2.1.0: one result per finding, located at file, line and column; written one result at a time. */
export const sarifReporter: Reporter = (report) => chunked(sarifPieces(report));

function* sarifPieces(report: Report): Generator<string> {
  const ids = new Set<string>();
  for (const result of report.results) for (const finding of result.findings) ids.add(finding.rule);
  const ruleIds = [...ids].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'kubeforge', rules: ruleIds.map((id) => ({ id, shortDescription: { text: describeRule(id) } })) } },
      results: [],
    }],
  };
  // The document without its results, which are written in between, where its empty list stands.
  const frame = `${JSON.stringify(sarif, null, 2)}\n`;
  const gap = frame.lastIndexOf('"results": []') + '"results": ['.length;
  yield frame.slice(0, gap);
  let count = 0;
  for (const result of report.results) {
    for (const finding of result.findings) yield `${count++ === 0 ? '' : ','}\n        ${indentedJson(sarifResult(result, finding, ruleIds), 4)}`;
  }
  if (count > 0) yield '\n      ';
  yield frame.slice(gap);
}
