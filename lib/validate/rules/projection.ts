// What the cross-resource rules need of an object, kept while a validate run reads on: identity, the kubeforge
// annotations, labels and selectors, ports, references, resources, RBAC grants. Everything else of the manifest
// (images, probes, security contexts, ConfigMap values, ...) is checked by the per-object rules as the file is read,
// then dropped, so memory grows with this projection and not with the manifests.

import { EXTERNAL_REFS_ANNOTATION, IGNORE_ANNOTATION } from './annotations';
import { asRecord, groupOf, isBuiltInKind, JsonObject, PathSegments } from './object';
import { customResourcePaths, isCustomResource } from './owners';

/** `true`: keep the value as it is; a record: keep those fields, each projected; a one-item list: project every item. */
type Shape = true | { readonly [field: string]: Shape } | readonly [Shape];

const ENV_REFERENCE: Shape = { configMapKeyRef: true, secretKeyRef: true };
const CONTAINER: Shape = {
  name: true,
  ports: true,
  env: [{ name: true, valueFrom: ENV_REFERENCE }],
  envFrom: true,
  resources: true,
  restartPolicy: true,
};
/** Containers that may create objects when the run starts (Jobs, init containers): their command lines name them. */
const CREATOR: Shape = { ...CONTAINER, env: [{ name: true, value: true, valueFrom: ENV_REFERENCE }], command: true, args: true };

function podSpec(containers: Shape): Shape {
  return {
    serviceAccountName: true,
    serviceAccount: true,
    imagePullSecrets: true,
    resources: true,
    volumes: [{ configMap: true, secret: true, persistentVolumeClaim: true, projected: true }],
    containers: [containers],
    initContainers: [CREATOR],
    ephemeralContainers: [CONTAINER],
  };
}

const POD_SPEC = podSpec(CONTAINER);
function controllerSpec(containers: Shape): Shape {
  return { replicas: true, selector: true, manualSelector: true, serviceName: true, template: { metadata: { labels: true }, spec: podSpec(containers) } };
}
const CONTROLLER: Shape = { spec: controllerSpec(CONTAINER) };
const JOB_SPEC = controllerSpec(CREATOR);

const SHAPES: Readonly<Record<string, Shape>> = {
  Deployment: CONTROLLER,
  StatefulSet: CONTROLLER,
  DaemonSet: CONTROLLER,
  ReplicaSet: CONTROLLER,
  ReplicationController: CONTROLLER,
  Job: { spec: JOB_SPEC },
  CronJob: { spec: { jobTemplate: { spec: JOB_SPEC } } },
  Pod: { metadata: { labels: true }, spec: POD_SPEC },
  Service: { spec: { type: true, selector: true, ports: true, clusterIP: true } },
  Ingress: { spec: { defaultBackend: true, backend: true, rules: [{ http: { paths: [{ backend: true }] } }], tls: [{ secretName: true }] } },
  HorizontalPodAutoscaler: { spec: true },
  PodDisruptionBudget: { spec: true },
  NetworkPolicy: { spec: { podSelector: true } },
  LimitRange: { spec: true },
  CustomResourceDefinition: { spec: { group: true, scope: true, names: { kind: true } } },
  Role: { rules: true },
  ClusterRole: { rules: true },
  RoleBinding: { roleRef: true, subjects: true },
  ClusterRoleBinding: { roleRef: true, subjects: true },
};

/** Keys of data maps matter (duplicate-env compares variable names), values do not. */
const DATA_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ConfigMap: ['data', 'binaryData'],
  Secret: ['data', 'stringData'],
};

function project(value: unknown, shape: Shape): unknown {
  if (shape === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(shape)) return Array.isArray(value) ? value.map((item) => project(item, shape[0])) : value;
  const record = asRecord(value);
  if (record === undefined) return value;
  const out: JsonObject = {};
  for (const field in shape as Record<string, Shape>) {
    if (record[field] === undefined) continue;
    const projected = project(record[field], (shape as Record<string, Shape>)[field]);
    // An emptied record (a fieldRef env source) says nothing the rules read.
    if (!isEmptyRecord(projected)) out[field] = projected;
  }
  return out;
}

function isEmptyRecord(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const _key in value) return false;
  return true;
}

/** Copies `raw` at `path` into `target`, creating the records and lists on the way. */
function keepPath(raw: JsonObject, target: JsonObject, path: PathSegments): void {
  let source: unknown = raw;
  let into: Record<string | number, unknown> = target;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index];
    source = (source as Record<string | number, unknown>)[segment];
    if (index === path.length - 1) {
      into[segment] = source;
      return;
    }
    if (into[segment] === undefined) into[segment] = Array.isArray(source) ? [] : {};
    into = into[segment] as Record<string | number, unknown>;
  }
}

function keysOnly(value: unknown): JsonObject | undefined {
  const record = asRecord(value);
  if (record === undefined) return undefined;
  const out: JsonObject = {};
  for (const key in record) out[key] = '';
  return out;
}

/**
 * The part of a manifest that the cross-resource rules read; they give the same findings on it as on the whole
 * manifest (a test holds them to that).
 */
export function projectForRules(raw: JsonObject): JsonObject {
  // Strings read from a file may be slices of its whole text: a copy through JSON keeps none of the file alive.
  return JSON.parse(JSON.stringify(projectionOf(raw))) as JsonObject;
}

function projectionOf(raw: JsonObject): JsonObject {
  const apiVersion = raw.apiVersion;
  const kind = raw.kind;
  const metadata = asRecord(raw.metadata);
  const annotations = asRecord(metadata?.annotations);
  const keptMetadata: JsonObject = {};
  if (metadata !== undefined) {
    if (metadata.name !== undefined) keptMetadata.name = metadata.name;
    if (metadata.namespace !== undefined) keptMetadata.namespace = metadata.namespace;
    if (annotations !== undefined) {
      const kept: JsonObject = {};
      if (annotations[IGNORE_ANNOTATION] !== undefined) kept[IGNORE_ANNOTATION] = annotations[IGNORE_ANNOTATION];
      if (annotations[EXTERNAL_REFS_ANNOTATION] !== undefined) kept[EXTERNAL_REFS_ANNOTATION] = annotations[EXTERNAL_REFS_ANNOTATION];
      keptMetadata.annotations = kept;
    }
  }
  const out: JsonObject = { apiVersion, kind, metadata: keptMetadata };
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return out;
  const group = groupOf(apiVersion);
  if (isCustomResource(group)) {
    if (metadata?.labels !== undefined) keptMetadata.labels = metadata.labels;
    const { labels, secretNames } = customResourcePaths(raw);
    for (const path of [...labels, ...secretNames]) keepPath(raw, out, path);
    return out;
  }
  if (!isBuiltInKind(kind, group)) return out;
  const shape = SHAPES[kind];
  if (shape !== undefined) {
    const projected = project(raw, shape) as JsonObject;
    for (const field in projected) if (field !== 'metadata') out[field] = projected[field];
    const labels = asRecord(projected.metadata)?.labels;
    if (labels !== undefined) keptMetadata.labels = labels;
  }
  for (const field of DATA_FIELDS[kind] ?? []) {
    const keys = keysOnly(raw[field]);
    if (keys !== undefined) out[field] = keys;
  }
  return out;
}
