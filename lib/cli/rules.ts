// `kubeforge rules`: every rule with its id, severity in effect, and what it checks.
import { GRADABLE_VALIDATOR_RULES, VALIDATOR_RULES } from '../validate/rule-catalog';
import { listRules, parseRuleFlags } from '../validate/rules';
import { settingOf } from '../validate/rules/settings';
import { parseArgs, UsageError } from './args';
import type { CommandIo } from './io';

export const RULES_HELP = `Usage: kubeforge rules [flags]

Lists every rule with its id, severity and one-line description, then the validator's own findings that
settings can change (schema, duplicate-object, crd-schema, ...).

Flags:
  -o, --output FORMAT     text (default) or json (also kinds, scope, fix hint and default severity)
      --rule ID=SETTING   show the severity in effect with this setting (off, error, warning, info; repeatable)
  -h, --help              this help
`;

const FLAGS = { output: { value: true, short: 'o' }, rule: { value: true, repeatable: true }, help: { short: 'h' } };

export async function runRulesCommand(argv: string[], io: CommandIo): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.get('help')) {
    io.stdout.write(RULES_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}; see --help`);
  const output = (flags.get('output') as string | undefined) ?? 'text';
  if (output !== 'text' && output !== 'json') throw new UsageError(`--output ${output} is not a format; use text or json`);
  let config;
  try {
    config = parseRuleFlags((flags.get('rule') as string[] | undefined) ?? []);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const rules = listRules(config);
  const validatorFindings = GRADABLE_VALIDATOR_RULES.map((id) => ({
    id,
    severity: settingOf(config.rules?.[id]) ?? 'error',
    defaultSeverity: 'error',
    description: VALIDATOR_RULES[id],
    scope: 'validator',
  }));
  if (output === 'json') {
    io.stdout.write(`${JSON.stringify([...rules, ...validatorFindings], null, 2)}\n`);
    return 0;
  }
  const idWidth = Math.max(...[...rules, ...validatorFindings].map((rule) => rule.id.length));
  for (const rule of rules) io.stdout.write(`${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(7)}  ${rule.description}\n`);
  io.stdout.write('\nvalidator findings (settable like rules; io, yaml, not-an-object, missing-api-version, missing-kind stay errors):\n');
  for (const finding of validatorFindings) io.stdout.write(`${finding.id.padEnd(idWidth)}  ${finding.severity.padEnd(7)}  ${finding.description}\n`);
  return 0;
}
