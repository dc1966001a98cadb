// The base of every kubeforge construct: a cdk8s ApiObject whose body renders lazily at synth, with standard labels
// from the policy, problems collected for the whole synth, and a typed override applied after rendering.
import { ApiObject, App, JsonPatch, Lazy } from 'cdk8s';
import type { ApiObjectProps } from 'cdk8s';
import type { Construct } from 'constructs';
import { compareCodePoints, labelProblems, nameProblem, dnsLabelProblem } from './names';
import type { NameRule } from './names';
import { Policy } from './policy';
import type { PolicySettings } from './policy';

export type Labels = { readonly [key: string]: string };

export interface ResourceProps {
  /** Name of the object. @default the construct id */
  readonly name?: string;
  /** Labels added to the object's metadata (they win over the standard labels). @default none */
  readonly labels?: Labels;
  /** Annotations of the object. @default none */
  readonly annotations?: Labels;
  /** `app.kubernetes.io/part-of` of the object. @default the policy's `labels.partOf` */
  readonly partOf?: string;
}

export interface NamespacedResourceProps extends ResourceProps {
  /** Namespace of the object. @default the chart's namespace */
  readonly namespace?: string;
}

/** What a construct defines: its kind, whether it is cluster-scoped and how its name is checked. */
export interface ResourceType {
  readonly apiVersion: string;
  readonly kind: string;
  readonly clusterScoped: boolean;
  readonly nameRule: NameRule;
  readonly maxNameLength?: number;
}

/** Something wrong with the input, reported with all the others when the app is synthesized. */
export interface Problem {
  /** Path of the field in the rendered object, e.g. `spec.template.spec.containers[0].image`. */
  readonly field: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** The standard `app.kubernetes.io/*` labels; unset ones are left out. */
export interface Identity {
  readonly name?: string;
  readonly instance?: string;
  readonly component?: string;
}

/** A workload whose identity labels derived objects (Service, Ingress, autoscaler) carry. */
export interface IdentitySource {
  readonly app: string;
  readonly name: string;
  readonly component?: string;
}

/** A deep partial of a Kubernetes object; `null` removes a field. */
export type Override<T> = T extends readonly (infer Item)[]
  ? readonly Override<Item>[]
  : T extends object
    ? { readonly [K in keyof T]?: Override<T[K]> | null }
    : T;

const STANDARD_LABELS = ['name', 'instance', 'component', 'part-of', 'managed-by'] as const;

export abstract class Resource<T extends object = object> extends ApiObject {
  /** Kind and scope of this object. */
  readonly resourceType: ResourceType;
  private readonly overrides: Override<T>[] = [];
  private readonly inputProblems: Problem[] = [];
  private readonly ownPartOf?: string;
  private owner?: IdentitySource;
  /** The body and standard labels while one toJson runs: every Lazy field reads them, each computed once. */
  private rendering?: { body: Record<string, unknown>; labels: Record<string, string | undefined> };

  protected constructor(scope: Construct, id: string, type: ResourceType, props: NamespacedResourceProps, bodyKeys: readonly string[]) {
    const definition: Record<string, unknown> = {
      apiVersion: type.apiVersion,
      kind: type.kind,
      metadata: {
        name: props.name ?? id,
        namespace: type.clusterScoped ? undefined : props.namespace,
        annotations: props.annotations,
      },
    };
    super(scope, id, definition as ApiObjectProps);
    this.resourceType = type;
    this.ownPartOf = props.partOf;
    for (const key of bodyKeys) definition[key] = Lazy.any({ produce: () => (this.rendering?.body ?? this.renderBody())[key] });
    if (type.clusterScoped) {
      // ApiObject stamps the chart namespace on everything; a cluster-scoped object must never carry one.
      (this.metadata as { namespace?: string }).namespace = undefined;
    }
    for (const label of STANDARD_LABELS) {
      const key = `app.kubernetes.io/${label}`;
      this.metadata.addLabel(key, Lazy.any({ produce: () => (this.rendering?.labels ?? this.standardLabels())[key] }));
    }
    for (const [key, value] of Object.entries(props.labels ?? {})) this.metadata.addLabel(key, value);

    const nameIssue = nameProblem(this.name, type.nameRule, type.maxNameLength);
    if (nameIssue) this.addProblem('metadata.name', nameIssue, 'pass a valid `name` or use a valid construct id');
    const namespace = this.metadata.namespace;
    const namespaceIssue = namespace === undefined ? undefined : dnsLabelProblem(namespace);
    if (namespaceIssue) this.addProblem('metadata.namespace', namespaceIssue, 'use a DNS-1123 label as namespace');
    for (const issue of labelProblems(props.labels)) this.addProblem('metadata.labels', issue, 'fix the label');
    this.node.addValidation({ validate: () => this.problems().map((problem) => this.describe(problem)) });
  }

  /** Namespace of the object, or undefined for cluster-scoped objects and charts without a namespace. */
  get namespace(): string | undefined {
    return this.metadata.namespace;
  }

  /** The effective policy of this construct. */
  protected get policy(): PolicySettings {
    return Policy.of(this);
  }

  /** Applies a typed deep override after rendering: objects merge, lists of named items merge by name, `null` removes. */
  override(patch: Override<T>): this {
    this.overrides.push(patch);
    return this;
  }

