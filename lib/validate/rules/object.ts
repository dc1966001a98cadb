// Type-safe reading of untrusted manifests: every rule goes through these so malformed input never throws.

export type JsonObject = Record<string, unknown>;

/** Keys and indexes from the object root to a field, formatted later with `formatPath`. */
export type PathSegments = readonly (string | number)[];

export function asRecord(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Reads `a.b.c` through nested records; undefined as soon as a step is missing or not a record. Fixed parameters
 * rather than rest ones: rules call this per container, and a rest array per call is garbage.
 */
export function dig(value: unknown, first: string, second?: string, third?: string, fourth?: string): unknown {
  let current = asRecord(value)?.[first];
  if (second === undefined) return current;
  current = asRecord(current)?.[second];
  if (third === undefined) return current;
  current = asRecord(current)?.[third];
  if (fourth === undefined) return current;
  return asRecord(current)?.[fourth];
}

/** Reads a field by its path segments; undefined as soon as a step is missing or of the wrong type. */
export function readPath(value: unknown, path: PathSegments): unknown {
  let current = value;
  for (let position = 0; position < path.length; position++) {
    const segment = path[position];
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      const record = asRecord(current);
      if (record === undefined) return undefined;
      current = record[segment];
    }
  }
  return current;
}

/**
 * A label or selector map as strings. Scalars that a YAML reader typed (`version: 1`) are kept as their text so
 * matching still works; `invalid-label` reports the wrong type separately. A map that holds strings only, the usual
 * case, is returned as it is rather than copied: callers only read it.
 */
export function asStringMap(value: unknown): Readonly<Record<string, string>> {
  const record = asRecord(value);
  if (record === undefined) return {};
  for (const key in record) {
    if (typeof record[key] !== 'string' || key === '__proto__') return copyAsStrings(record);
  }
  return record as Record<string, string>;
}

function copyAsStrings(record: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  const keys = Object.keys(record);
  for (let position = 0; position < keys.length; position++) {
    const key = keys[position];
    const entry = record[key];
    if (typeof entry === 'string') out[key] = entry;
    else if (typeof entry === 'number' || typeof entry === 'boolean') out[key] = String(entry);
  }
  return out;
}

/** Kinds whose objects never carry a namespace (built-in ones; cluster-scoped CRDs are added from the run). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'DeviceClass',
  'FlowSchema',
  'IngressClass',
  'IPAddress',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ResourceSlice',
  'RuntimeClass',
  'ServiceCIDR',
  'StorageClass',
  'StorageVersionMigration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
]);

/** The API group of an apiVersion: `apps/v1` is `apps`, `v1` is the core group ``. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * API groups of the built-in kinds that rules target. A rule written for `Service` must not run on a CRD that
 * happens to be called `Service` in another group.
 */
const BUILT_IN_GROUPS: Readonly<Record<string, readonly string[]>> = {
  ConfigMap: [''],
  CronJob: ['batch'],
  DaemonSet: ['apps', 'extensions'],
  Deployment: ['apps', 'extensions'],
  HorizontalPodAutoscaler: ['autoscaling'],
  Ingress: ['networking.k8s.io', 'extensions'],
  Job: ['batch'],
  LimitRange: [''],
  Namespace: [''],
  NetworkPolicy: ['networking.k8s.io', 'extensions'],
  PersistentVolumeClaim: [''],
  Pod: [''],
  PodDisruptionBudget: ['policy'],
  ReplicaSet: ['apps', 'extensions'],
  ReplicationController: [''],
  Secret: [''],
  Service: [''],
  ServiceAccount: [''],
  Role: ['rbac.authorization.k8s.io'],
  ClusterRole: ['rbac.authorization.k8s.io'],
  RoleBinding: ['rbac.authorization.k8s.io'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io'],
  StatefulSet: ['apps'],
};

/** True when `kind` in `group` is the built-in kind of that name (or a kind this table does not know). */
export function isBuiltInKind(kind: string, group: string): boolean {
  const groups = BUILT_IN_GROUPS[kind];
  return groups === undefined || groups.includes(group);
}

/** The fields of a manifest that every rule needs, read once per run. */
export interface KubeObject {
  /** The manifest as given. */
  readonly raw: JsonObject;
  /** The caller's position of this object; findings are returned per index. */
  readonly index: number;
  /** Position in the run, 0 to n-1: the key of per-object tables. */
  readonly position: number;
  /** Empty strings where the manifest lacks the field or it is not a string. */
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** `''` for cluster-scoped kinds; `default` for namespaced objects without one (where kubectl would put them). */
  readonly namespace: string;
  readonly namespaced: boolean;
  /** `isBuiltInKind(kind, group)`, asked once: false for a custom kind named like a built-in one in another group. */
  readonly builtIn: boolean;
  /** metadata.annotations when it is a record. */
  readonly annotations: JsonObject | undefined;
}

/** One annotation of an object when it is a string. */
export function annotationOf(object: KubeObject, key: string): string | undefined {
  return asString(object.annotations?.[key]);
}

export const DEFAULT_NAMESPACE = 'default';

export function toKubeObject(raw: unknown, index: number, position: number, clusterScoped: (kind: string, group: string) => boolean): KubeObject {
  const object = asRecord(raw) ?? {};
  const apiVersion = asString(object.apiVersion) ?? '';
  const group = groupOf(apiVersion);
  const kind = asString(object.kind) ?? '';
  const metadata = asRecord(object.metadata) ?? {};
  const namespaced = !clusterScoped(kind, group);
  const declaredNamespace = asString(metadata.namespace);
  return {
    raw: object,
    index,
    position,
    apiVersion,
    group,
    kind,
    name: asString(metadata.name) ?? '',
    namespace: namespaced ? (declaredNamespace !== undefined && declaredNamespace !== '' ? declaredNamespace : DEFAULT_NAMESPACE) : '',
    namespaced,
    builtIn: isBuiltInKind(kind, group),
    annotations: asRecord(metadata.annotations),
  };
}

/** `Service "web"`, or `Service "web" in namespace "shop"` when the namespace tells something. */
export function describe(kind: string, name: string, namespace?: string): string {
  const base = `${kind} "${name}"`;
  return namespace ? `${base} in namespace "${namespace}"` : base;
}

/** `a number`, `a list`, `an object`, `null` for messages about values of the wrong type. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
