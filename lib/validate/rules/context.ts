// Everything a rule may ask about the run, indexed once per run in linear time.

import { DEFAULT_KUBERNETES_VERSION } from '../../k8s/versions';
import { EXTERNAL_REFS_ANNOTATION, ExternalRefs } from './annotations';
import { annotationOf, asArray, asRecord, asString, CLUSTER_SCOPED_KINDS, dig, groupOf, KubeObject, toKubeObject } from './object';
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

/** Lists of values under three string keys; nested maps, because building and hashing composite keys cost more. */
class Index3<V> {
  private readonly root = new Map<string, Map<string, Map<string, V[]>>>();

  add(first: string, second: string, third: string, value: V): void {
    let level = this.root.get(first);
    if (level === undefined) this.root.set(first, (level = new Map()));
    let leaf = level.get(second);
    if (leaf === undefined) level.set(second, (leaf = new Map()));
    push(leaf, third, value);
  }

  get(first: string, second: string, third: string): readonly V[] | undefined {
    return this.root.get(first)?.get(second)?.get(third);
  }
}

/** Scope (`Cluster` or `Namespaced`) of custom kinds, from the CustomResourceDefinitions in the run. */
function customKindScopes(subjects: readonly RuleSubject[]): Map<string, string> {
  const scopes = new Map<string, string>();
  for (let position = 0; position < subjects.length; position++) {
    const raw = asRecord(subjects[position].object);
    if (raw?.kind !== 'CustomResourceDefinition') continue;
    const group = asString(dig(raw, 'spec', 'group'));
    const kind = asString(dig(raw, 'spec', 'names', 'kind'));
    const scope = asString(dig(raw, 'spec', 'scope'));
    if (group !== undefined && kind !== undefined && scope !== undefined) scopes.set(`${group}\u0000${kind}`, scope);
  }
  return scopes;
}

const NO_OBJECTS: readonly KubeObject[] = [];
const NO_WORKLOADS: readonly Workload[] = [];
const NO_RESOURCES: ReadonlySet<string> = new Set();

function findHpasTargeting(object: KubeObject, context: RuleContext): readonly KubeObject[] {
  const hpas = context.hpasNaming(object);
  if (hpas === undefined) return NO_OBJECTS;
  const targeting: KubeObject[] = [];
  for (let index = 0; index < hpas.length; index++) {
    const apiVersion = asString(dig(hpas[index].raw, 'spec', 'scaleTargetRef', 'apiVersion'));
    if (apiVersion === undefined || groupOf(apiVersion) === object.group) targeting.push(hpas[index]);
  }
  return targeting;
}

export class RuleContext {
  readonly objects: readonly KubeObject[];
  readonly kubernetesVersion: string;

  /** Kind, namespace, name. */
  private readonly byName = new Index3<KubeObject>();
  /** By position in the run. */
  private readonly workloads: (Workload | undefined)[];
  private readonly workloadsByNamespace = new Map<string, Workload[]>();
  /** Namespace, label key, label value. */
  private readonly workloadsByLabel = new Index3<Workload>();
  /** Target kind, namespace, target name. */
  private readonly hpasByTarget = new Index3<KubeObject>();
  private readonly declaredNamespaces = new Set<string>();
  private readonly defaultedResources = new Map<string, Set<string>>();
  private readonly externalRefsCache: (ExternalRefs | undefined)[];
  private readonly memos = new Map<string, unknown[]>();

  constructor(subjects: readonly RuleSubject[], options: RunOptions = {}) {
    this.kubernetesVersion = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const customScopes = customKindScopes(subjects);
    const clusterScoped = (kind: string, group: string): boolean => {
      const custom = customScopes.size === 0 ? undefined : customScopes.get(`${group}\u0000${kind}`);
      return custom !== undefined ? custom === 'Cluster' : CLUSTER_SCOPED_KINDS.has(kind);
    };
    const objects: KubeObject[] = new Array(subjects.length);
    for (let position = 0; position < subjects.length; position++) {
      const subject = subjects[position];
      objects[position] = toKubeObject(subject.object, subject.index, position, clusterScoped);
    }
    this.objects = objects;
    // Filled up front: tables written at scattered positions would otherwise turn into slow dictionaries.
    this.workloads = new Array<Workload | undefined>(objects.length).fill(undefined);
    this.externalRefsCache = new Array<ExternalRefs | undefined>(objects.length).fill(undefined);
    for (let position = 0; position < objects.length; position++) this.index(objects[position]);
  }

