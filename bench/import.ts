// Import benchmark: `kubeforge import` on a large CRD generated here (3 served versions, each spec 40 objects of
// 25 fields: enums, integers, int-or-string, arrays of objects, maps), and `cdk8s import` on the same file as the
// peer when CDK8S_CLI names its executable (it is not a dependency of kubeforge: install cdk8s-cli elsewhere).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { formatMeasurement, type Measurement, measureInterleaved, median, type NodeRunOptions, REPO } from './measure';

function field(index: number): Record<string, unknown> {
  switch (index % 5) {
    case 0:
      return { type: 'string', enum: ['a', 'b', 'c'] };
    case 1:
      return { type: 'integer', minimum: 0 };
    case 2:
      return { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
    case 3:
      return { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, value: { type: 'string' } } } };
    default:
      return { type: 'object', additionalProperties: { type: 'string' } };
  }
}

function largeCrd(): string {
  const schema = () => {
    const groups: Record<string, unknown> = {};
    for (let group = 0; group < 40; group++) {
      const fields: Record<string, unknown> = {};
      for (let index = 0; index < 25; index++) fields[`field${index}`] = field(index + group);
      groups[`group${group}`] = { type: 'object', properties: { nested: { type: 'object', properties: fields } } };
    }
    return { type: 'object', properties: { spec: { type: 'object', properties: groups } } };
  };
  return dump({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'bigs.bench.kubeforge.dev' },
    spec: {
      group: 'bench.kubeforge.dev',
      scope: 'Namespaced',
      names: { kind: 'Big', plural: 'bigs' },
      versions: ['v1', 'v1beta1', 'v1alpha1'].map((name, index) => ({ name, served: true, storage: index === 0, schema: { openAPIV3Schema: schema() } })),
    },
  });
}

export interface ImportBenchmark {
  readonly measurements: Measurement[];
  /** Median over rounds of kubeforge's time divided by the peer's. */
  readonly ratio?: number;
}

export function runImportBenchmark(work: string): ImportBenchmark {
  const folder = join(work, 'import');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const crd = join(folder, 'big.yaml');
  writeFileSync(crd, largeCrd());
  const commands: { label: string; args: string[]; options?: NodeRunOptions }[] = [
    { label: 'kubeforge import (3 versions x 1,000 fields)', args: [join(REPO, '.build', 'lib', 'cli', 'main.js'), 'import', crd, '--output', join(folder, 'kubeforge')] },
  ];
  const peer = process.env.CDK8S_CLI;
  if (peer) commands.push({ label: 'cdk8s import (peer)', args: ['import', crd, '--language', 'typescript', '--output', join(folder, 'cdk8s')], options: { program: peer, cwd: folder } });
  const { measurements, rounds } = measureInterleaved(commands, 5);
  return { measurements, ratio: peer ? median(rounds.map((round) => round[0] / round[1])) : undefined };
}

export function printImportBenchmark(result: ImportBenchmark): void {
  console.log('\nimport: a large CRD to TypeScript (median of 5 interleaved rounds, peak RSS)');
  for (const measurement of result.measurements) console.log(formatMeasurement(measurement));
  console.log(result.ratio === undefined ? '(set CDK8S_CLI to a cdk8s executable to measure the peer)' : `kubeforge / cdk8s import, median per round: ${result.ratio.toFixed(2)}`);
}
