// Regenerates the generated parts of README.md (the rule table) from the code: `npm run docs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { replaceRulesTable } from '../lib/validate/rules';

const readmePath = join(resolve(__dirname, '..', '..'), 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const updated = replaceRulesTable(readme);
if (updated !== readme) writeFileSync(readmePath, updated);
process.stdout.write(updated === readme ? 'README.md is up to date\n' : 'README.md: rule table regenerated\n');
