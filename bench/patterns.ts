// The cost of Go RE2 patterns (re2js) against JavaScript's RegExp, which kubeforge no longer uses on patterns:
// compile time per pattern, match time per value, a ReDoS pattern, and schema validation of 6,000 custom
// resources with ~18 patterned values each. Run: npm run build && node .build/bench/patterns.js
import { RE2JS } from 're2js';
import { createAjv } from '../lib/validate/ajv';
import { compileGoRegExp } from '../lib/validate/go-regexp';
import { Validator } from '../lib/validate/engine';

const DURATION = '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$';
const SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** Patterns of the shapes CRDs use (durations, DNS names, enums, paths, header names), with a value each. */
const SAMPLES: [string, string][] = [
  [DURATION, '1h30m'], [SUBDOMAIN, 'svc.default.example.com'], ['^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', '*.example.com'],
  ['^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$', '30s'], ['^(abort|warn)?$', 'warn'], ['^/', '/api/v1'], ['^[A-Za-z0-9!#$%&\'*+\\-.^_`|~]+$', 'X-Request-Id'],
  ['^\\d+(\\.\\d+){0,2}$', '1.2.3'], ['^(Exact|PathPrefix|RegularExpression)$', 'PathPrefix'], ['^[^:]+:[0-9]+$', 'host:8080'],
];

function timeIt(action: () => void): number {
  const start = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function engines(): void {
  const javascript = (pattern: string) => new RegExp(pattern, 'u');
  const go = (pattern: string) => RE2JS.compile(pattern); // re2js itself: kubeforge's cache would hide the compile

  for (const [label, make] of [['JavaScript RegExp', javascript], ['Go RE2 (re2js)', go]] as const) {
    const rounds = 50;
    let compiled: { test(value: string): boolean }[] = [];
    const compileMs = timeIt(() => {
      for (let round = 0; round < rounds; round++) compiled = SAMPLES.map(([pattern]) => make(pattern));
    });
    const tests = 20_000;
    const matchMs = timeIt(() => {
      for (let round = 0; round < tests; round++) for (let index = 0; index < SAMPLES.length; index++) compiled[index].test(SAMPLES[index][1]);
    });
    console.log(`  ${label.padEnd(18)} compile ${((compileMs * 1000) / (rounds * SAMPLES.length)).toFixed(1).padStart(6)} µs/pattern   match ${((matchMs * 1e6) / (tests * SAMPLES.length)).toFixed(0).padStart(5)} ns/value`);
  }
  const evil = `${'a'.repeat(28)}b`;
  const redos = compileGoRegExp('^(a+)+$');
  if (redos instanceof Error) throw redos;
  console.log(`  ^(a+)+$ on 28 a and a b: Go RE2 ${timeIt(() => redos.test(evil)).toFixed(2)} ms (a backtracking engine doubles per a: seconds)`);
}

function customResources(): void {
  const properties = (entries: Record<string, unknown>) => ({ type: 'object', properties: entries });
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'alertrules.bench.example.com' },
    spec: {
      group: 'bench.example.com', scope: 'Namespaced', names: { kind: 'AlertRule', plural: 'alertrules' },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: { openAPIV3Schema: properties({ spec: properties({ groups: { type: 'array', items: properties({
          name: { type: 'string', pattern: SUBDOMAIN }, interval: { type: 'string', pattern: DURATION }, strategy: { type: 'string', pattern: '^(abort|warn)?$' },
          rules: { type: 'array', items: properties({ alert: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' }, expr: { type: 'string' }, for: { type: 'string', pattern: DURATION } }) },
        }) } }) }) },
      }],
    },
  };
  const objects = Array.from({ length: 6000 }, (_, index) => ({
    apiVersion: 'bench.example.com/v1', kind: 'AlertRule', metadata: { name: `rules-${index}`, namespace: 'monitoring' },
    spec: { groups: [0, 1].map((group) => ({ name: `group-${group}.team-${index % 97}`, interval: `${1 + ((index + group) % 59)}s`, strategy: 'warn',
      rules: [0, 1, 2].map((rule) => ({ alert: `Alert${rule}_${index}`, expr: `rate(errors_total[5m]) > ${rule}`, for: `${rule + 1}m${rule * 10}s` })) })) },
  }));
  const measure = (validator: Validator) => timeIt(() => {
    for (const object of objects) if (validator.checkDocument(object, 'bench.yaml', 0)[0].status !== 'valid') throw new Error('the benchmark resources must be valid');
  });
  const javascriptRegExp = Object.assign((pattern: string, flags: string) => new RegExp(pattern, flags), { code: 'new RegExp' });
  const go: number[] = [];
  const javascript: number[] = [];
  for (let round = 0; round < 7; round++) {
    go.push(measure(new Validator({ crds: [crd] })));
    const withJavaScript = new Validator({ crds: [crd] });
    // Only here, on the benchmark's own patterns: the engine kubeforge used before, for comparison.
    (withJavaScript.crds as unknown as { ajv: unknown }).ajv = createAjv({ code: { regExp: javascriptRegExp } });
    (withJavaScript.crds as unknown as { ajv: { addSchema(schema: object): void } }).ajv.addSchema({ $id: 'k8s', definitions: withJavaScript.schemas.definitions });
    javascript.push(measure(withJavaScript));
  }
  const ratios = go.map((value, index) => value / javascript[index]);
  console.log(`  6,000 custom resources (108,000 patterned values), compile included: Go RE2 median ${median(go).toFixed(0)} ms, JavaScript RegExp ${median(javascript).toFixed(0)} ms, per-round ratio ${median(ratios).toFixed(2)}`);
}

console.log('patterns:');
engines();
customResources();
