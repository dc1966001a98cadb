import { asString } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { parseImage, WORKLOAD_KINDS } from '../workload';

export const imageTagLatest: Rule = {
  id: 'image-tag-latest',
  severity: 'warning',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A container image without a tag or with the tag latest (and no digest), so what runs changes without a change in the manifest.',
  hint: 'Pin the image to a version tag (and ideally a digest), e.g. nginx:1.27.3.',
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let index = 0; index < workload.containers.length; index++) {
      const entry = workload.containers[index];
      const image = asString(entry.container.image);
      if (image === undefined || image === '') continue;
      const reference = parseImage(image);
      if (reference.digest !== undefined) continue;
      if (reference.tag === undefined) (findings ??= []).push({ message: `container "${entry.name}" image "${image}" has no tag, so it pulls latest`, path: [...entry.path, 'image'] });
      else if (reference.tag === 'latest') (findings ??= []).push({ message: `container "${entry.name}" image "${image}" uses the latest tag`, path: [...entry.path, 'image'] });
    }
    return findings ?? NO_FINDINGS;
  },
};
