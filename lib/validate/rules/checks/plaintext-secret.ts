import { asRecord, describe } from '../object';
import type { Rule, RuleFinding } from '../types';

export const plaintextSecret: Rule = {
  id: 'plaintext-secret',
  severity: 'warning',
  scope: 'object',
  kinds: ['Secret'],
  description: 'A Secret with data or stringData in the rendered manifests, so the credential is committed to the repository (base64 is not encryption).',
  hint: 'Keep credentials out of Git: use Sealed Secrets, SOPS, External Secrets or a CSI secret store, and reference the Secret from the run.',
  check(_context, object) {
    const findings: RuleFinding[] = [];
    for (const field of ['data', 'stringData']) {
      const entries = asRecord(object.raw[field]);
      if (entries === undefined || Object.keys(entries).length === 0) continue;
      findings.push({ message: `${describe('Secret', object.name)} carries ${Object.keys(entries).length} plain ${field} entr${Object.keys(entries).length === 1 ? 'y' : 'ies'}`, path: [field] });
    }
    return findings;
  },
};
