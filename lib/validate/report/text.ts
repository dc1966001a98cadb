import type { Reporter } from './reporter';
import { chunkedWriter, findingLocation, objectLabel, summaryLine } from './reporter';

/** One line per finding: `file:line:column: severity Kind/name: path: message [rule]`. */
export const textReporter: Reporter = (report, { summary }, write) => {
  const out = chunkedWriter(write);
  for (const result of report.results) {
    for (const finding of result.findings) {
      const path = finding.path ? `${finding.path}: ` : '';
      const construct = result.constructPath && finding.line !== undefined ? ` (construct ${result.constructPath})` : '';
      out.add(`${findingLocation(result, finding)}: ${finding.severity} ${objectLabel(result)}${construct}: ${path}${finding.message} [${finding.rule}]\n`);
      if (finding.hint) out.add(`    fix: ${finding.hint}\n`);
    }
  }
  // No input ends silently: a run that found nothing says what it read.
  if (report.results.length === 0) out.add(`0 resources in ${report.files ?? 0} ${report.files === 1 ? 'file' : 'files'}\n`);
  if (summary) out.add(`${summaryLine(report)}\n`);
  out.flush();
};
