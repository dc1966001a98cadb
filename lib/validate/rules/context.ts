// Everything a rule may ask about the run, indexed once per run in linear time.

import { DEFAULT_KUBERNETES_VERSION } from '../../k8s/versions';
import { EXTERNAL_REFS_ANNOTATION, ExternalRefs } from './annotations';
import { annotationOf, asArray, asRecord, asString, CLUSTER_SCOPED_KINDS, DEFAULT_NAMESPACE, dig, groupOf, KubeObject, toKubeObject } from './object';
import { commandLineOf, creatableCoreResources, isCustomResource, mentionsName, PodOwner, podOwnerOf, secretNamesOf } from './owners';
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

/** A Job, CronJob or init container of the run: it may create Secrets and ConfigMaps when the run starts. */
interface Creator {
  /** `Job "x"`, `init container "y" of Deployment "z"`, for messages. */
  readonly description: string;
  readonly serviceAccount: string;
  readonly commandLine: string;
}

/** A RoleBinding or ClusterRoleBinding: the role it grants and the ServiceAccounts (namespace/name) it grants it to. */
interface Binding {
  readonly roleKind: string;
  readonly roleName: string;
  readonly accounts: readonly string[];
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
  /** Custom resources per namespace, as owners of the pods their operators create. */
  private readonly podOwners = new Map<string, PodOwner[]>();
  /** Secrets that custom resources name in `secretName` (their operators create them): namespace, names. */
  private readonly operatorSecrets = new Map<string, Set<string>>();
  private readonly creators = new Map<string, Creator[]>();
  /** Role namespace ('' for ClusterRoles), kind, name: the core resources it allows to create. */
  private readonly creatable = new Index3<ReadonlySet<string>>();
  /** Namespace of the binding ('' for ClusterRoleBindings). */
  private readonly bindings = new Map<string, Binding[]>();
  private readonly creatorCache = new Map<string, string | undefined>();
  /** Whether the input is known to be whole; otherwise findings about absent objects are not errors. */
  readonly whole: boolean;

  constructor(subjects: readonly RuleSubject[], options: RunOptions & { readonly indexed?: boolean } = {}) {
    this.kubernetesVersion = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    this.whole = options.whole ?? true;
    for (const name of options.knownNamespaces ?? []) this.declaredNamespaces.add(name);
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
    if (options.indexed === false) {
      // Rules that look at one object only ask for its workload view.
      for (let position = 0; position < objects.length; position++) if (objects[position].builtIn) this.workloads[position] = workloadOf(objects[position]);
      return;
    }
    for (let position = 0; position < objects.length; position++) this.index(objects[position]);
  }

  private index(object: KubeObject): void {
    this.byName.add(object.kind, object.namespace, object.name, object);
    if (isCustomResource(object.group)) {
      push(this.podOwners, object.namespace, podOwnerOf(object.raw, object.kind, object.name));
      const secrets = secretNamesOf(object.raw);
      if (secrets.length > 0) {
        let names = this.operatorSecrets.get(object.namespace);
        if (names === undefined) this.operatorSecrets.set(object.namespace, (names = new Set()));
        for (const name of secrets) names.add(name);
      }
    }
    if (!object.builtIn) return;
    const workload = workloadOf(object);
    if (workload !== undefined) {
      this.workloads[object.position] = workload;
      push(this.workloadsByNamespace, object.namespace, workload);
      const labels = workload.podLabels;
      for (const key in labels) this.workloadsByLabel.add(object.namespace, key, labels[key], workload);
      this.indexCreators(object, workload);
      return;
    }
    switch (object.kind) {
      case 'Role':
      case 'ClusterRole':
        this.creatable.add(object.namespace, object.kind, object.name, creatableCoreResources(object.raw));
        break;
      case 'RoleBinding':
      case 'ClusterRoleBinding': {
        const accounts: string[] = [];
        for (const item of asArray(object.raw.subjects)) {
          const subject = asRecord(item);
          const name = asString(subject?.name);
          if (subject?.kind !== 'ServiceAccount' || name === undefined) continue;
          accounts.push(`${asString(subject.namespace) ?? (object.namespace || DEFAULT_NAMESPACE)}/${name}`);
        }
        const roleKind = asString(dig(object.raw, 'roleRef', 'kind')) ?? '';
        const roleName = asString(dig(object.raw, 'roleRef', 'name')) ?? '';
        push(this.bindings, object.namespace, { roleKind, roleName, accounts });
        break;
      }
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

  /** Jobs and CronJobs (all their containers) and init containers of other workloads, as possible creators of objects. */
  private indexCreators(object: KubeObject, workload: Workload): void {
    const job = object.kind === 'Job' || object.kind === 'CronJob';
    const serviceAccount = asString(workload.podSpec?.serviceAccountName) ?? asString(workload.podSpec?.serviceAccount) ?? 'default';
    for (let index = 0; index < workload.containers.length; index++) {
      const entry = workload.containers[index];
      if (!job && (entry.type !== 'init' || entry.sidecar)) continue;
      const description = job ? `${object.kind} "${object.name}"` : `init container "${entry.name}" of ${object.kind} "${object.name}"`;
      push(this.creators, object.namespace, { description, serviceAccount, commandLine: commandLineOf(entry.container) });
    }
  }

  /** True when a binding of the run grants the ServiceAccount a role that may create `resource` in the namespace. */
  private mayCreate(namespace: string, serviceAccount: string, resource: string): boolean {
    const account = `${namespace}/${serviceAccount}`;
    for (const bindingNamespace of [namespace, '']) {
      for (const binding of this.bindings.get(bindingNamespace) ?? []) {
        if (!binding.accounts.includes(account)) continue;
        const roleNamespace = binding.roleKind === 'Role' ? bindingNamespace : '';
        for (const resources of this.creatable.get(roleNamespace, binding.roleKind, binding.roleName) ?? []) {
          if (resources.has(resource) || resources.has('*')) return true;
        }
      }
    }
    return false;
  }

  /**
   * What creates a Secret or ConfigMap that no manifest of the run declares, if something of the run does: a Job,
   * CronJob or init container in the namespace that names it in its command line, args or env, or whose
   * ServiceAccount may create that kind there (RBAC of the run); or, for Secrets, a custom resource that names it
   * in a `secretName` field (its operator creates it). Undefined when nothing does.
   */
  createdByRun(kind: 'Secret' | 'ConfigMap', namespace: string, name: string): string | undefined {
    const key = `${kind}\u0000${namespace}\u0000${name}`;
    if (this.creatorCache.has(key)) return this.creatorCache.get(key);
    let found: string | undefined;
    if (kind === 'Secret' && this.operatorSecrets.get(namespace)?.has(name)) found = 'a custom resource of the run that names it in secretName';
    const resource = kind === 'Secret' ? 'secrets' : 'configmaps';
    for (const creator of this.creators.get(namespace) ?? []) {
      if (found !== undefined) break;
      if (mentionsName(creator.commandLine, name)) found = `${creator.description}, which names it`;
      else if (this.mayCreate(namespace, creator.serviceAccount, resource)) found = `${creator.description}, whose ServiceAccount "${creator.serviceAccount}" may create ${resource}`;
    }
    this.creatorCache.set(key, found);
    return found;
  }

  /** Custom resources in the namespace whose labels or pod labels the selector matches: their operators create the pods. */
  podOwnersSelectedBy(namespace: string, selector: LabelSelector): PodOwner[] {
    const owners = this.podOwners.get(namespace);
    if (owners === undefined || isEmptySelector(selector)) return [];
    return owners.filter((owner) => owner.labelSets.some((labels) => selectorMatches(selector, labels)));
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
