// References from a pod spec to ConfigMaps, Secrets, PersistentVolumeClaims and ServiceAccounts, and the one rule
// template that reports the ones missing from the run.

import type { RuleContext } from './context';
import { asRecord, asString, describe, KubeObject, PathSegments } from './object';
import { resolvePodReference } from './resolve';
import { NO_FINDINGS, Rule, RuleFinding } from './types';
import { Workload, WORKLOAD_KINDS } from './workload';

export type ReferencedKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';

export interface PodReference {
  readonly kind: ReferencedKind;
  readonly name: string;
  readonly path: PathSegments;
  /** `optional: true`: the pod starts without the object. */
  readonly optional: boolean;
}

/** Only missing references are reported, so their paths are built on demand from shared parts. */
class Reference implements PodReference {
  constructor(
    readonly kind: ReferencedKind,
    readonly name: string,
    readonly optional: boolean,
    /** Path of the pod spec or container. */
    private readonly base: PathSegments,
    /** The list under base (`volumes`, `env`, ...), or '' for a field of base itself. */
    private readonly list: string,
    private readonly position: number,
    private readonly tail: PathSegments,
  ) {}

  get path(): PathSegments {
    return this.list === '' ? [...this.base, ...this.tail] : [...this.base, this.list, this.position, ...this.tail];
  }
}

const CONFIG_MAP_VOLUME: PathSegments = ['configMap', 'name'];
const SECRET_VOLUME: PathSegments = ['secret', 'secretName'];
const CLAIM_VOLUME: PathSegments = ['persistentVolumeClaim', 'claimName'];
const PULL_SECRET: PathSegments = ['name'];
const CONFIG_MAP_KEY: PathSegments = ['valueFrom', 'configMapKeyRef', 'name'];
const SECRET_KEY: PathSegments = ['valueFrom', 'secretKeyRef', 'name'];
const CONFIG_MAP_SOURCE: PathSegments = ['configMapRef', 'name'];
const SECRET_SOURCE: PathSegments = ['secretRef', 'name'];
const SERVICE_ACCOUNT_NAME: PathSegments = ['serviceAccountName'];
const SERVICE_ACCOUNT: PathSegments = ['serviceAccount'];

/** Adds the reference `holder[field]` makes, if it is a non-empty name. */
function addReference(
  references: PodReference[],
  kind: ReferencedKind,
  holder: unknown,
  field: string,
  base: PathSegments,
  list: string,
  position: number,
  tail: PathSegments,
): void {
  const record = asRecord(holder);
  const name = asString(record?.[field]);
  if (record === undefined || name === undefined || name === '') return;
  references.push(new Reference(kind, name, record.optional === true, base, list, position, tail));
}

