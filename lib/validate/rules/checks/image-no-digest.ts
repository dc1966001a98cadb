import { asString } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

export const imageNoDigest: Rule = {
  id: 'image-no-digest',
  severity: 'info',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container image referenced by tag only; tags can be moved, digests cannot.',
  hint: 'Append the digest: image: registry/app:1.4.2@sha256:<digest>.',
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let index = 0; index < workload.containers.length; index++) {
      const entry = workload.containers[index];
      const image = asString(entry.container.image);
      // parseImage(image).digest is defined exactly when the reference contains '@'.
      if (image === undefined || image === '' || image.includes('@')) continue;
      (findings ??= []).push({ message: `container "${entry.name}" image "${image}" is not pinned by digest`, path: [...entry.path, 'image'] });
    }
    return findings ?? NO_FINDINGS;
  },
};
