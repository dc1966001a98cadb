import { asString } from '../object';
import type { Rule } from '../types';
import { ContainerEntry, ContainerReport, containerFindings, WORKLOAD_KINDS } from '../workload';

function inspect(entry: ContainerEntry): ContainerReport {
  const image = asString(entry.container.image);
  // parseImage(image).digest is defined exactly when the reference contains '@'.
  if (image === undefined || image === '' || image.includes('@')) return undefined;
  return { message: `container "${entry.name}" image "${image}" is not pinned by digest`, path: [...entry.path, 'image'] };
}

export const imageNoDigest: Rule = {
  id: 'image-no-digest',
  severity: 'info',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container image referenced by tag only; tags can be moved, digests cannot.',
  hint: 'Append the digest: image: registry/app:1.4.2@sha256:<digest>.',
  check(context, object) {
    return containerFindings(context.workload(object), inspect);
  },
};
