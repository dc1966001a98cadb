import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../scripts/gen-types';
import { API_VERSIONS, DEFAULT_KUBERNETES_VERSION } from '../lib/k8s';
import type { Deployment, IntOrString, Quantity } from '../lib/k8s';

const repo = join(__dirname, '..');
const schemaDir = join(repo, 'schemas', `v${DEFAULT_KUBERNETES_VERSION}`);

describe('generated Kubernetes types', () => {
  it('passes when the committed types match a regeneration from the committed schemas', () => {
    const definitions = JSON.parse(readFileSync(join(schemaDir, 'definitions.json'), 'utf8')).definitions;
    const index = JSON.parse(readFileSync(join(schemaDir, 'index.json'), 'utf8')).kinds;
    const committed = readFileSync(join(repo, 'lib', 'k8s', 'types.generated.ts'), 'utf8');
    expect(generateTypes(definitions, index)).toBe(committed);
  });

  it('maps well-known kinds to their preferred apiVersion', () => {
    expect(API_VERSIONS.Deployment).toBe('apps/v1');
    expect(API_VERSIONS.HorizontalPodAutoscaler).toBe('autoscaling/v2');
    expect(API_VERSIONS.Event).toBe('v1');
    expect(API_VERSIONS.CronJob).toBe('batch/v1');
    expect(API_VERSIONS.Ingress).toBe('networking.k8s.io/v1');
  });

  it('types objects without nulls, with int-or-string and quantities', () => {
    const surge: IntOrString = '25%';
    const memory: Quantity = '512Mi';
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        strategy: { rollingUpdate: { maxSurge: surge } },
        template: { spec: { containers: [{ name: 'web', resources: { limits: { memory } } }] } },
      },
    };
    expect(deployment.spec?.template.spec?.containers[0].name).toBe('web');
  });
});
