// `npm run bench`: every benchmark, with its peer or floor measured in the same run. Run on a quiet machine.
//   npm run bench              all benchmarks
//   npm run bench -- validate  only the validate benchmark (or: synth, diff, graph)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { printDiffBenchmark, runDiffBenchmark } from './diff';
import { printGraphBenchmark, runGraphBenchmark } from './graph';
import { REPO } from './measure';
import { printSynthBenchmark, runSynthBenchmark } from './synth';
import { printValidateBenchmark, runValidateBenchmark } from './validate';

const work = join(REPO, 'bench', '.work');
mkdirSync(work, { recursive: true });
const only = process.argv[2];
if (only === undefined || only === 'validate') printValidateBenchmark(runValidateBenchmark(work));
if (only === undefined || only === 'synth') printSynthBenchmark(runSynthBenchmark(work));
if (only === undefined || only === 'diff') printDiffBenchmark(runDiffBenchmark(work));
if (only === undefined || only === 'graph') printGraphBenchmark(runGraphBenchmark(work));
