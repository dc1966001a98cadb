// RBAC: Role and RoleBinding in a namespace, ClusterRole and ClusterRoleBinding for the cluster, with `grant`.
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { Resource } from './resource';
import type { NamespacedResourceProps, Problem, ResourceProps } from './resource';
import type { IServiceAccountRef } from './service-account';

/** Who a binding grants a role to: a service account, or a user or group of the cluster's authenticator. */
export type Subject = IServiceAccountRef | { readonly kind: 'User' | 'Group'; readonly name: string };

export interface RoleRule {
  /** Verbs such as get, list, watch, create, update, patch, delete. */
  readonly verbs: readonly string[];
  /** Resources such as pods or deployments/scale. @default none */
  readonly resources?: readonly string[];
  /** API groups of the resources. @default inferred for the built-in resources */
  readonly apiGroups?: readonly string[];
  /** Only these objects. @default all objects */
  readonly resourceNames?: readonly string[];
  /** Non-resource URLs such as /healthz (ClusterRole only). @default none */
  readonly nonResourceURLs?: readonly string[];
}

export const READ_VERBS = ['get', 'list', 'watch'] as const;

/** API group of the built-in resources, so rules can name just the resource. */
const API_GROUP_OF: { readonly [resource: string]: string } = {
  pods: '', 'pods/log': '', 'pods/exec': '', services: '', endpoints: '', configmaps: '', secrets: '', serviceaccounts: '',
  persistentvolumeclaims: '', persistentvolumes: '', namespaces: '', nodes: '', events: '',
  deployments: 'apps', 'deployments/scale': 'apps', statefulsets: 'apps', daemonsets: 'apps', replicasets: 'apps',
  jobs: 'batch', cronjobs: 'batch', ingresses: 'networking.k8s.io', networkpolicies: 'networking.k8s.io',
  horizontalpodautoscalers: 'autoscaling', poddisruptionbudgets: 'policy', leases: 'coordination.k8s.io',
  roles: 'rbac.authorization.k8s.io', rolebindings: 'rbac.authorization.k8s.io',
  endpointslices: 'discovery.k8s.io',
};

function renderRule(rule: RoleRule): k8s.PolicyRule {
  const apiGroups =
    rule.apiGroups ?? (rule.resources ? [...new Set(rule.resources.map((resource) => API_GROUP_OF[resource.toLowerCase()] ?? '?'))] : undefined);
  return { apiGroups, resources: rule.resources, resourceNames: rule.resourceNames, verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs };
}

function ruleProblems(rules: readonly RoleRule[], clusterScoped: boolean): Problem[] {
  const problems: Problem[] = [];
  rules.forEach((rule, index) => {
    const unknown = rule.apiGroups ? [] : (rule.resources ?? []).filter((resource) => API_GROUP_OF[resource.toLowerCase()] === undefined);
    if (unknown.length > 0) {
      problems.push({ field: `rules[${index}].apiGroups`, message: `the API group of ${unknown.join(', ')} is not known`, fix: 'pass `apiGroups` explicitly' });
    }
    if (rule.verbs.length === 0) problems.push({ field: `rules[${index}].verbs`, message: 'a rule without verbs grants nothing', fix: 'list the verbs' });
    if (rule.nonResourceURLs && !clusterScoped) {
      problems.push({ field: `rules[${index}].nonResourceURLs`, message: 'a Role cannot grant non-resource URLs', fix: 'use a ClusterRole' });
    }
  });
  return problems;
}

function renderSubject(subject: Subject, namespace: string | undefined): k8s.Subject {
  if ('kind' in subject && (subject.kind === 'User' || subject.kind === 'Group')) {
    return { kind: subject.kind, name: subject.name, apiGroup: 'rbac.authorization.k8s.io' };
  }
  const account = subject as IServiceAccountRef;
  return { kind: 'ServiceAccount', name: account.name, namespace: account.namespace ?? namespace };
}

export interface RoleProps extends NamespacedResourceProps {
  /** Rules of the role. @default none */
  readonly rules?: readonly RoleRule[];
}

/** What Role and ClusterRole share: their rules, the verbs that add rules, and how the rules render. */
abstract class RulesResource<T extends object> extends Resource<T> {
  protected readonly rules: RoleRule[];

  protected constructor(scope: Construct, id: string, kind: 'Role' | 'ClusterRole', props: RoleProps | ClusterRoleProps) {
    super(scope, id, { apiVersion: 'rbac.authorization.k8s.io/v1', kind, clusterScoped: kind === 'ClusterRole', nameRule: 'path-segment' }, props, ['rules']);
    this.rules = [...(props.rules ?? [])];
  }

  /** Allows `verbs` on `resources`, e.g. `role.allow(['get'], ['pods'])`. */
  allow(verbs: readonly string[], resources: readonly string[], options: Omit<RoleRule, 'verbs' | 'resources'> = {}): this {
    this.rules.push({ verbs, resources, ...options });
    return this;
  }

