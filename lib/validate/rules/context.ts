// Everything a rule may ask about the run, indexed once per run in linear time.

import { DEFAULT_KUBERNETES_VERSION } from '../../k8s/versions';
import { EXTERNAL_REFS_ANNOTATION, ExternalRefs } from './annotations';
import { annotationOf, asArray, asRecord, asString, CLUSTER_SCOPED_KINDS, dig, groupOf, isBuiltInKind, KubeObject, toKubeObject } from './object';
import { isEmptySelector, LabelSelector, selectorMatches } from './selector';
import type { RunOptions, RuleSubject } from './types';
import { Workload, workloadOf } from './workload';

/** Namespaces that every cluster has. */
const BUILT_IN_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function lookupKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

function labelKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/** Scope (`Cluster` or `Namespaced`) of custom kinds, from the CustomResourceDefinitions in the run. */
function customKindScopes(subjects: readonly RuleSubject[]): Map<string, string> {
  const scopes = new Map<string, string>();
  for (const subject of subjects) {
    const raw = asRecord(subject.object);
    if (raw?.kind !== 'CustomResourceDefinition') continue;
    const group = asString(dig(raw, 'spec', 'group'));
    const kind = asString(dig(raw, 'spec', 'names', 'kind'));
    const scope = asString(dig(raw, 'spec', 'scope'));
    if (group !== undefined && kind !== undefined && scope !== undefined) scopes.set(`${group}\u0000${kind}`, scope);
  }
  return scopes;
}

export class RuleContext {
  readonly objects: readonly KubeObject[];
  readonly kubernetesVersion: string;

  private readonly byName = new Map<string, KubeObject[]>();
  private readonly workloads = new Map<KubeObject, Workload>();
  private readonly workloadsByNamespace = new Map<string, Workload[]>();
  private readonly workloadsByLabel = new Map<string, Map<string, Workload[]>>();
  private readonly hpasByTarget = new Map<string, KubeObject[]>();
  private readonly declaredNamespaces = new Set<string>();
  private readonly defaultedResources = new Map<string, Set<string>>();
  private readonly externalRefsCache = new Map<KubeObject, ExternalRefs>();
  private readonly memos = new Map<string, Map<unknown, unknown>>();

  constructor(subjects: readonly RuleSubject[], options: RunOptions = {}) {
    this.kubernetesVersion = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const customScopes = customKindScopes(subjects);
    const clusterScoped = (kind: string, group: string): boolean => {
      const custom = customScopes.get(`${group}\u0000${kind}`);
      return custom !== undefined ? custom === 'Cluster' : CLUSTER_SCOPED_KINDS.has(kind);
    };
    this.objects = subjects.map((subject) => toKubeObject(subject.object, subject.index, clusterScoped));
    for (const object of this.objects) this.index(object);
  }

  private index(object: KubeObject): void {
    push(this.byName, lookupKey(object.kind, object.namespace, object.name), object);
    if (!isBuiltInKind(object.kind, object.group)) return;
    const workload = workloadOf(object);
    if (workload !== undefined) {
      this.workloads.set(object, workload);
      push(this.workloadsByNamespace, object.namespace, workload);
      let labels = this.workloadsByLabel.get(object.namespace);
      if (labels === undefined) this.workloadsByLabel.set(object.namespace, (labels = new Map()));
      for (const [key, value] of Object.entries(workload.podLabels)) push(labels, labelKey(key, value), workload);
      return;
    }
    switch (object.kind) {
      case 'Namespace':
        this.declaredNamespaces.add(object.name);
        break;
      case 'HorizontalPodAutoscaler': {
        const target = asRecord(dig(object.raw, 'spec', 'scaleTargetRef'));
        const kind = asString(target?.kind);
        const name = asString(target?.name);
        if (kind !== undefined && name !== undefined) push(this.hpasByTarget, lookupKey(kind, object.namespace, name), object);
        break;
      }
      case 'LimitRange':
        for (const item of asArray(dig(object.raw, 'spec', 'limits'))) {
          const limit = asRecord(item);
          if (limit?.type !== 'Container') continue;
          // A default limit also becomes the default request when no default request is given.
          for (const field of ['defaultRequest', 'default']) {
            for (const resource of Object.keys(asRecord(limit[field]) ?? {})) {
              let resources = this.defaultedResources.get(object.namespace);
              if (resources === undefined) this.defaultedResources.set(object.namespace, (resources = new Set()));
              resources.add(resource);
            }
          }
        }
        break;
    }
  }

