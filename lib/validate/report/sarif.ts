import type { Severity } from '../result';
import type { Reporter } from './reporter';
import { objectLabel } from './reporter';
import { describeRule } from '../rule-catalog';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0: one result per finding, located at file, line and column. */
export const sarifReporter: Reporter = (report) => {
  const ruleIds = [...new Set(report.results.flatMap((result) => result.findings.map((finding) => finding.rule)))].sort();
  const results = report.results.flatMap((result) =>
    result.findings.map((finding) => {
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
    }),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'kubeforge', rules: ruleIds.map((id) => ({ id, shortDescription: { text: describeRule(id) } })) } },
      results,
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
