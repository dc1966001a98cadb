import { DEFAULT_KUBERNETES_VERSION } from '../../../k8s/versions';
import { NO_FINDINGS, Rule } from '../types';

interface RemovedApi {
  readonly apiVersion: string;
  /** Kinds removed from that apiVersion, or every kind of it. */
  readonly kinds: readonly string[] | 'all';
  /** First Kubernetes minor version (1.x) that no longer serves it. */
  readonly removedIn: string;
  /** The apiVersion to use instead, or what replaces the API. */
  readonly replacement: string;
}

/** From the Kubernetes deprecated API migration guide and the bundled OpenAPI definitions. */
const REMOVED_APIS: readonly RemovedApi[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], removedIn: '1.16', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.16', replacement: 'Pod Security Admission (namespace labels pod-security.kubernetes.io/*)' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'apps/v1beta1', kinds: 'all', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: 'all', removedIn: '1.16', replacement: 'apps/v1' },
  { apiVersion: 'batch/v2alpha1', kinds: 'all', removedIn: '1.21', replacement: 'batch/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], removedIn: '1.22', replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1alpha1', kinds: 'all', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: 'all', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: 'all', removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: 'all', removedIn: '1.22', replacement: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], removedIn: '1.22', replacement: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], removedIn: '1.34', replacement: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: 'all', removedIn: '1.22', replacement: 'authentication.k8s.io/v1' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kinds: 'all', removedIn: '1.22', replacement: 'authorization.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], removedIn: '1.22', replacement: 'certificates.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1alpha1', kinds: ['PodCertificateRequest'], removedIn: '1.35', replacement: 'certificates.k8s.io/v1beta1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], removedIn: '1.22', replacement: 'coordination.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1alpha1', kinds: ['PriorityClass'], removedIn: '1.17', replacement: 'scheduling.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], removedIn: '1.22', replacement: 'scheduling.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1alpha1', kinds: ['Workload'], removedIn: '1.36', replacement: 'scheduling.k8s.io/v1alpha2' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removedIn: '1.22', replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removedIn: '1.27', replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1alpha1', kinds: ['VolumeAttributesClass'], removedIn: '1.35', replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removedIn: '1.25', replacement: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: '1.25', replacement: 'Pod Security Admission (namespace labels pod-security.kubernetes.io/*)' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25', replacement: 'batch/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.25', replacement: 'autoscaling/v2' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: '1.26', replacement: 'autoscaling/v2' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: '1.25', replacement: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: '1.25', replacement: 'events.k8s.io/v1' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: '1.25', replacement: 'node.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1alpha1', kinds: 'all', removedIn: '1.21', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: 'all', removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: 'all', removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: 'all', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'resource.k8s.io/v1alpha3', kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], removedIn: '1.34', replacement: 'resource.k8s.io/v1' },
  { apiVersion: 'storagemigration.k8s.io/v1alpha1', kinds: ['StorageVersionMigration'], removedIn: '1.35', replacement: 'storagemigration.k8s.io/v1beta1' },
];

/** The minor number of `1.36`, `v1.36` or `1.36.2`; undefined for anything else. */
export function minorOf(version: string): number | undefined {
  const match = /^v?1\.(\d+)(\.\d+)?$/.exec(version.trim());
  return match === null ? undefined : Number(match[1]);
}

const REMOVED_BY_API_VERSION = new Map<string, RemovedApi[]>();
for (const api of REMOVED_APIS) REMOVED_BY_API_VERSION.set(api.apiVersion, [...(REMOVED_BY_API_VERSION.get(api.apiVersion) ?? []), api]);

/** The removal that applies to `apiVersion` `kind` in the target version, if any. */
export function removedApi(apiVersion: string, kind: string, kubernetesVersion: string): RemovedApi | undefined {
  const candidates = REMOVED_BY_API_VERSION.get(apiVersion);
  if (candidates === undefined) return undefined;
  const target = minorOf(kubernetesVersion) ?? minorOf(DEFAULT_KUBERNETES_VERSION);
  if (target === undefined) return undefined;
  return candidates.find((api) => (api.kinds === 'all' || api.kinds.includes(kind)) && (minorOf(api.removedIn) ?? Infinity) <= target);
}

export const deprecatedApi: Rule = {
  id: 'deprecated-api',
  severity: 'error',
  scope: 'object',
  kinds: 'any',
  description: 'An apiVersion that the target Kubernetes version no longer serves (extensions/v1beta1 Ingress, policy/v1beta1 PodDisruptionBudget, autoscaling/v2beta2 HorizontalPodAutoscaler, ...).',
  hint: 'Move the object to the replacement apiVersion named in the message and adapt the fields that changed.',
  check(context, object) {
    if (object.apiVersion === '' || object.kind === '') return NO_FINDINGS;
    const removed = removedApi(object.apiVersion, object.kind, context.kubernetesVersion);
    if (removed === undefined) return NO_FINDINGS;
    const replacement = removed.replacement.includes('/') && !removed.replacement.includes(' ') ? `use ${removed.replacement}` : `replaced by ${removed.replacement}`;
    return [
      {
        message: `${object.apiVersion} ${object.kind} was removed in Kubernetes ${removed.removedIn} (target ${context.kubernetesVersion}); ${replacement}`,
        path: ['apiVersion'],
      },
    ];
  },
};
