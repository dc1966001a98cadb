// Pods and objects that no manifest of the input declares but the run brings about: pods that an operator
// creates for a custom resource (Prometheus, Alertmanager, ...), and Secrets or ConfigMaps that a Job, an init
// container or an operator creates when the run starts. Rules consult these before calling something missing.

import { asArray, asRecord, asString, asStringMap, dig, JsonObject, PathSegments, readPath } from './object';

/** API groups that Kubernetes serves itself; any other group with a dot in it is a custom resource's. */
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'metrics.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** True for objects of a custom resource kind (a CRD's group), false for Kubernetes' own kinds. */
export function isCustomResource(group: string): boolean {
  return group !== '' && !BUILT_IN_GROUPS.has(group);
}

/** How deep into a custom resource's spec label maps and secret names are looked for (bounded for untrusted input). */
const SEARCH_DEPTH = 5;
/** Keys whose value is a metadata block of pods an operator creates (`podMetadata` of prometheus-operator). */
const POD_METADATA_KEYS: ReadonlySet<string> = new Set(['metadata', 'podMetadata']);

/**
 * Where a custom resource keeps the labels of pods its operator creates, and the names of Secrets it creates:
 * `*.podMetadata.labels`, `*.template.metadata.labels` and the like, and string fields named `secretName`, in its
 * spec. Paths are returned rather than values so that a projection of the object can keep exactly these.
 */
export function customResourcePaths(raw: JsonObject): { labels: PathSegments[]; secretNames: PathSegments[] } {
  const labels: PathSegments[] = [];
  const secretNames: PathSegments[] = [];
  const visit = (value: unknown, path: (string | number)[], depth: number): void => {
    if (depth > SEARCH_DEPTH) return;
    if (Array.isArray(value)) {
      // Lists of components (`spec.nodeSets[*].podTemplate`) are common; long lists are data, not components.
      for (let index = 0; index < Math.min(value.length, 16); index++) visit(value[index], [...path, index], depth + 1);
      return;
    }
    const record = asRecord(value);
    if (record === undefined) return;
    for (const key in record) {
      const child = record[key];
      if (key === 'secretName' && typeof child === 'string' && child !== '') secretNames.push([...path, key]);
      else if (POD_METADATA_KEYS.has(key) && asRecord(asRecord(child)?.labels) !== undefined) labels.push([...path, key, 'labels']);
      else if (typeof child === 'object' && child !== null) visit(child, [...path, key], depth + 1);
    }
  };
  visit(raw.spec, ['spec'], 0);
  return { labels, secretNames };
}

/** A custom resource as a possible owner of pods: every label set its pods may carry. */
export interface PodOwner {
  readonly kind: string;
  readonly name: string;
  /** Its own labels, each pod label map of its spec, and all of them merged with `<kind>: <name>` (an operator convention). */
  readonly labelSets: readonly Readonly<Record<string, string>>[];
}

export function podOwnerOf(raw: JsonObject, kind: string, name: string): PodOwner {
  const own = asStringMap(dig(raw, 'metadata', 'labels'));
  const labelSets: Readonly<Record<string, string>>[] = [own];
  const merged: Record<string, string> = { [kind.toLowerCase()]: name };
  const paths = customResourcePaths(raw).labels;
  for (let index = 0; index < paths.length; index++) {
    const labels = asStringMap(readPath(raw, paths[index]));
    labelSets.push(labels);
    Object.assign(merged, labels);
  }
  Object.assign(merged, own);
  labelSets.push(merged);
  return { kind, name, labelSets };
}

/** Secret names that a custom resource's spec names in `secretName` fields: its operator creates them (cert-manager's Certificate). */
export function secretNamesOf(raw: JsonObject): string[] {
  return customResourcePaths(raw).secretNames.map((path) => asString(readPath(raw, path)) ?? '');
}

/** Resources an RBAC rule list allows to `create` in the core group (`secrets`, `configmaps`, or `*`). */
export function creatableCoreResources(raw: JsonObject): Set<string> {
  const resources = new Set<string>();
  const rules = asArray(raw.rules);
  for (let index = 0; index < rules.length; index++) {
    const rule = asRecord(rules[index]);
    if (rule === undefined) continue;
    const groups = asArray(rule.apiGroups);
    const verbs = asArray(rule.verbs);
    if (!(groups.includes('') || groups.includes('*')) || !(verbs.includes('create') || verbs.includes('*'))) continue;
    for (const resource of asArray(rule.resources)) if (typeof resource === 'string') resources.add(resource);
  }
  return resources;
}

/** Characters of a Kubernetes object name: a literal name in a command line is delimited by anything else. */
const NAME_CHARACTER = /[a-z0-9.-]/;

/** True when `text` contains `name` as a whole word of name characters (`--secret-name=web-tls`, `web-tls`). */
export function mentionsName(text: string, name: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(name, from);
    if (at < 0) return false;
    const before = at === 0 ? '' : text[at - 1];
    const after = at + name.length >= text.length ? '' : text[at + name.length];
    if (!NAME_CHARACTER.test(before) && !NAME_CHARACTER.test(after)) return true;
    from = at + 1;
  }
}

/** The command, args and literal env values of a container: where a creating process names what it creates. */
export function commandLineOf(container: JsonObject): string {
  const parts: string[] = [];
  for (const field of ['command', 'args']) for (const item of asArray(container[field])) if (typeof item === 'string') parts.push(item);
  for (const variable of asArray(container.env)) {
    const value = asString(asRecord(variable)?.value);
    if (value !== undefined) parts.push(value);
  }
  return parts.join(' ');
}
