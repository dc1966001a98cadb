import { asRecord, describeType, readPath } from '../object';
import { ANNOTATIONS_MAX_BYTES, annotationKeyProblem } from '../names';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { metadataMapPaths } from '../workload';

/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_CODE_UNIT = 3;

export const invalidAnnotation: Rule = {
  id: 'invalid-annotation',
  severity: 'error',
  scope: 'object',
  kinds: 'any',
  description: 'An annotation key breaks the qualified-name syntax, a value is not a string, or all annotations of an object exceed 256 KiB.',
  hint: 'Use keys like example.com/name, quote non-string values, and move large data into a ConfigMap.',
  check(context, object) {
    let findings: RuleFinding[] | undefined;
    const mapPaths = metadataMapPaths(object, context.workload(object), 'annotations');
    for (let mapIndex = 0; mapIndex < mapPaths.length; mapIndex++) {
      const mapPath = mapPaths[mapIndex];
      const annotations = asRecord(readPath(object.raw, mapPath));
      if (annotations === undefined) continue;
      let length = 0;
      // for-in with an own-key check visits what Object.keys would, without an array per map.
      for (const key in annotations) {
        if (!Object.prototype.hasOwnProperty.call(annotations, key)) continue;
        const value = annotations[key];
        const keyProblem = annotationKeyProblem(key);
        if (keyProblem !== undefined) (findings ??= []).push({ message: `annotation key "${key}" ${keyProblem}`, path: [...mapPath, key] });
        if (typeof value !== 'string') {
          (findings ??= []).push({ message: `annotation "${key}" value is ${describeType(value)}, not a string (quote it in YAML)`, path: [...mapPath, key] });
          continue;
        }
        length += key.length + value.length;
      }
      // Counting UTF-8 bytes is only needed when the text could be over the limit.
      if (length * MAX_BYTES_PER_CODE_UNIT <= ANNOTATIONS_MAX_BYTES) continue;
      let bytes = 0;
      for (const key of Object.keys(annotations)) {
        const value = annotations[key];
        if (typeof value === 'string') bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
      }
      if (bytes > ANNOTATIONS_MAX_BYTES) {
        (findings ??= []).push({ message: `annotations take ${bytes} bytes, more than the ${ANNOTATIONS_MAX_BYTES} the API server accepts`, path: mapPath });
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
