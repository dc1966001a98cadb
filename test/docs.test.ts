// The README documents the public API: its construct reference is generated from the TSDoc and must be current,
// and every name exported from 'kubeforge' appears in it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as kubeforge from '../lib';
import { CONSTRUCTS_END, CONSTRUCTS_START, renderConstructReference, replaceConstructReference } from '../scripts/construct-docs';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  const reference = renderConstructReference();

  it('holds the construct reference as generated from the TSDoc (npm run docs regenerates it)', () => {
    expect(replaceConstructReference(README, reference) === README, 'README.md is stale: run npm run docs').toBe(true);
  });

  it('documents each construct with its props, defaults and verbs', () => {
    const deployment = reference.slice(reference.indexOf('#### `Deployment`'), reference.indexOf('#### `StatefulSet`'));
    expect(deployment).toContain('`new Deployment(scope, id, props?: DeploymentProps)`');
    expect(deployment).toMatch(/^\| `strategy` \| `DeploymentStrategy` \| none \(RollingUpdate with 25% surge and 25% unavailable\) \| Update strategy\. \|$/m);
    expect(deployment).toMatch(/^- `exposeViaService\(options\?\)`: Creates a Service for this workload/m);
    expect(deployment).not.toContain('registerAutoscaler');
    expect(reference).toMatch(/^\| `image` \| `string` \| required \| /m);
    // The policy's nested settings get a row each, with their defaults.
    expect(reference).toMatch(/^\| `workloads\.replicas` \| `number` \| 1 \| /m);
  });

  it('names every runtime export of kubeforge', () => {
    const missing = Object.keys(kubeforge).filter((name) => !new RegExp(`\`(new )?${name}[\`(.<]`).test(README));
    expect(missing).toEqual([]);
  });

  it('exports no internals', () => {
    for (const name of ['sortedRecord', 'hashEntries', 'compareCodePoints', 'mergeDeep', 'mergePatch', 'sortKeys', 'nameProblem', 'cronProblem']) {
      expect(Object.keys(kubeforge), name).not.toContain(name);
    }
    expect(kubeforge.EXTERNAL_REFS_ANNOTATION).toBe('kubeforge.io/external-refs');
  });

  it('replaces only what is between the markers', () => {
    const text = `# Title\n\n${CONSTRUCTS_START}\nold\n${CONSTRUCTS_END}\nMore.\n`;
    expect(replaceConstructReference(text, 'new\n')).toBe(`# Title\n\n${CONSTRUCTS_START}\n\nnew\n\n${CONSTRUCTS_END}\nMore.\n`);
    expect(() => replaceConstructReference('# no markers', 'x')).toThrow('README needs the markers');
  });
});
