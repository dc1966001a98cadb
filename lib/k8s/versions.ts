/** Kubernetes versions whose schemas ship in schemas/, oldest first. */
export const KUBERNETES_VERSIONS = ['1.33', '1.34', '1.35', '1.36'] as const;

export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1];

export function isKubernetesVersion(value: string): value is KubernetesVersion {
  return (KUBERNETES_VERSIONS as readonly string[]).includes(value);
}
