// Pod templates get a checksum annotation per ConfigMap or Secret they consume, so a change of
// the configuration rolls the pods.
//
// A plain digest of a Secret's data would let anyone who sees the annotation (the repository, a CI log,
// a PR comment where `kubeforge diff` masks the values) test guesses of a weak value offline. So a Secret's
// checksum is an HMAC keyed by KUBEFORGE_CHECKSUM_KEY, a key the repository does not hold: it is
// deterministic for the same data and key and changes with the data, but guesses cannot be checked
// without the key. Without the key, Secrets get no checksum (their pods do not roll on a change) and
// synth warns; ConfigMaps keep a plain sha256, since their data is no secret.
import { createHash, createHmac } from 'node:crypto';
import { groupOf, isBuiltInGroup } from './kinds';
import { type Manifest, metadataOf } from './normalize';

export const CHECKSUM_PREFIX = 'checksum.kubeforge.io/';
/** Environment variable with the HMAC key of Secret checksums (any string; use 32 random bytes or more). */
export const SECRET_CHECKSUM_KEY_VARIABLE = 'KUBEFORGE_CHECKSUM_KEY';

/** A pod template that consumes a rendered Secret but got no checksum of it, for want of a key. */
export interface UnkeyedSecret {
  readonly workload: Manifest;
  readonly secret: string;
}

type Reference = { readonly kind: 'ConfigMap' | 'Secret'; readonly name: string };

/**
 * Where the pod template sits in each workload kind that gets checksums. Not Job: its template is
 * immutable, so a changed annotation would make the Job impossible to update in place. A CronJob's job
 * template is fine: a change applies to the Jobs it creates next.
 */
const TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * Stable digest of the data of a ConfigMap or Secret (sorted keys, so it does not depend on authoring order):
 * sha256 for a ConfigMap; for a Secret an HMAC-SHA256 with `secretKey`, or undefined without one.
 */
export function configurationDigest(object: Manifest, secretKey?: string): string | undefined {
  const content = stableJson({ binaryData: object.binaryData ?? null, data: object.data ?? null, stringData: object.stringData ?? null });
  if (object.kind !== 'Secret') return createHash('sha256').update(content).digest('hex');
  return secretKey ? createHmac('sha256', secretKey).update(content).digest('hex') : undefined;
}

/**
 * Adds `checksum.kubeforge.io/<configmap|secret>-<name>` annotations to the pod templates of `objects`
 * for every ConfigMap or Secret they reference that is among `objects` (same namespace). Returns the
 * Secrets that got none because no key was given.
 */
export function addChecksumAnnotations(objects: readonly Manifest[], secretKey?: string): UnkeyedSecret[] {
  const digests = new Map<string, string | undefined>();
  for (const object of objects) {
    if (object.kind !== 'ConfigMap' && object.kind !== 'Secret') continue;
    if (object.apiVersion !== 'v1') continue;
    const metadata = metadataOf(object);
    digests.set(`${object.kind}/${String(metadata.namespace)}/${String(metadata.name)}`, configurationDigest(object, secretKey));
  }
  const unkeyed: UnkeyedSecret[] = [];
  if (digests.size === 0) return unkeyed;
  for (const object of objects) {
    const templatePath = typeof object.kind === 'string' && Object.hasOwn(TEMPLATE_PATHS, object.kind) ? TEMPLATE_PATHS[object.kind] : undefined;
    if (!templatePath || typeof object.apiVersion !== 'string' || !isBuiltInGroup(groupOf(object.apiVersion))) continue;
    const template = descend(object, templatePath);
    if (!template) continue;
    const namespace = String(metadataOf(object).namespace);
    const annotations: Record<string, string> = {};
    for (const reference of podSpecReferences(template.spec)) {
      const key = `${reference.kind}/${namespace}/${reference.name}`;
      const digest = digests.get(key);
      if (digest) annotations[annotationKey(reference)] = digest;
      else if (digests.has(key)) unkeyed.push({ workload: object, secret: reference.name });
    }
    if (Object.keys(annotations).length === 0) continue;
    const templateMetadata = metadataOf(template);
    const existing = (templateMetadata.annotations ?? {}) as Record<string, string>;
    templateMetadata.annotations = { ...existing, ...annotations };
  }
  return unkeyed;
}

function annotationKey(reference: Reference): string {
  const name = `${reference.kind === 'ConfigMap' ? 'configmap' : 'secret'}-${reference.name}`;
  if (name.length <= 63) return CHECKSUM_PREFIX + name;
  // The name part of an annotation key is limited to 63 characters.
  const suffix = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${CHECKSUM_PREFIX}${name.slice(0, 52)}-${suffix}`;
}

function descend(object: Manifest, path: readonly string[]): Manifest | undefined {
  let current: unknown = object;
  for (const key of path) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Manifest)[key];
  }
  return current && typeof current === 'object' && !Array.isArray(current) ? (current as Manifest) : undefined;
}

/** ConfigMaps and Secrets a pod spec reads: volumes (also projected), env and envFrom of all containers. */
export function podSpecReferences(podSpec: unknown): Reference[] {
  const spec = (podSpec ?? {}) as {
    volumes?: { configMap?: { name?: string }; secret?: { secretName?: string }; projected?: { sources?: { configMap?: { name?: string }; secret?: { name?: string } }[] } }[];
    containers?: ContainerLike[];
    initContainers?: ContainerLike[];
    ephemeralContainers?: ContainerLike[];
  };
  const found = new Map<string, Reference>();
  const add = (kind: Reference['kind'], name: unknown) => {
    if (typeof name === 'string' && name !== '') found.set(`${kind}/${name}`, { kind, name });
  };
  for (const volume of asArray(spec.volumes)) {
    add('ConfigMap', volume?.configMap?.name);
    add('Secret', volume?.secret?.secretName);
    for (const source of asArray(volume?.projected?.sources)) {
      add('ConfigMap', source?.configMap?.name);
      add('Secret', source?.secret?.name);
    }
  }
  for (const container of [...asArray(spec.initContainers), ...asArray(spec.containers), ...asArray(spec.ephemeralContainers)]) {
    for (const variable of asArray(container?.env)) {
      add('ConfigMap', variable?.valueFrom?.configMapKeyRef?.name);
      add('Secret', variable?.valueFrom?.secretKeyRef?.name);
    }
    for (const source of asArray(container?.envFrom)) {
      add('ConfigMap', source?.configMapRef?.name);
      add('Secret', source?.secretRef?.name);
    }
  }
  return [...found.values()].sort((a, b) => (a.kind + '/' + a.name < b.kind + '/' + b.name ? -1 : 1));
}

type ContainerLike = {
  env?: { valueFrom?: { configMapKeyRef?: { name?: string }; secretKeyRef?: { name?: string } } }[];
  envFrom?: { configMapRef?: { name?: string }; secretRef?: { name?: string } }[];
};

function asArray<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

/** JSON with keys sorted by code unit at every level. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson((value as Manifest)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
