import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

// Repeats inside one list (two entries of containers named "app") are list-map-duplicate findings of the schema
// step; this rule reports only what that check cannot see: the same name in two of the three lists.
export const duplicateContainer: Rule = {
  id: 'duplicate-container',
  severity: 'error',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'Two containers of a pod in different lists (containers, initContainers, ephemeralContainers) share a name (repeats within one list are reported as list-map-duplicate); the API server rejects it.',
  hint: 'Give every container, init container and ephemeral container of the pod its own name.',
  check(context, object) {
    const containers = context.workload(object)?.containers;
    if (containers === undefined || containers.length < 2) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let index = 1; index < containers.length; index++) {
      const entry = containers[index];
      if (entry.name === '') continue;
      let otherList: string | undefined;
      let sameList = false;
      for (let earlier = 0; earlier < index && !sameList; earlier++) {
        const other = containers[earlier];
        if (other.name !== entry.name) continue;
        if (other.type === entry.type) sameList = true;
        else otherList ??= `${other.path[other.path.length - 2]}[${other.path[other.path.length - 1]}]`;
      }
      if (sameList || otherList === undefined) continue;
      (findings ??= []).push({ message: `container name "${entry.name}" is already used by ${otherList} of the pod`, path: [...entry.path, 'name'] });
    }
    return findings ?? NO_FINDINGS;
  },
};
