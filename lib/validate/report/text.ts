import type { Reporter } from './reporter';
import { findingLocation, objectLabel, summaryLine } from './reporter';

/** One line per finding: `file:line:column: severity Kind/name: path: message [rule]`. */
export const textReporter: Reporter = (report, { summary }) => {
  const lines: string[] = [];
  for (const result of report.results) {
    for (const finding of result.findings) {
      const path = finding.path ? `${finding.path}: ` : '';
      const construct = result.constructPath && finding.line !== undefined ? ` (construct ${result.constructPath})` : '';
      lines.push(`${findingLocation(result, finding)}: ${finding.severity} ${objectLabel(result)}${construct}: ${path}${finding.message} [${finding.rule}]`);
      if (finding.hint) lines.push(`    fix: ${finding.hint}`);
    }
  }
  // No input ends silently: a run that found nothing says what it read.
  if (report.results.length === 0) lines.push(`0 resources in ${report.files ?? 0} ${report.files === 1 ? 'file' : 'files'}`);
  if (summary) lines.push(summaryLine(report));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
