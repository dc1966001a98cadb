// Regenerates the generated parts of README.md (the rule table, the construct reference) from the code: `npm run docs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { replaceRulesTable } from '../lib/validate/rules';
import { replaceConstructReference } from './construct-docs';

const readmePath = join(resolve(__dirname, '..', '..'), 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const updated = replaceConstructReference(replaceRulesTable(readme));
if (updated !== readme) writeFileSync(readmePath, updated);
process.stdout.write(updated === readme ? 'README.md is up to date\n' : 'README.md: rule table and construct reference regenerated\n');
