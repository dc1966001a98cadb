// `npm run bench`: every benchmark, with its peer or floor measured in the same run. Run on a quiet machine.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './measure';
import { printValidateBenchmark, runValidateBenchmark } from './validate';

const work = join(REPO, 'bench', '.work');
mkdirSync(work, { recursive: true });
const only = process.argv[2];
if (only === undefined || only === 'validate') printValidateBenchmark(runValidateBenchmark(work));
