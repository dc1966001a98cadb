import type { RuleContext } from '../context';
import { asRecord, asString, describe, JsonObject, KubeObject } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

// Two env entries with one name are list-map-duplicate findings of the schema step. What it cannot see are the
// variables that envFrom brings in from a ConfigMap or Secret of the run: when env or a later envFrom source sets
// the same name, one value silently replaces the other.

interface Source {
  readonly kind: string;
  readonly name: string;
  /** Position in envFrom. */
  readonly position: number;
  readonly keys: readonly string[];
}

function describeSource(source: Source): string {
  return `${describe(source.kind, source.name)} (envFrom[${source.position}])`;
}

const SOURCE_FIELDS = [
  ['configMapRef', 'ConfigMap', ['data', 'binaryData']],
  ['secretRef', 'Secret', ['data', 'stringData']],
] as const;

/** The variables an envFrom entry brings in, when it names a ConfigMap or Secret of the run. */
function sourceOf(context: RuleContext, object: KubeObject, item: unknown, position: number): Source | undefined {
  const entry = asRecord(item);
  if (entry === undefined) return undefined;
  const prefix = asString(entry.prefix) ?? '';
  for (const [field, kind, dataFields] of SOURCE_FIELDS) {
    const name = asString(asRecord(entry[field])?.name);
    if (name === undefined) continue;
    const found = context.find(kind, object.namespace, name)[0];
    if (found === undefined) return undefined;
    const keys: string[] = [];
    for (const dataField of dataFields) for (const key of Object.keys(asRecord(found.raw[dataField]) ?? {})) keys.push(prefix + key);
    return { kind, name, position, keys };
  }
  return undefined;
}

function envFindings(context: RuleContext, object: KubeObject, container: JsonObject, name: string, path: readonly (string | number)[]): RuleFinding[] | undefined {
  const envFrom = container.envFrom;
  if (!Array.isArray(envFrom) || envFrom.length === 0) return undefined;
  let findings: RuleFinding[] | undefined;
  /** Variable name to the envFrom source that set it last. */
  const fromSources = new Map<string, Source>();
  for (let position = 0; position < envFrom.length; position++) {
    const source = sourceOf(context, object, envFrom[position], position);
    if (source === undefined) continue;
    for (const key of source.keys) {
      const earlier = fromSources.get(key);
      if (earlier !== undefined) {
        (findings ??= []).push({ message: `container "${name}" gets env "${key}" from ${describeSource(earlier)} and again from ${describeSource(source)}; the later value wins`, path: [...path, 'envFrom', position] });
      }
      fromSources.set(key, source);
    }
  }
  const env = container.env;
  if (fromSources.size === 0 || !Array.isArray(env)) return findings;
  for (let position = 0; position < env.length; position++) {
    const variable = asString(asRecord(env[position])?.name);
    const source = variable === undefined ? undefined : fromSources.get(variable);
    if (variable === undefined || source === undefined) continue;
    // Only the first env entry of a name: later ones are list-map duplicates already.
    fromSources.delete(variable);
    (findings ??= []).push({ message: `container "${name}" sets env "${variable}", which ${describeSource(source)} also sets; the env value wins`, path: [...path, 'env', position, 'name'] });
  }
  return findings;
}

export const duplicateEnv: Rule = {
  id: 'duplicate-env',
  severity: 'warning',
  scope: 'cross-resource',
  kinds: WORKLOAD_KINDS,
  description: 'A container gets the same environment variable from env and from envFrom (a ConfigMap or Secret of the run), or from two envFrom sources; one value silently replaces the other (repeats within env are reported as list-map-duplicate).',
  hint: 'Set each variable in one place: drop it from env or from the ConfigMap or Secret, or give the envFrom source a prefix.',
  check(context, object) {
    const containers = context.workload(object)?.containers;
    if (containers === undefined) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let index = 0; index < containers.length; index++) {
      const entry = containers[index];
      const found = envFindings(context, object, entry.container, entry.name, entry.path);
      if (found !== undefined) (findings ??= []).push(...found);
    }
    return findings ?? NO_FINDINGS;
  },
};
