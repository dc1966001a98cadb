import { asRecord, asString, describeType } from '../object';
import { dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem, pathSegmentProblem } from '../names';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';

const RBAC_KINDS: ReadonlySet<string> = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** The API server's name check for a kind; subdomain for kinds it does not special-case. */
function nameProblem(kind: string, group: string, name: string): string | undefined {
  if (group === '' && kind === 'Service') return dns1035LabelProblem(name);
  if (group === '' && kind === 'Namespace') return dns1123LabelProblem(name);
  if (group === 'rbac.authorization.k8s.io' && RBAC_KINDS.has(kind)) return pathSegmentProblem(name);
  // Job names become the job-name pod label (63); CronJob names get an 11-character suffix for their Jobs.
  if (group === 'batch' && kind === 'Job') return dns1123SubdomainProblem(name, 63);
  if (group === 'batch' && kind === 'CronJob') return dns1123SubdomainProblem(name, 52);
  return dns1123SubdomainProblem(name);
}

export const invalidName: Rule = {
  id: 'invalid-name',
  severity: 'error',
  scope: 'object',
  kinds: 'any',
  description: 'metadata.name or metadata.namespace breaks the syntax the API server requires for the kind (DNS-1123 subdomain or label, DNS-1035 label for Services, length limits).',
  hint: 'Use lower-case letters, digits and "-" (and "." where the kind allows it), start and end with a letter or digit, and keep within the length limit.',
  check(_context, object) {
    const metadata = asRecord(object.raw.metadata);
    if (object.kind === '' || metadata === undefined) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    const name = metadata.name;
    if (name === undefined || name === null || name === '') {
      if (asString(metadata.generateName) === undefined) (findings ??= []).push({ message: 'metadata.name is missing', path: ['metadata', 'name'] });
    } else if (typeof name !== 'string') {
      (findings ??= []).push({ message: `metadata.name is ${describeType(name)}, not a string`, path: ['metadata', 'name'] });
    } else {
      const problem = nameProblem(object.kind, object.group, name);
      if (problem !== undefined) (findings ??= []).push({ message: `${object.kind} name "${name}" ${problem}`, path: ['metadata', 'name'] });
    }
    const namespace = metadata.namespace;
    if (typeof namespace === 'string' && namespace !== '') {
      const problem = dns1123LabelProblem(namespace);
      if (problem !== undefined) (findings ??= []).push({ message: `namespace "${namespace}" ${problem}`, path: ['metadata', 'namespace'] });
    }
    return findings ?? NO_FINDINGS;
  },
};
