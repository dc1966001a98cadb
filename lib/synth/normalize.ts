// Puts a synthesized object in the form that is validated and written: no null or empty noise,
// canonical quantities, explicit namespaces on namespaced kinds (and on ServiceAccount subjects of role
// bindings) and none on cluster-scoped ones.
import { groupOf, isBuiltInGroup } from './kinds';
import { canonicalQuantity } from './quantity';

export type Manifest = Record<string, unknown>;

/** Keys whose empty mapping means the same as no value at all: dropped as noise. */
const EMPTY_MEANS_ABSENT = new Set([
  'labels', 'annotations', 'resources', 'securityContext', 'nodeSelector', 'data', 'binaryData', 'stringData',
  'limits', 'requests',
]);

/** Maps whose values are all quantities, in built-in kinds (`resources.limits`, ResourceQuota `hard`, ...). */
const QUANTITY_MAPS = new Set(['limits', 'requests', 'hard', 'capacity', 'allocatable', 'overhead']);
/** Single quantity fields wherever they appear in built-in kinds. */
const QUANTITY_FIELDS = new Set(['sizeLimit']);
/** LimitRange item maps of quantities. */
const LIMIT_RANGE_MAPS = new Set(['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']);

/** Removes nulls and noise, and canonicalises quantities in built-in kinds. Returns a new object. */
export function cleanManifest(object: Manifest): Manifest {
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const builtIn = typeof object.apiVersion === 'string' && isBuiltInGroup(groupOf(object.apiVersion));
  const cleaned = cleanValue(object, undefined, false, builtIn ? kind : undefined) as Manifest;
  const status = cleaned.status;
  if (status && typeof status === 'object' && Object.keys(status).length === 0) delete cleaned.status;
  return cleaned;
}

function cleanValue(value: unknown, parentKey: string | undefined, underLimits: boolean, builtInKind: string | undefined): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => (item === undefined ? null : cleanValue(item, parentKey, underLimits, builtInKind)));
  }
  if (value === null || typeof value !== 'object') return value;
  const result: Manifest = {};
  const quantities = builtInKind !== undefined && isQuantityMap(parentKey, underLimits, builtInKind);
  for (const key of Object.keys(value)) {
    const child = (value as Manifest)[key];
    if (child === null || child === undefined) continue;
    let cleaned = cleanValue(child, key, underLimits || key === 'limits', builtInKind);
    if (builtInKind !== undefined && (quantities || QUANTITY_FIELDS.has(key) || isAutoscalerTarget(builtInKind, parentKey, key))) {
      if (typeof cleaned === 'string' || typeof cleaned === 'number') cleaned = canonicalQuantity(cleaned) ?? cleaned;
    }
    if (EMPTY_MEANS_ABSENT.has(key) && isEmptyMapping(cleaned)) continue;
    result[key] = cleaned;
  }
  return result;
}

function isQuantityMap(parentKey: string | undefined, underLimits: boolean, kind: string): boolean {
  if (parentKey === undefined) return false;
  if (QUANTITY_MAPS.has(parentKey)) return true;
  return kind === 'LimitRange' && underLimits && LIMIT_RANGE_MAPS.has(parentKey);
}

function isAutoscalerTarget(kind: string, parentKey: string | undefined, key: string): boolean {
  return kind === 'HorizontalPodAutoscaler' && parentKey === 'target' && (key === 'averageValue' || key === 'value');
}

function isEmptyMapping(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** Reads `metadata` of a manifest as a plain record (created when missing). */
export function metadataOf(object: Manifest): Manifest {
  const metadata = object.metadata;
  if (metadata && typeof metadata === 'object' && !Array.isArray(metadata)) return metadata as Manifest;
  const created: Manifest = {};
  object.metadata = created;
  return created;
}

/**
 * Sets or removes the namespace so it matches the kind's scope, and gives ServiceAccount subjects of
 * RoleBindings and ClusterRoleBindings that name no namespace one (`defaultNamespace` is the app's).
 */
export function applyNamespace(object: Manifest, clusterScoped: boolean, defaultNamespace: string): void {
  const metadata = metadataOf(object);
  if (clusterScoped) delete metadata.namespace;
  else if (typeof metadata.namespace !== 'string' || metadata.namespace === '') metadata.namespace = defaultNamespace;
  if (object.apiVersion === `${RBAC_GROUP}/v1` && (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding')) {
    // The API server rejects such a subject in a ClusterRoleBinding; in a RoleBinding it means the
    // binding's own namespace, which is written out so that the file says what it grants.
    const subjectNamespace = clusterScoped ? defaultNamespace : String(metadata.namespace);
    fillServiceAccountNamespaces(object.subjects, subjectNamespace);
  }
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function fillServiceAccountNamespaces(subjects: unknown, namespace: string): void {
  if (!Array.isArray(subjects)) return;
  for (const subject of subjects) {
    if (!subject || typeof subject !== 'object') continue;
    const entry = subject as Manifest;
    if (entry.kind === 'ServiceAccount' && (typeof entry.namespace !== 'string' || entry.namespace === '')) entry.namespace = namespace;
  }
}
