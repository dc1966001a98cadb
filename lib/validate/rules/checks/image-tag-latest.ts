import { asString } from '../object';
import type { Rule } from '../types';
import { ContainerEntry, ContainerReport, containerFindings, parseImage, WORKLOAD_KINDS } from '../workload';

function inspect(entry: ContainerEntry): ContainerReport {
  const image = asString(entry.container.image);
  if (image === undefined || image === '') return undefined;
  const reference = parseImage(image);
  if (reference.digest !== undefined) return undefined;
  if (reference.tag === undefined) return { message: `container "${entry.name}" image "${image}" has no tag, so it pulls latest`, path: [...entry.path, 'image'] };
  if (reference.tag === 'latest') return { message: `container "${entry.name}" image "${image}" uses the latest tag`, path: [...entry.path, 'image'] };
  return undefined;
}

export const imageTagLatest: Rule = {
  id: 'image-tag-latest',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container image without a tag or with the tag latest (and no digest), so what runs changes without a change in the manifest.',
  hint: 'Pin the image to a version tag (and ideally a digest), e.g. nginx:1.27.3.',
  check(context, object) {
    return containerFindings(context.workload(object), inspect);
  },
};
