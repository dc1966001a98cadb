// `npm run bench`: every benchmark, with its peer or floor measured in the same run. Run on a quiet machine.
//   npm run bench              all benchmarks
//   npm run bench -- validate  only the validate benchmarks, both sizes (or: validate-large, the 100,000-resource
//                              corpus and the file of 120,000 Deployments alone; or: synth, diff, graph, import)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { printDiffBenchmark, runDiffBenchmark } from './diff';
import { printGraphBenchmark, runGraphBenchmark } from './graph';
import { printImportBenchmark, runImportBenchmark } from './import';
import { REPO } from './measure';
import { printSynthBenchmark, runSynthBenchmark } from './synth';
import { printValidateBenchmark, runValidateBenchmark } from './validate';
import { printLargeValidateBenchmark, runLargeValidateBenchmark } from './validate-large';

const work = join(REPO, 'bench', '.work');
mkdirSync(work, { recursive: true });
const only = process.argv[2];
async function main(): Promise<void> {
  if (only === undefined || only === 'validate') printValidateBenchmark(runValidateBenchmark(work));
  if (only === undefined || only === 'validate' || only === 'validate-large') printLargeValidateBenchmark(await runLargeValidateBenchmark(work));
  if (only === undefined || only === 'synth') printSynthBenchmark(runSynthBenchmark(work));
  if (only === undefined || only === 'diff') printDiffBenchmark(runDiffBenchmark(work));
  if (only === undefined || only === 'graph') printGraphBenchmark(runGraphBenchmark(work));
  if (only === undefined || only === 'import') printImportBenchmark(runImportBenchmark(work));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
