import type { RuleContext } from '../context';
import { asRecord, asString, describe, JsonObject, KubeObject, PathSegments } from '../object';
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
  readonly prefix: string;
  /** The maps whose keys become variables: data and binaryData, or data and stringData. */
  readonly maps: readonly (JsonObject | undefined)[];
}

function describeSource(source: Source): string {
  return `${describe(source.kind, source.name)} (envFrom[${source.position}])`;
}

/** True when the source brings in the variable. */
function sets(source: Source, variable: string): boolean {
  if (source.prefix !== '' && !variable.startsWith(source.prefix)) return false;
  const key = source.prefix === '' ? variable : variable.slice(source.prefix.length);
  for (let index = 0; index < source.maps.length; index++) {
    const map = source.maps[index];
    if (map !== undefined && Object.prototype.hasOwnProperty.call(map, key)) return true;
  }
  return false;
}

const SOURCE_FIELDS = [
  ['configMapRef', 'ConfigMap', ['data', 'binaryData']],
  ['secretRef', 'Secret', ['data', 'stringData']],
] as const;

/** The variables an envFrom entry brings in, when it names a ConfigMap or Secret of the run. */
function sourceOf(context: RuleContext, object: KubeObject, item: unknown, position: number): Source | undefined {
  const entry = asRecord(item);
  if (entry === undefined) return undefined;
  for (let index = 0; index < SOURCE_FIELDS.length; index++) {
    const [field, kind, mapFields] = SOURCE_FIELDS[index];
    const name = asString(asRecord(entry[field])?.name);
    if (name === undefined) continue;
    const found = context.find(kind, object.namespace, name)[0];
    if (found === undefined) return undefined;
    return { kind, name, position, prefix: asString(entry.prefix) ?? '', maps: [asRecord(found.raw[mapFields[0]]), asRecord(found.raw[mapFields[1]])] };
  }
  return undefined;
}

function envFindings(context: RuleContext, object: KubeObject, container: JsonObject, name: string, path: PathSegments): RuleFinding[] | undefined {
  const envFrom = container.envFrom;
  if (!Array.isArray(envFrom) || envFrom.length === 0) return undefined;
  const sources: Source[] = [];
  for (let position = 0; position < envFrom.length; position++) {
    const source = sourceOf(context, object, envFrom[position], position);
    if (source !== undefined) sources.push(source);
  }
  if (sources.length === 0) return undefined;
  let findings: RuleFinding[] | undefined;
  // Between sources, the later one wins; report each variable once, on the source that wins.
  for (let index = 1; index < sources.length; index++) {
    const source = sources[index];
    for (let mapIndex = 0; mapIndex < source.maps.length; mapIndex++) {
      const map = source.maps[mapIndex];
      for (const key in map) {
        if (!Object.prototype.hasOwnProperty.call(map, key)) continue;
        const variable = source.prefix + key;
        let earlier: Source | undefined;
        for (let other = index - 1; other >= 0 && earlier === undefined; other--) if (sets(sources[other], variable)) earlier = sources[other];
        if (earlier === undefined) continue;
        (findings ??= []).push({ message: `container "${name}" gets env "${variable}" from ${describeSource(earlier)} and again from ${describeSource(source)}; the later value wins`, path: [...path, 'envFrom', source.position] });
      }
    }
  }
  const env = container.env;
  if (!Array.isArray(env)) return findings;
  for (let position = 0; position < env.length; position++) {
    const variable = asString(asRecord(env[position])?.name);
    if (variable === undefined) continue;
    let source: Source | undefined;
    for (let index = sources.length - 1; index >= 0 && source === undefined; index--) if (sets(sources[index], variable)) source = sources[index];
    // Only the first env entry of a name: later ones are list-map duplicates already.
    if (source === undefined || repeatsEarlier(env, position, variable)) continue;
    (findings ??= []).push({ message: `container "${name}" sets env "${variable}", which ${describeSource(source)} also sets; the env value wins`, path: [...path, 'env', position, 'name'] });
  }
  return findings;
}

function repeatsEarlier(env: readonly unknown[], position: number, variable: string): boolean {
  for (let earlier = 0; earlier < position; earlier++) if (asRecord(env[earlier])?.name === variable) return true;
  return false;
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