export function podReferences(workload: Workload): PodReference[] {
  const spec = workload.podSpec;
  if (spec === undefined) return [];
  const base = workload.podSpecPath;
  const references: PodReference[] = [];
  const volumes = spec.volumes;
  if (Array.isArray(volumes)) {
    for (let position = 0; position < volumes.length; position++) {
      const volume = asRecord(volumes[position]);
      if (volume === undefined) continue;
      addReference(references, 'ConfigMap', volume.configMap, 'name', base, 'volumes', position, CONFIG_MAP_VOLUME);
      addReference(references, 'Secret', volume.secret, 'secretName', base, 'volumes', position, SECRET_VOLUME);
      addReference(references, 'PersistentVolumeClaim', volume.persistentVolumeClaim, 'claimName', base, 'volumes', position, CLAIM_VOLUME);
      const sources = asRecord(volume.projected)?.sources;
      if (!Array.isArray(sources)) continue;
      for (let sourcePosition = 0; sourcePosition < sources.length; sourcePosition++) {
        const source = asRecord(sources[sourcePosition]);
        if (source === undefined) continue;
        addReference(references, 'ConfigMap', source.configMap, 'name', base, 'volumes', position, ['projected', 'sources', sourcePosition, 'configMap', 'name']);
        addReference(references, 'Secret', source.secret, 'name', base, 'volumes', position, ['projected', 'sources', sourcePosition, 'secret', 'name']);
      }
    }
  }
  const pullSecrets = spec.imagePullSecrets;
  if (Array.isArray(pullSecrets)) {
    for (let position = 0; position < pullSecrets.length; position++) {
      addReference(references, 'Secret', pullSecrets[position], 'name', base, 'imagePullSecrets', position, PULL_SECRET);
    }
  }
  for (let index = 0; index < workload.containers.length; index++) {
    const entry = workload.containers[index];
    const env = entry.container.env;
    if (Array.isArray(env)) {
      for (let position = 0; position < env.length; position++) {
        const valueFrom = asRecord(asRecord(env[position])?.valueFrom);
        if (valueFrom === undefined) continue;
        addReference(references, 'ConfigMap', valueFrom.configMapKeyRef, 'name', entry.path, 'env', position, CONFIG_MAP_KEY);
        addReference(references, 'Secret', valueFrom.secretKeyRef, 'name', entry.path, 'env', position, SECRET_KEY);
      }
    }
    const envFrom = entry.container.envFrom;
    if (Array.isArray(envFrom)) {
      for (let position = 0; position < envFrom.length; position++) {
        const source = asRecord(envFrom[position]);
        if (source === undefined) continue;
        addReference(references, 'ConfigMap', source.configMapRef, 'name', entry.path, 'envFrom', position, CONFIG_MAP_SOURCE);
        addReference(references, 'Secret', source.secretRef, 'name', entry.path, 'envFrom', position, SECRET_SOURCE);
      }
    }
  }
  // serviceAccount is the deprecated alias, read only when serviceAccountName is absent.
  if (asString(spec.serviceAccountName) !== undefined) addReference(references, 'ServiceAccount', spec, 'serviceAccountName', base, '', 0, SERVICE_ACCOUNT_NAME);
  else addReference(references, 'ServiceAccount', spec, 'serviceAccount', base, '', 0, SERVICE_ACCOUNT);
  return references;
}

const NO_REFERENCES: readonly PodReference[] = [];

/** The object whose references were asked for last, and its references. */
let lastObject: KubeObject | undefined;
let lastReferences: readonly PodReference[] = NO_REFERENCES;

/**
 * The pod references of a workload object, for the four reference rules. The rules run one object at a time, so
 * the last object's references are kept and nothing more: a memo for every object of a run would hold them all
 * until the run ends (40 MB for 100,000 resources).
 */
function podReferencesOf(object: KubeObject, context: RuleContext): readonly PodReference[] {
  if (object !== lastObject) {
    const workload = context.workload(object);
    lastReferences = workload === undefined ? NO_REFERENCES : podReferences(workload);
    lastObject = object;
  }
  return lastReferences;
}

export interface ReferenceRuleSpec {
  readonly id: string;
  readonly kind: ReferencedKind;
  readonly description: string;
}

/** A rule reporting references of one kind to objects neither in the run, optional, nor declared external. */
export function referenceRule(spec: ReferenceRuleSpec): Rule {
  const externalKind = spec.kind.toLowerCase();
  return {
    id: spec.id,
    severity: 'error',
    scope: 'cross-resource',
    kinds: WORKLOAD_KINDS,
    description: spec.description,
    hint: `Add the ${spec.kind} to the run, mark the reference optional where Kubernetes allows it, or declare it in the kubeforge.io/external-refs annotation (${externalKind}/<name>).`,
    check(context, object) {
      if (context.workload(object) === undefined) return NO_FINDINGS;
      const references = podReferencesOf(object, context);
      let findings: RuleFinding[] | undefined;
      for (let index = 0; index < references.length; index++) {
        const reference = references[index];
        if (reference.kind !== spec.kind) continue;
        if (resolvePodReference(context, object, reference).resolution !== 'missing') continue;
        (findings ??= []).push({
          absent: true,
          message: `references ${describe(reference.kind, reference.name, object.namespace)}, which is not in this run`,
          path: reference.path,
          hint: `Add ${describe(reference.kind, reference.name)} to the run${reference.kind === 'ConfigMap' || reference.kind === 'Secret' ? ', set optional: true on the reference' : ''}, or declare it external with the annotation kubeforge.io/external-refs: "${externalKind}/${reference.name}".`,
        });
      }
      return findings ?? NO_FINDINGS;
    },
  };
}
