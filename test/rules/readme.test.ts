// The README's rule table is generated from the rules; this fails when it is stale or its markers are gone.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRulesMarkdownTable, replaceRulesTable, RULES_TABLE_END, RULES_TABLE_START } from '../../lib/validate/rules';

const README = join(__dirname, '..', '..', 'README.md');

describe('README rule table', () => {
  it('has the markers around the rule table', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toContain(RULES_TABLE_START);
    expect(readme).toContain(RULES_TABLE_END);
  });

  it('matches the rules (regenerate it with replaceRulesTable)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(replaceRulesTable(readme)).toBe(readme);
  });

  it('renders one row per rule with id, severity, kinds, description and fix', () => {
    const rows = renderRulesMarkdownTable().split('\n');
    expect(rows[0]).toBe('| Rule | Severity | Applies to | Checks | Fix |');
    expect(rows.find((row) => row.startsWith('| `privileged` |'))).toMatch(/^\| `privileged` \| error \| workloads \| .+ \| .+ \|$/);
    expect(rows.find((row) => row.startsWith('| `hpa-target-missing` |'))).toContain('| HorizontalPodAutoscaler (cross-resource) |');
  });

  it('replaces only what is between the markers', () => {
    const text = `# Title\n\n${RULES_TABLE_START}\nold table\n${RULES_TABLE_END}\n\nMore.\n`;
    const updated = replaceRulesTable(text);
    expect(updated.startsWith(`# Title\n\n${RULES_TABLE_START}\n\n| Rule |`)).toBe(true);
    expect(updated.endsWith(`|\n\n${RULES_TABLE_END}\n\nMore.\n`)).toBe(true);
    expect(() => replaceRulesTable('# no markers')).toThrow('README needs the markers');
  });
});
