// The references of an object to others of its unit, each resolved: to the objects it names or selects, to what
// the run creates, to a declaration outside the run, or to nothing. Rules report the unresolved ones; other tools
// (a graph of the app, an importer) draw or follow the resolved ones.

import type { RuleContext } from './context';
import { scaleTargetRef, scaleTargets } from './hpa';
import { asArray, asRecord, asString, KubeObject, PathSegments } from './object';
import { podReferences, ReferencedKind } from './references';
import { pdbSelection } from './pdb';
import { describeSelector, parseLabelSelector } from './selector';
import { serviceSelection } from './service';

/** How a reference is met: by objects of the unit, by what the run creates, by declaration, or not at all. */
export type Resolution = 'found' | 'created-by-run' | 'pod-owner' | 'external' | 'optional' | 'implicit' | 'missing';

export interface ResolvedReference {
  readonly from: KubeObject;
  /** Kind referenced (`Secret`), or selected (`Pod`: the pods of workloads and custom resources). */
  readonly kind: string;
  /** Name referenced, or the selector as `key=value,...`. */
  readonly name: string;
  readonly namespace: string;
  /** Where in `from` the reference is written. */
  readonly path: PathSegments;
  readonly resolution: Resolution;
  /** Objects of the unit that meet it: the named object, the selected workloads, the custom resources owning the pods. */
  readonly targets: readonly KubeObject[];
  /** For `created-by-run`: what creates it. */
  readonly createdBy?: string;
}

/** A pod reference of a workload (ConfigMap, Secret, PersistentVolumeClaim, ServiceAccount), resolved. */
export function resolvePodReference(context: RuleContext, object: KubeObject, reference: { kind: ReferencedKind; name: string; path: PathSegments; optional: boolean }): ResolvedReference {
  const base = { from: object, kind: reference.kind, name: reference.name, namespace: object.namespace, path: reference.path };
  const targets = context.find(reference.kind, object.namespace, reference.name);
  if (targets.length > 0) return { ...base, resolution: 'found', targets };
  if (reference.kind === 'ServiceAccount' && reference.name === 'default') return { ...base, resolution: 'implicit', targets };
  if (reference.optional) return { ...base, resolution: 'optional', targets };
  if (context.externalRefs(object).has(reference.kind, reference.name)) return { ...base, resolution: 'external', targets };
  if (reference.kind === 'Secret' || reference.kind === 'ConfigMap') {
    const createdBy = context.createdByRun(reference.kind, object.namespace, reference.name);
    if (createdBy !== undefined) return { ...base, resolution: 'created-by-run', targets, createdBy };
  }
  return { ...base, resolution: 'missing', targets };
}

function named(context: RuleContext, object: KubeObject, kind: string, name: string, path: PathSegments, group?: string): ResolvedReference {
  const found = context.find(kind, object.namespace, name).filter((target) => group === undefined || target.group === group);
  const base = { from: object, kind, name, namespace: object.namespace, path, targets: found };
  if (found.length > 0) return { ...base, resolution: 'found' };
  if (context.externalRefs(object).has(kind, name)) return { ...base, resolution: 'external' };
  if (kind === 'Secret') {
    const createdBy = context.createdByRun('Secret', object.namespace, name);
    if (createdBy !== undefined) return { ...base, resolution: 'created-by-run', createdBy };
  }
  return { ...base, resolution: 'missing' };
}

function selected(context: RuleContext, object: KubeObject, selector: ReturnType<typeof parseLabelSelector>, workloads: readonly { object: KubeObject }[], path: PathSegments): ResolvedReference | undefined {
  if (selector === undefined) return undefined;
  const base = { from: object, kind: 'Pod', name: describeSelector(selector), namespace: object.namespace, path };
  if (workloads.length > 0) return { ...base, resolution: 'found', targets: workloads.map((workload) => workload.object) };
  const owners = context.podOwnersSelectedBy(object.namespace, selector);
  if (owners.length > 0) return { ...base, resolution: 'pod-owner', targets: owners.flatMap((owner) => context.find(owner.kind, object.namespace, owner.name)) };
  return { ...base, resolution: 'missing', targets: [] };
}

/** Every reference of an object, resolved, in the order they are written. */
export function resolveReferences(context: RuleContext, object: KubeObject): ResolvedReference[] {
  const references: ResolvedReference[] = [];
  const workload = context.workload(object);
  if (workload !== undefined) for (const reference of podReferences(workload)) references.push(resolvePodReference(context, object, reference));
  if (!object.builtIn) return references;
  const spec = asRecord(object.raw.spec);
  switch (object.kind) {
    case 'Service': {
      const { selector, workloads } = serviceSelection(context, object);
      const selection = selected(context, object, selector, workloads, ['spec', 'selector']);
      if (selection !== undefined) references.push(selection);
      break;
    }
    case 'PodDisruptionBudget': {
      const { selector, workloads } = pdbSelection(context, object);
      const selection = selected(context, object, selector, workloads, ['spec', 'selector']);
      if (selection !== undefined) references.push(selection);
      break;
    }
    case 'NetworkPolicy': {
      const selector = parseLabelSelector(spec?.podSelector);
      const selection = selector && selected(context, object, selector, context.workloadsSelectedBy(object.namespace, selector), ['spec', 'podSelector']);
      if (selection !== undefined) references.push(selection);
      break;
    }
    case 'StatefulSet': {
      const serviceName = asString(spec?.serviceName);
      if (serviceName) references.push(named(context, object, 'Service', serviceName, ['spec', 'serviceName']));
      break;
    }
    case 'HorizontalPodAutoscaler': {
      const ref = scaleTargetRef(object);
      if (ref === undefined) break;
      const targets = scaleTargets(context, object);
      const base = { from: object, kind: ref.kind, name: ref.name, namespace: object.namespace, path: ['spec', 'scaleTargetRef'] as PathSegments, targets };
      references.push(targets.length > 0 ? { ...base, resolution: 'found' } : context.externalRefs(object).has(ref.kind, ref.name) ? { ...base, resolution: 'external' } : { ...base, resolution: 'missing' });
      break;
    }
    case 'Ingress': {
      const backend = (value: unknown, path: PathSegments) => {
        const record = asRecord(value);
        const name = asString(asRecord(record?.service)?.name) ?? asString(record?.serviceName);
        if (name !== undefined) references.push(named(context, object, 'Service', name, [...path, ...(record?.service !== undefined ? ['service', 'name'] : ['serviceName'])]));
      };
      backend(spec?.defaultBackend, ['spec', 'defaultBackend']);
      backend(spec?.backend, ['spec', 'backend']);
      asArray(spec?.rules).forEach((rule, rulePosition) => {
        asArray(asRecord(asRecord(rule)?.http)?.paths).forEach((item, pathPosition) => backend(asRecord(item)?.backend, ['spec', 'rules', rulePosition, 'http', 'paths', pathPosition, 'backend']));
      });
      asArray(spec?.tls).forEach((item, position) => {
        const secretName = asString(asRecord(item)?.secretName);
        if (secretName) references.push(named(context, object, 'Secret', secretName, ['spec', 'tls', position, 'secretName']));
      });
      break;
    }
  }
  return references;
}
