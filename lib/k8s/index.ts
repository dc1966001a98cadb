// The Kubernetes API as TypeScript types (generated) and the versions whose schemas ship with kubeforge.
export * from './types.generated';
export * from './versions';
