import { asRecord, asString } from '../object';
import type { Rule, RuleFinding } from '../types';
import { ContainerEntry, ContainerReport, containerFindings, WORKLOAD_KINDS } from '../workload';

/** Last words of variable names that hold credentials (DB_PASSWORD, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY). */
const CREDENTIAL_ENDINGS = [
  'PASSWORD',
  'PASSWD',
  'PASS',
  'PASSPHRASE',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'APIKEY',
  'API_KEY',
  'PRIVATE_KEY',
  'ACCESS_KEY',
  'SECRET_KEY',
  'CREDENTIAL',
  'CREDENTIALS',
] as const;

/** Words of a variable name in upper case: `dbPassword` and `DB_PASSWORD` both give DB, PASSWORD. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toUpperCase());
}

/** Cheap first test: every credential ending contains one of these. */
const CREDENTIAL_HINT = /pass|secret|token|key|credential/i;

export function looksLikeCredential(name: string): boolean {
  if (!CREDENTIAL_HINT.test(name)) return false;
  const nameWords = words(name);
  return CREDENTIAL_ENDINGS.some((ending) => {
    const endingWords = ending.split('_');
    return nameWords.length >= endingWords.length && endingWords.every((word, position) => nameWords[nameWords.length - endingWords.length + position] === word);
  });
}

/** `$(OTHER_VAR)` references are expanded from other variables, not literals. */
function isLiteral(value: string): boolean {
  if (!value.includes('$(')) return value.trim() !== '';
  return value.replace(/\$\([A-Za-z_][A-Za-z0-9_.-]*\)/g, '').trim() !== '';
}

function inspect(entry: ContainerEntry): ContainerReport {
  const env = entry.container.env;
  if (!Array.isArray(env)) return undefined;
  let findings: RuleFinding[] | undefined;
  for (let position = 0; position < env.length; position++) {
    const variable = asRecord(env[position]);
    const name = asString(variable?.name);
    const value = asString(variable?.value);
    if (name === undefined || value === undefined || !isLiteral(value) || !looksLikeCredential(name)) continue;
    (findings ??= []).push({ message: `container "${entry.name}" sets credential-like env "${name}" to a literal value`, path: [...entry.path, 'env', position, 'value'] });
  }
  return findings;
}

export const secretInEnvLiteral: Rule = {
  id: 'secret-in-env-literal',
  severity: 'error',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  params: { credentialEndings: CREDENTIAL_ENDINGS },
  description: 'An environment variable whose name says credential (…PASSWORD, …TOKEN, …SECRET, …API_KEY) has a literal value in the manifest.',
  hint: 'Move the value into a Secret and use valueFrom.secretKeyRef (or envFrom.secretRef).',
  check(context, object) {
    return containerFindings(context.workload(object), inspect);
  },
};
