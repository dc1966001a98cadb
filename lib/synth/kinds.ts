// Facts about kinds that synth needs before any schema is loaded: install order and scope.

/** Helm 3's install order of kinds (kind_sorter.go); kinds not listed come after all of these. */
export const INSTALL_ORDER: readonly string[] = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy',
  'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList',
  'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList',
  'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler',
  'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

const INSTALL_RANK = new Map(INSTALL_ORDER.map((kind, index) => [kind, index]));

/** Position of a kind in the install order; unknown kinds share the last rank. */
export function installRank(kind: string): number {
  return INSTALL_RANK.get(kind) ?? INSTALL_ORDER.length;
}

/** Orders strings by UTF-16 code units, never by locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The API group of an apiVersion: `apps/v1` is `apps`, `v1` is the core group `''`. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Built-in groups are served by the API server itself (no dot, or a `*.k8s.io` group). */
export function isBuiltInGroup(group: string): boolean {
  return !group.includes('.') || group.endsWith('.k8s.io');
}

/** Cluster-scoped built-in kinds, keyed `group/Kind` (core group: `/Kind`). Written by hand from the API reference. */
const CLUSTER_SCOPED_BUILT_INS = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment', 'storage.k8s.io/VolumeAttributesClass',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'certificates.k8s.io/CertificateSigningRequest', 'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'networking.k8s.io/IngressClass', 'networking.k8s.io/IPAddress', 'networking.k8s.io/ServiceCIDR',
  'resource.k8s.io/DeviceClass', 'resource.k8s.io/ResourceSlice', 'resource.k8s.io/DeviceTaintRule',
  'storagemigration.k8s.io/StorageVersionMigration',
  'internal.apiserver.k8s.io/StorageVersion',
  'authentication.k8s.io/TokenReview', 'authentication.k8s.io/SelfSubjectReview',
  'authorization.k8s.io/SubjectAccessReview', 'authorization.k8s.io/SelfSubjectAccessReview',
  'authorization.k8s.io/SelfSubjectRulesReview',
]);

/**
 * Knows which kinds are cluster-scoped: the built-ins above, kinds of CustomResourceDefinitions
 * with `scope: Cluster` seen in the same program, and kinds named in settings (`group/Kind`).
 */
export class ScopeRegistry {
  private readonly clusterScoped = new Set(CLUSTER_SCOPED_BUILT_INS);

  constructor(extraClusterScoped: readonly string[] = []) {
    for (const entry of extraClusterScoped) this.clusterScoped.add(entry.includes('/') ? entry : `/${entry}`);
  }

  /** Learns the scope of custom kinds from CustomResourceDefinition objects. */
  learnFromDefinitions(objects: readonly unknown[]): void {
    for (const object of objects) {
      const definition = object as { kind?: unknown; spec?: { group?: unknown; scope?: unknown; names?: { kind?: unknown } } };
      if (definition?.kind !== 'CustomResourceDefinition' || definition.spec?.scope !== 'Cluster') continue;
      const group = definition.spec.group;
      const kind = definition.spec.names?.kind;
      if (typeof group === 'string' && typeof kind === 'string') this.clusterScoped.add(`${group}/${kind}`);
    }
  }

  isClusterScoped(apiVersion: string, kind: string): boolean {
    return this.clusterScoped.has(`${groupOf(apiVersion)}/${kind}`);
  }
}
