import { asRecord, asString, describe } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';

export const ingressTlsSecretMissing: Rule = {
  id: 'ingress-tls-secret-missing',
  severity: 'warning',
  scope: 'cross-resource',
  kinds: ['Ingress'],
  description: 'An Ingress TLS secretName names a Secret that is not in the run and not declared external.',
  hint: 'Add the Secret to the run, or declare it in kubeforge.io/external-refs (secret/<name>) when cert-manager or another tool creates it.',
  check(context, object) {
    const tls = asRecord(object.raw.spec)?.tls;
    if (!Array.isArray(tls)) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let position = 0; position < tls.length; position++) {
      const secretName = asString(asRecord(tls[position])?.secretName);
      if (secretName === undefined || secretName === '') continue;
      if (context.find('Secret', object.namespace, secretName).length > 0) continue;
      if (context.externalRefs(object).has('secret', secretName)) continue;
      if (context.createdByRun('Secret', object.namespace, secretName) !== undefined) continue;
      (findings ??= []).push({
        absent: true,
        message: `TLS ${describe('Secret', secretName, object.namespace)} is not in this run`,
        path: ['spec', 'tls', position, 'secretName'],
        hint: `Add ${describe('Secret', secretName)} to the run, or declare it with the annotation kubeforge.io/external-refs: "secret/${secretName}".`,
      });
    }
    return findings ?? NO_FINDINGS;
  },
};
