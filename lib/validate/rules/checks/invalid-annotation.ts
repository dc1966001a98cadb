import { asRecord, describeType, readPath } from '../object';
import { ANNOTATIONS_MAX_BYTES, qualifiedNameProblem } from '../names';
import type { Rule, RuleFinding } from '../types';
import { metadataMapPaths } from '../workload';

export const invalidAnnotation: Rule = {
  id: 'invalid-annotation',
  severity: 'error',
  scope: 'object',
  kinds: 'any',
  description: 'An annotation key breaks the qualified-name syntax, a value is not a string, or all annotations of an object exceed 256 KiB.',
  hint: 'Use keys like example.com/name, quote non-string values, and move large data into a ConfigMap.',
  check(context, object) {
    const findings: RuleFinding[] = [];
    for (const mapPath of metadataMapPaths(object, context.workload(object), 'annotations')) {
      const annotations = asRecord(readPath(object.raw, mapPath));
      if (annotations === undefined) continue;
      let bytes = 0;
      for (const [key, value] of Object.entries(annotations)) {
        // The API server checks annotation keys in lower case, so upper-case prefixes are accepted.
        const keyProblem = qualifiedNameProblem(key.toLowerCase());
        if (keyProblem !== undefined) findings.push({ message: `annotation key "${key}" ${keyProblem}`, path: [...mapPath, key] });
        if (typeof value !== 'string') {
          findings.push({ message: `annotation "${key}" value is ${describeType(value)}, not a string (quote it in YAML)`, path: [...mapPath, key] });
          continue;
        }
        bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
      }
      if (bytes > ANNOTATIONS_MAX_BYTES) {
        findings.push({ message: `annotations take ${bytes} bytes, more than the ${ANNOTATIONS_MAX_BYTES} the API server accepts`, path: mapPath });
      }
    }
    return findings;
  },
};
