import type { Report, ResourceResult } from '../result';
import type { Reporter } from './reporter';
import { chunked, findingLocation, objectLabel } from './reporter';

function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function testCase(result: ResourceResult): string {
  const name = escapeXml(`${objectLabel(result)} (document ${result.document + 1})`);
  const open = `    <testcase name="${name}" classname="${escapeXml(result.file)}">`;
  const details = escapeXml(result.findings.map((finding) => `${findingLocation(result, finding)}: ${finding.path ? `${finding.path}: ` : ''}${finding.message} [${finding.rule}]`).join('\n'));
  const first = escapeXml(result.findings[0]?.message ?? '');
  switch (result.status) {
    case 'invalid':
      return `${open}\n      <failure message="${first}" type="${escapeXml(result.findings[0]?.rule ?? 'schema')}">${details}</failure>\n    </testcase>`;
    case 'error':
      return `${open}\n      <error message="${first}" type="${escapeXml(result.findings[0]?.rule ?? 'error')}">${details}</error>\n    </testcase>`;
    case 'skipped':
      return `${open}\n      <skipped/>\n    </testcase>`;
    default:
      return result.findings.length > 0 ? `${open}\n      <system-out>${details}</system-out>\n    </testcase>` : `${open}</testcase>`;
  }
}

/** JUnit XML: one test suite per file (in the order files first appear), one test case per resource. */
export const junitReporter: Reporter = (report) => chunked(junitPieces(report));

function* junitPieces(report: Report): Generator<string> {
  const byFile = new Map<string, ResourceResult[]>();
  for (const result of report.results) {
    const list = byFile.get(result.file);
    if (list === undefined) byFile.set(result.file, [result]);
    else list.push(result);
  }
  const { resources, invalid, errors, skipped } = report.summary;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kubeforge validate" tests="${resources}" failures="${invalid}" errors="${errors}" skipped="${skipped}">\n`;
  for (const [file, results] of byFile) {
    const count = (status: string) => results.filter((result) => result.status === status).length;
    yield `  <testsuite name="${escapeXml(file)}" tests="${results.length}" failures="${count('invalid')}" errors="${count('error')}" skipped="${count('skipped')}">\n`;
    for (const result of results) yield `${testCase(result)}\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}