  /** Allows get, list and watch on `resources`. */
  allowRead(...resources: string[]): this {
    return this.allow(READ_VERBS, resources);
  }

  protected override problems(): Problem[] {
    return [...super.problems(), ...ruleProblems(this.rules, this.resourceType.clusterScoped)];
  }

  protected renderBody(): Record<string, unknown> {
    return { rules: this.rules.map(renderRule) };
  }
}

/** Permissions inside one namespace. */
export class Role extends RulesResource<k8s.Role> {
  private binding?: RoleBinding;

  constructor(scope: Construct, id: string, props: RoleProps = {}) {
    super(scope, id, 'Role', props);
  }

  /** Grants this role to subjects, through one RoleBinding named like the role. */
  grant(...subjects: Subject[]): RoleBinding {
    this.binding ??= new RoleBinding(this, 'binding', { name: this.name, namespace: this.namespace, role: this });
    this.binding.addSubjects(...subjects);
    return this.binding;
  }
}

export interface ClusterRoleProps extends ResourceProps {
  /** Rules of the role. @default none */
  readonly rules?: readonly RoleRule[];
}

/** Permissions across the cluster, or a reusable set of permissions bound per namespace. */
export class ClusterRole extends RulesResource<k8s.ClusterRole> {
  private binding?: ClusterRoleBinding;

  constructor(scope: Construct, id: string, props: ClusterRoleProps = {}) {
    super(scope, id, 'ClusterRole', props);
  }

  /** Grants this role across the cluster, through one ClusterRoleBinding named like the role. */
  grant(...subjects: Subject[]): ClusterRoleBinding {
    this.binding ??= new ClusterRoleBinding(this, 'binding', { name: this.name, role: this });
    this.binding.addSubjects(...subjects);
    return this.binding;
  }
}

export interface RoleBindingProps extends NamespacedResourceProps {
  /** The Role, or a ClusterRole granted only in this namespace. */
  readonly role: Role | ClusterRole;
  /** Subjects. @default none (add with addSubjects) */
  readonly subjects?: readonly Subject[];
}

/** What RoleBinding and ClusterRoleBinding share: the role granted, the subjects, and how they render. */
abstract class BindingResource<T extends object, R extends Role | ClusterRole> extends Resource<T> {
  protected readonly role: R;
  protected readonly subjects: Subject[];

  protected constructor(
    scope: Construct,
    id: string,
    kind: 'RoleBinding' | 'ClusterRoleBinding',
    props: (RoleBindingProps | ClusterRoleBindingProps) & { readonly role: R },
  ) {
    super(scope, id, { apiVersion: 'rbac.authorization.k8s.io/v1', kind, clusterScoped: kind === 'ClusterRoleBinding', nameRule: 'path-segment' }, props, [
      'roleRef',
      'subjects',
    ]);
    this.role = props.role;
    this.subjects = [...(props.subjects ?? [])];
  }

  addSubjects(...subjects: Subject[]): this {
    this.subjects.push(...subjects);
    return this;
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    if (this.subjects.length === 0) problems.push({ field: 'subjects', message: 'the binding grants the role to nobody', fix: 'add subjects' });
    return problems;
  }

  protected renderBody(): Record<string, unknown> {
    // A ClusterRoleBinding has no namespace to lend its service account subjects.
    const namespace = this.resourceType.clusterScoped ? undefined : this.namespace;
    return {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: this.role.kind, name: this.role.name },
      subjects: this.subjects.map((subject) => renderSubject(subject, namespace)),
    };
  }
}

export class RoleBinding extends BindingResource<k8s.RoleBinding, Role | ClusterRole> {
  constructor(scope: Construct, id: string, props: RoleBindingProps) {
    super(scope, id, 'RoleBinding', props);
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    if (this.role instanceof Role && this.role.namespace !== this.namespace) {
      problems.push({ field: 'roleRef', message: `Role "${this.role.name}" is in namespace ${this.role.namespace}`, fix: 'bind a Role of the same namespace' });
    }
    return problems;
  }
}

export interface ClusterRoleBindingProps extends ResourceProps {
  /** The ClusterRole granted. */
  readonly role: ClusterRole;
  /** Subjects; service accounts need a namespace here. @default none (add with addSubjects) */
  readonly subjects?: readonly Subject[];
}

export class ClusterRoleBinding extends BindingResource<k8s.ClusterRoleBinding, ClusterRole> {
  constructor(scope: Construct, id: string, props: ClusterRoleBindingProps) {
    super(scope, id, 'ClusterRoleBinding', props);
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    this.subjects.forEach((subject, index) => {
      if (!('kind' in subject) && subject.namespace === undefined) {
        problems.push({ field: `subjects[${index}].namespace`, message: `service account "${subject.name}" has no namespace`, fix: 'give the service account a namespace' });
      }
    });
    return problems;
  }
}
