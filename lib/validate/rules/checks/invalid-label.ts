import { asRecord, describeType, readPath } from '../object';
import { labelValueProblem, qualifiedNameProblem } from '../names';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { metadataMapPaths } from '../workload';

export const invalidLabel: Rule = {
  id: 'invalid-label',
  severity: 'error',
  scope: 'object',
  kinds: 'any',
  description: 'A label key or value (object or pod template) breaks the API server syntax: key [prefix/]name with name at most 63 characters, value at most 63 alphanumerics, "-", "_", ".".',
  hint: 'Use keys like app.kubernetes.io/name and values of at most 63 characters that start and end with a letter or digit; quote values YAML would read as numbers or booleans.',
  check(context, object) {
    let findings: RuleFinding[] | undefined;
    const mapPaths = metadataMapPaths(object, context.workload(object), 'labels');
    for (let mapIndex = 0; mapIndex < mapPaths.length; mapIndex++) {
      const mapPath = mapPaths[mapIndex];
      const labels = asRecord(readPath(object.raw, mapPath));
      if (labels === undefined) continue;
      // for-in with an own-key check visits what Object.keys would, without an array per map.
      for (const key in labels) {
        if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
        const value = labels[key];
        const keyProblem = qualifiedNameProblem(key);
        if (keyProblem !== undefined) (findings ??= []).push({ message: `label key "${key}" ${keyProblem}`, path: [...mapPath, key] });
        if (typeof value !== 'string') {
          (findings ??= []).push({ message: `label "${key}" value is ${describeType(value)}, not a string (quote it in YAML)`, path: [...mapPath, key] });
          continue;
        }
        const valueProblem = labelValueProblem(value);
        if (valueProblem !== undefined) (findings ??= []).push({ message: `label "${key}" value "${value}" ${valueProblem}`, path: [...mapPath, key] });
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