  /** Objects of a kind, namespace (`''` for cluster-scoped) and name; built-in kinds only in their own groups. */
  find(kind: string, namespace: string, name: string): readonly KubeObject[] {
    const found = this.byName.get(lookupKey(kind, namespace, name));
    if (found === undefined) return [];
    return found.every((object) => isBuiltInKind(object.kind, object.group)) ? found : found.filter((object) => isBuiltInKind(object.kind, object.group));
  }

  /**
   * Computes a value once per run for a key object (a manifest, a workload, a selector value) so that rules
   * sharing a derived value (pod references, selected workloads) do not recompute it. `name` separates uses.
   */
  memo<T>(name: string, key: unknown, compute: () => T): T {
    let values = this.memos.get(name);
    if (values === undefined) this.memos.set(name, (values = new Map()));
    if (values.has(key)) return values.get(key) as T;
    const value = compute();
    values.set(key, value);
    return value;
  }

  /** The workload view of an object, computed once per run; undefined for kinds without pods. */
  workload(object: KubeObject): Workload | undefined {
    return this.workloads.get(object);
  }

  workloadsIn(namespace: string): readonly Workload[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  /** Workloads in the namespace whose pod labels the selector matches; an empty selector matches them all. */
  workloadsSelectedBy(namespace: string, selector: LabelSelector): Workload[] {
    let candidates: readonly Workload[] = this.workloadsIn(namespace);
    if (!isEmptySelector(selector)) {
      // Start from the rarest label pair, so matching stays near linear in the size of the run.
      const byLabel = this.workloadsByLabel.get(namespace);
      for (const [key, value] of Object.entries(selector.matchLabels)) {
        const list = byLabel?.get(labelKey(key, value)) ?? [];
        if (list.length < candidates.length) candidates = list;
        if (candidates.length === 0) break;
      }
    }
    return candidates.filter((workload) => selectorMatches(selector, workload.podLabels));
  }

  /** HorizontalPodAutoscalers in the object's namespace whose scaleTargetRef names its kind and name. */
  hpasTargeting(object: KubeObject): readonly KubeObject[] {
    return (this.hpasByTarget.get(lookupKey(object.kind, object.namespace, object.name)) ?? []).filter((hpa) => {
      const apiVersion = asString(dig(hpa.raw, 'spec', 'scaleTargetRef', 'apiVersion'));
      return apiVersion === undefined || groupOf(apiVersion) === object.group;
    });
  }

  /** True when the namespace exists in every cluster or a Namespace object of the run creates it. */
  namespaceExists(name: string): boolean {
    return BUILT_IN_NAMESPACES.has(name) || this.declaredNamespaces.has(name);
  }

  /** Resources (`cpu`, `memory`) that a LimitRange of the namespace gives containers a default request for. */
  defaultedRequests(namespace: string): ReadonlySet<string> {
    return this.defaultedResources.get(namespace) ?? new Set();
  }

  /** References that the object declares external with the `kubeforge.io/external-refs` annotation. */
  externalRefs(object: KubeObject): ExternalRefs {
    let refs = this.externalRefsCache.get(object);
    if (refs === undefined) {
      refs = ExternalRefs.parse(annotationOf(object, EXTERNAL_REFS_ANNOTATION));
      this.externalRefsCache.set(object, refs);
    }
    return refs;
  }
}
