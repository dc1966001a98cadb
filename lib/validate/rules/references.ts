// References from a pod spec to ConfigMaps, Secrets, PersistentVolumeClaims and ServiceAccounts, and the one rule
// template that reports the ones missing from the run.

import { asArray, asRecord, asString, describe, PathSegments } from './object';
import type { Rule, RuleFinding } from './types';
import { Workload, WORKLOAD_KINDS } from './workload';

export type ReferencedKind = 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';

export interface PodReference {
  readonly kind: ReferencedKind;
  readonly name: string;
  readonly path: PathSegments;
  /** `optional: true`: the pod starts without the object. */
  readonly optional: boolean;
}

export function podReferences(workload: Workload): PodReference[] {
  const spec = workload.podSpec;
  if (spec === undefined) return [];
  const base = workload.podSpecPath;
  const references: PodReference[] = [];
  // Paths are built only for references that exist: most entries of env and volumes reference nothing.
  const add = (kind: ReferencedKind, holder: unknown, field: string, prefix: () => PathSegments, key?: string): void => {
    const record = asRecord(holder);
    const name = asString(record?.[field]);
    if (record === undefined || name === undefined || name === '') return;
    const path = key === undefined ? [...prefix(), field] : [...prefix(), key, field];
    references.push({ kind, name, path, optional: record.optional === true });
  };

  asArray(spec.volumes).forEach((item, position) => {
    const volume = asRecord(item);
    if (volume === undefined) return;
    const path = (): PathSegments => [...base, 'volumes', position];
    add('ConfigMap', volume.configMap, 'name', path, 'configMap');
    add('Secret', volume.secret, 'secretName', path, 'secret');
    add('PersistentVolumeClaim', volume.persistentVolumeClaim, 'claimName', path, 'persistentVolumeClaim');
    asArray(asRecord(volume.projected)?.sources).forEach((item, sourcePosition) => {
      const source = asRecord(item);
      const sourcePath = (): PathSegments => [...path(), 'projected', 'sources', sourcePosition];
      add('ConfigMap', source?.configMap, 'name', sourcePath, 'configMap');
      add('Secret', source?.secret, 'name', sourcePath, 'secret');
    });
  });
  asArray(spec.imagePullSecrets).forEach((item, position) => add('Secret', item, 'name', () => [...base, 'imagePullSecrets', position]));
  for (const entry of workload.containers) {
    asArray(entry.container.env).forEach((item, position) => {
      const valueFrom = asRecord(asRecord(item)?.valueFrom);
      if (valueFrom === undefined) return;
      const path = (): PathSegments => [...entry.path, 'env', position, 'valueFrom'];
      add('ConfigMap', valueFrom.configMapKeyRef, 'name', path, 'configMapKeyRef');
      add('Secret', valueFrom.secretKeyRef, 'name', path, 'secretKeyRef');
    });
    asArray(entry.container.envFrom).forEach((item, position) => {
      const source = asRecord(item);
      const path = (): PathSegments => [...entry.path, 'envFrom', position];
      add('ConfigMap', source?.configMapRef, 'name', path, 'configMapRef');
      add('Secret', source?.secretRef, 'name', path, 'secretRef');
    });
  }
  // serviceAccount is the deprecated alias, read only when serviceAccountName is absent.
  const serviceAccountField = asString(spec.serviceAccountName) !== undefined ? 'serviceAccountName' : 'serviceAccount';
  add('ServiceAccount', spec, serviceAccountField, () => base);
  return references;
}

/** Objects that exist without being declared. */
function existsImplicitly(kind: ReferencedKind, name: string): boolean {
  return kind === 'ServiceAccount' && name === 'default';
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
      const workload = context.workload(object);
      if (workload === undefined) return [];
      const findings: RuleFinding[] = [];
      for (const reference of context.memo('pod-references', object, () => podReferences(workload))) {
        if (reference.kind !== spec.kind || reference.optional || existsImplicitly(reference.kind, reference.name)) continue;
        if (context.find(reference.kind, object.namespace, reference.name).length > 0) continue;
        if (context.externalRefs(object).has(externalKind, reference.name)) continue;
        findings.push({
          message: `references ${describe(reference.kind, reference.name, object.namespace)}, which is not in this run`,
          path: reference.path,
          hint: `Add ${describe(reference.kind, reference.name)} to the run${reference.kind === 'ConfigMap' || reference.kind === 'Secret' ? ', set optional: true on the reference' : ''}, or declare it external with the annotation kubeforge.io/external-refs: "${externalKind}/${reference.name}".`,
        });
      }
      return findings;
    },
  };
}
