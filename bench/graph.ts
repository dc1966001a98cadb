// The graph benchmark: whole-process `kubeforge graph` on the validate corpus (json: reading, rules and links;
// html: also the layout and the page), against `kubeforge validate` on the same files in the same rounds.
import { join } from 'node:path';
import { writeCorpus } from './corpus';
import { formatMeasurement, measureInterleaved, median, REPO, type Measurement } from './measure';

const CLI = join(REPO, '.build', 'lib', 'cli', 'main.js');

export interface GraphBenchmark {
  readonly resources: number;
  readonly measurements: Measurement[];
  /** Median over rounds of graph html / validate, each pair measured back to back. */
  readonly htmlRatio: number;
}

export function runGraphBenchmark(workFolder: string): GraphBenchmark {
  const corpus = writeCorpus(join(workFolder, 'validate-corpus'));
  const { measurements, rounds } = measureInterleaved(
    [
      { label: `kubeforge validate, ${corpus.resources} resources`, args: [CLI, 'validate', corpus.folder], options: { okCodes: [0, 1] } },
      { label: 'kubeforge graph --format json', args: [CLI, 'graph', '--format', 'json', '--out', join(workFolder, 'graph.json'), corpus.folder] },
      { label: 'kubeforge graph --format html (layout, page)', args: [CLI, 'graph', '--format', 'html', '--out', join(workFolder, 'graph.html'), corpus.folder] },
    ],
    5,
  );
  return { resources: corpus.resources, measurements, htmlRatio: median(rounds.map((times) => times[2] / times[0])) };
}

export function printGraphBenchmark(result: GraphBenchmark): void {
  console.log(`graph: the validate corpus, ${result.resources} resources`);
  for (const measurement of result.measurements) console.log(`  ${formatMeasurement(measurement)}`);
  console.log(`  graph html / validate (median of per-round ratios): ${result.htmlRatio.toFixed(2)}`);
}
