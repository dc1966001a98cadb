import type { Reporter } from './reporter';
import { chunked, findingLocation, objectLabel, summaryLine } from './reporter';
import type { Report } from '../result';

/** One line per finding: `file:line:column: severity Kind/name: path: message [rule]`. */
export const textReporter: Reporter = (report, options) => chunked(textPieces(report, options));

function* textPieces(report: Report, { summary }: { summary: boolean }): Generator<string> {
  for (const result of report.results) {
    for (const finding of result.findings) {
      const path = finding.path ? `${finding.path}: ` : '';
      const construct = result.constructPath && finding.line !== undefined ? ` (construct ${result.constructPath})` : '';
      yield `${findingLocation(result, finding)}: ${finding.severity} ${objectLabel(result)}${construct}: ${path}${finding.message} [${finding.rule}]\n`;
      if (finding.hint) yield `    fix: ${finding.hint}\n`;
    }
  }
  // No input ends silently: a run that found nothing says what it read.
  if (report.results.length === 0) yield `0 resources in ${report.files ?? 0} ${report.files === 1 ? 'file' : 'files'}\n`;
  if (summary) yield `${summaryLine(report)}\n`;
}
