// Public entry of kubeforge ('kubeforge'): the program API, the constructs, the value types, the policy,
// and the Kubernetes API types as the `k8s` namespace. Only what the README documents is exported here.

// The program: environments, apps, the entry, and rendering in memory for tests.
export { defineProgram, environmentOf, PLATFORM_APP } from './synth/program';
export type { AppBuilder, AppOptions, Environment, Program } from './synth/program';
export { renderProgram } from './synth/inspect';
export type { RenderedObject, RenderedProgram, RenderProgramOptions } from './synth/inspect';
export { loadSettings } from './synth/config';
export type { Settings } from './synth/config';

// Constructs.
export { ConfigMap } from './constructs/config-map';
export type { ConfigMapProps, IConfigMapRef } from './constructs/config-map';
export { Secret } from './constructs/secret';
export type { ISecretRef, SecretProps } from './constructs/secret';
export { Container, EnvFrom, EnvValue } from './constructs/container';
export type { ContainerPort, ContainerProps, ContainerRole, Protocol, VolumeMount } from './constructs/container';
export { Workload } from './constructs/pod-template';
export type { TopologySpread, WorkloadProps } from './constructs/pod-template';
export { ScalableWorkload } from './constructs/workload';
export type { ExposeOptions, ExposeViaIngressOptions, ScalableWorkloadProps } from './constructs/workload';
export { Deployment, DeploymentStrategy } from './constructs/deployment';
export type { DeploymentProps } from './constructs/deployment';
export { StatefulSet } from './constructs/stateful-set';
export type { StatefulSetProps, VolumeClaimTemplate } from './constructs/stateful-set';
export { Job } from './constructs/job';
export type { JobOptions, JobProps } from './constructs/job';
export { CronJob } from './constructs/cron-job';
export type { CronJobProps } from './constructs/cron-job';
export { Service } from './constructs/service';
export type { ServicePort, ServiceProps, ServiceType } from './constructs/service';
export { Ingress } from './constructs/ingress';
export type { IngressBackend, IngressProps, IngressRule, IngressTls, PathType } from './constructs/ingress';
export { HorizontalPodAutoscaler, Metric } from './constructs/horizontal-pod-autoscaler';
export type { AutoscaleOptions, HorizontalPodAutoscalerProps, ScalingBehavior, ScalingPolicy } from './constructs/horizontal-pod-autoscaler';
export { PodDisruptionBudget } from './constructs/pod-disruption-budget';
export type { DisruptionBudgetOptions, PodDisruptionBudgetProps } from './constructs/pod-disruption-budget';
export { PersistentVolumeClaim } from './constructs/persistent-volume-claim';
export type { AccessMode, ClaimOptions, IClaimRef, PersistentVolumeClaimProps } from './constructs/persistent-volume-claim';
export { ServiceAccount } from './constructs/service-account';
export type { IServiceAccountRef, ServiceAccountProps } from './constructs/service-account';
export { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from './constructs/role';
export type { ClusterRoleBindingProps, ClusterRoleProps, RoleBindingProps, RoleProps, RoleRule, Subject } from './constructs/role';
export { Namespace } from './constructs/namespace';
export type { NamespaceProps } from './constructs/namespace';
export { NetworkPeer, NetworkPolicy } from './constructs/network-policy';
export type { NetworkPolicyProps, NetworkPolicyRule, NetworkPort } from './constructs/network-policy';
export { Resource } from './constructs/resource';
export type { Labels, NamespacedResourceProps, Override, ResourceProps } from './constructs/resource';
export { Probe } from './constructs/probe';
export type { HttpProbeOptions, ProbeOptions } from './constructs/probe';
export { Volume } from './constructs/volume';
export type { ConfigSource, ConfigVolumeOptions, KeyToPath } from './constructs/volume';

// Value types and the policy of defaults.
export { ByteSize, Cpu, Duration, PercentOrAbsolute } from './constructs/values';
export { DEFAULT_POLICY, Policy } from './constructs/policy';
export type { ContainerResources, DeepPartial, ImagePullPolicy, PolicyOverrides, PolicySettings, ProbeKind, RequestAndLimit } from './constructs/policy';

// Annotations that the rules read on objects.
export { EXTERNAL_REFS_ANNOTATION, IGNORE_ANNOTATION } from './validate/rules/annotations';

// The Kubernetes API types and the bundled versions.
export * as k8s from './k8s';
export { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS, isKubernetesVersion } from './k8s/versions';
export type { KubernetesVersion } from './k8s/versions';

// Custom resources: the base of the classes `kubeforge import` generates, and a CRD an app renders.
export { CustomResource, CustomResourceDefinition, type CustomResourceDefinitionData } from './import/custom-resource';