  private index(object: KubeObject): void {
    this.byName.add(object.kind, object.namespace, object.name, object);
    if (!object.builtIn) return;
    const workload = workloadOf(object);
    if (workload !== undefined) {
      this.workloads[object.position] = workload;
      push(this.workloadsByNamespace, object.namespace, workload);
      const labels = workload.podLabels;
      for (const key in labels) this.workloadsByLabel.add(object.namespace, key, labels[key], workload);
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
        if (kind !== undefined && name !== undefined) this.hpasByTarget.add(kind, object.namespace, name, object);
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
    const found = this.byName.get(kind, namespace, name);
    if (found === undefined) return NO_OBJECTS;
    for (let position = 0; position < found.length; position++) {
      if (!found[position].builtIn) return found.filter((object) => object.builtIn);
    }
    return found;
  }

  /**
   * Computes a value once per run and object, so that rules sharing a derived value (pod references, selected
   * workloads) do not recompute it. `name` separates the uses; values must not be undefined. Pass a function
   * defined once (it receives the object and this context) rather than a new closure per call.
   */
  memo<T>(name: string, object: KubeObject, compute: (object: KubeObject, context: RuleContext) => T): T {
    let values = this.memos.get(name);
    if (values === undefined) this.memos.set(name, (values = new Array<unknown>(this.objects.length).fill(undefined)));
    let value = values[object.position] as T | undefined;
    if (value === undefined) values[object.position] = value = compute(object, this);
    return value;
  }

  /** The workload view of an object, computed once per run; undefined for kinds without pods. */
  workload(object: KubeObject): Workload | undefined {
    return this.workloads[object.position];
  }

  workloadsIn(namespace: string): readonly Workload[] {
    return this.workloadsByNamespace.get(namespace) ?? NO_WORKLOADS;
  }

  /** Workloads in the namespace whose pod labels the selector matches; an empty selector matches them all. */
  workloadsSelectedBy(namespace: string, selector: LabelSelector): Workload[] {
    let candidates: readonly Workload[] = this.workloadsIn(namespace);
    if (!isEmptySelector(selector)) {
      // Start from the rarest label pair, so matching stays near linear in the size of the run.
      const matchLabels = selector.matchLabels;
      for (const key in matchLabels) {
        const list = this.workloadsByLabel.get(namespace, key, matchLabels[key]) ?? NO_WORKLOADS;
        if (list.length < candidates.length) candidates = list;
        if (candidates.length === 0) break;
      }
    }
    const selected: Workload[] = [];
    for (let position = 0; position < candidates.length; position++) {
      if (selectorMatches(selector, candidates[position].podLabels)) selected.push(candidates[position]);
    }
    return selected;
  }

  /** HorizontalPodAutoscalers in the object's namespace whose scaleTargetRef names its kind and name. */
  hpasTargeting(object: KubeObject): readonly KubeObject[] {
    return this.memo('hpas-targeting', object, findHpasTargeting);
  }

  /** HorizontalPodAutoscalers whose scaleTargetRef names the object's kind, namespace and name (any group). */
  hpasNaming(object: KubeObject): readonly KubeObject[] | undefined {
    return this.hpasByTarget.get(object.kind, object.namespace, object.name);
  }

  /** True when the namespace exists in every cluster or a Namespace object of the run creates it. */
  namespaceExists(name: string): boolean {
    return BUILT_IN_NAMESPACES.has(name) || this.declaredNamespaces.has(name);
  }

  /** Resources (`cpu`, `memory`) that a LimitRange of the namespace gives containers a default request for. */
  defaultedRequests(namespace: string): ReadonlySet<string> {
    return this.defaultedResources.get(namespace) ?? NO_RESOURCES;
  }

  /** References that the object declares external with the `kubeforge.io/external-refs` annotation. */
  externalRefs(object: KubeObject): ExternalRefs {
    let refs = this.externalRefsCache[object.position];
    if (refs === undefined) this.externalRefsCache[object.position] = refs = ExternalRefs.parse(annotationOf(object, EXTERNAL_REFS_ANNOTATION));
    return refs;
  }
}
