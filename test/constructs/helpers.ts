// Test helpers: synthesize a chart, validate every object with the strict schema validator, find objects, collect errors.
import { Chart, Testing } from 'cdk8s';
import type { ChartProps } from 'cdk8s';
import { validateObjects } from '../../lib/validate';

export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels: Record<string, string>; annotations?: Record<string, string> }; [key: string]: any };

/** A fresh app with one chart, in namespace `shop` unless told otherwise. */
export function newChart(props: ChartProps = { namespace: 'shop' }): Chart {
  return new Chart(Testing.app(), 'test', props);
}

/** Synthesizes the chart and fails the test when any object is invalid against the strict schemas. */
export function synth(chart: Chart): Manifest[] {
  const objects = Testing.synth(chart) as Manifest[];
  expectValid(objects);
  return objects;
}

export function expectValid(objects: readonly Manifest[]): void {
  const report = validateObjects(objects.map((object) => ({ object, file: `${object.kind}.${object.metadata?.name}.yaml` })));
  if (report.summary.invalid > 0 || report.summary.errors > 0) {
    const lines = report.results.flatMap((result) =>
      result.findings.map((finding) => `${result.kind} ${result.name}: ${finding.path}: ${finding.message} [${finding.rule}]`),
    );
    throw new Error(`schema validation failed:\n  ${lines.join('\n  ')}`);
  }
}

/** The one object of this kind (and name). */
export function find(objects: readonly Manifest[], kind: string, name?: string): Manifest {
  const matches = objects.filter((object) => object.kind === kind && (name === undefined || object.metadata.name === name));
  if (matches.length !== 1) throw new Error(`expected one ${kind}${name ? ` "${name}"` : ''}, found ${matches.length}`);
  return matches[0];
}

/** Every problem the constructs of the chart report at synth, as cdk8s would collect them. */
export function problemsOf(chart: Chart): string[] {
  return chart.node.findAll().flatMap((construct) => construct.node.validate());
}
