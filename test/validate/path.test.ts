import { describe, expect, it } from 'vitest';
import { formatPath, parsePath } from '../../lib/validate/result';

describe('finding paths', () => {
  const cases: [(string | number)[], string][] = [
    [[], ''],
    [['spec', 'replicas'], 'spec.replicas'],
    [['spec', 'template', 'spec', 'containers', 0, 'ports', 12, 'name'], 'spec.template.spec.containers[0].ports[12].name'],
    [['metadata', 'labels', 'app.kubernetes.io/name'], 'metadata.labels["app.kubernetes.io/name"]'],
    [['data', 'key with "quotes"] and ]'], 'data["key with \\"quotes\\"] and ]"]'],
    [[0, 'a'], '[0].a'],
  ];
  for (const [segments, text] of cases) {
    it(`formats ${JSON.stringify(segments)} as ${text} and reads it back`, () => {
      expect(formatPath(segments)).toBe(text);
      expect(parsePath(text)).toEqual(segments);
    });
  }
});
