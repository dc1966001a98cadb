// Public entry of kubeforge: the constructs, and the Kubernetes API types as the `k8s` namespace.
export * from './constructs';
export * as k8s from './k8s';
export { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS, isKubernetesVersion } from './k8s/versions';
export type { KubernetesVersion } from './k8s/versions';