  /**
   * The object as the API server will receive it. Renders what cdk8s's ApiObject.toJson renders (Lazy values,
   * JSON patches, sorted keys, no null fields) in one pass; apps with resolvers of their own take cdk8s's path.
   */
  override toJson(): any {
    let json: unknown;
    const usedCdk8s = App.of(this).resolvers.length > DEFAULT_RESOLVER_COUNT;
    if (usedCdk8s) {
      json = super.toJson();
    } else {
      try {
        this.rendering = { body: this.renderBody(), labels: this.standardLabels() };
        const self = this as unknown as { props: Record<string, unknown>; patches: JsonPatch[] };
        json = JsonPatch.apply(renderPlain({ ...self.props, metadata: this.metadata.toJson() }), ...self.patches);
        if (self.patches.length > 0) json = sortKeys(json, true);
        else json = topLevelFirst(json as Record<string, unknown>);
      } catch (error) {
        throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${error}`);
      } finally {
        this.rendering = undefined;
      }
    }
    if (this.overrides.length === 0 && !usedCdk8s) return json;
    for (const patch of this.overrides) json = mergePatch(json, patch);
    return sortKeys(json, true);
  }

  /** Every problem of this construct; subclasses add their synth-time checks. */
  protected problems(): Problem[] {
    return [...this.inputProblems];
  }

  /** Records a problem of the input, reported at synth together with all others. */
  protected addProblem(field: string, message: string, fix: string): void {
    this.inputProblems.push({ field, message, fix });
  }

  /** Labels this object with the `name`, `instance` and `component` of the workload it belongs to. */
  belongsTo(owner: IdentitySource): this {
    this.owner = owner;
    return this;
  }

  /** The identity labels of this object; workloads and the objects that belong to them set name and instance. */
  protected identity(): Identity {
    const owner = this.owner;
    return owner ? { name: owner.app, instance: owner.name, component: owner.component } : {};
  }

  /** Top-level fields besides apiVersion, kind and metadata, rendered at synth. */
  protected abstract renderBody(): Record<string, unknown>;

  /** `Deployment "web" (construct app/web): spec.replicas: ...; fix`. */
  /** The problems of this object's input, each with its field and fix (synth reports them as findings). @internal */
  inputProblemsAtSynth(): readonly Problem[] {
    return this.problems();
  }

  describe(problem: Problem): string {
    return `${this.kind} "${this.name}" (construct ${this.node.path}): ${problem.field}: ${problem.message}; ${problem.fix}`;
  }

  private standardLabels(): Record<string, string | undefined> {
    const identity = this.identity();
    const policy = this.policy;
    return {
      'app.kubernetes.io/name': identity.name,
      'app.kubernetes.io/instance': identity.instance,
      'app.kubernetes.io/component': identity.component,
      'app.kubernetes.io/part-of': this.ownPartOf ?? policy.labels.partOf,
      'app.kubernetes.io/managed-by': policy.labels.managedBy,
    };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNamed(value: unknown): value is { name: string } {
  return isPlainObject(value) && typeof value.name === 'string';
}

/** JSON merge patch (RFC 7386), except that lists of named items (containers, ports, env) merge by name. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) {
    if (!Array.isArray(target) || !patch.every(isNamed) || !target.every(isNamed)) return patch;
    const merged: unknown[] = [...target];
    for (const item of patch as { name: string }[]) {
      const index = merged.findIndex((existing) => (existing as { name: string }).name === item.name);
      if (index === -1) merged.push(item);
      else merged[index] = mergePatch(merged[index], item);
    }
    return merged;
  }
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (value !== undefined) result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** cdk8s apps resolve with three resolvers (Lazy, implicit tokens, number-string unions) unless given more. */
const DEFAULT_RESOLVER_COUNT = 3;

/** The same object with apiVersion, kind and metadata first (the others stay sorted). */
function topLevelFirst(object: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { apiVersion: object.apiVersion, kind: object.kind, metadata: object.metadata };
  for (const key of Object.keys(object)) if (!(key in result)) result[key] = object[key];
  return result;
}

/**
 * A plain JSON value with sorted keys: Lazy values produced, tokens (objects with `resolve()`) resolved,
 * number-or-string union objects unwrapped, null and undefined fields dropped, as cdk8s renders them.
 */
function renderPlain(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? undefined;
  if (value instanceof Lazy) return renderPlain(value.produce());
  if (Array.isArray(value)) return value.map(renderPlain);
  if (value.constructor !== Object) {
    const token = value as { resolve?: () => unknown; value?: unknown };
    if (typeof token.resolve === 'function') return renderPlain(token.resolve());
    if (typeof token.value === 'number' || typeof token.value === 'string') return token.value;
    throw new Error(`can't render non-simple object of type '${value.constructor.name}'`);
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareCodePoints)) {
    const rendered = renderPlain((value as Record<string, unknown>)[key]);
    if (rendered !== undefined && rendered !== null) result[key] = rendered;
  }
  return result;
}

/** Sorts object keys by code point at every level; at the top, apiVersion, kind and metadata come first. */
export function sortKeys(value: unknown, topLevel = false): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value).sort(compareCodePoints);
  const ordered = topLevel ? [...['apiVersion', 'kind', 'metadata'].filter((key) => key in value), ...keys.filter((key) => !['apiVersion', 'kind', 'metadata'].includes(key))] : keys;
  const result: Record<string, unknown> = {};
  for (const key of ordered) if (value[key] !== undefined) result[key] = sortKeys(value[key]);
  return result;
}
