import { asString } from '../object';
import type { Rule, RuleFinding } from '../types';
import { parseImage, WORKLOAD_KINDS } from '../workload';

export const imageNoDigest: Rule = {
  id: 'image-no-digest',
  severity: 'info',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container image referenced by tag only; tags can be moved, digests cannot.',
  hint: 'Append the digest: image: registry/app:1.4.2@sha256:<digest>.',
  check(context, object) {
    const findings: RuleFinding[] = [];
    for (const entry of context.workload(object)?.containers ?? []) {
      const image = asString(entry.container.image);
      if (image === undefined || image === '' || parseImage(image).digest !== undefined) continue;
      findings.push({ message: `container "${entry.name}" image "${image}" is not pinned by digest`, path: [...entry.path, 'image'] });
    }
    return findings;
  },
};
