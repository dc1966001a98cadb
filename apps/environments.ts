// The environments every app is rendered for, with the values that differ between them.

export interface Values {
  /** Replicas of each stateless service. */
  readonly replicas: number;
  /** Public domain under which apps expose their UI. */
  readonly domain: string;
  /** Image tag deployed in this environment. */
  readonly imageTag: string;
  /** CPU and memory requests of a typical container. */
  readonly requests: { readonly cpu: string; readonly memory: string };
}

export const environments: Readonly<Record<string, Values>> = {
  dev: { replicas: 1, domain: 'dev.example.com', imageTag: '1.27', requests: { cpu: '100m', memory: '128Mi' } },
  prod: { replicas: 3, domain: 'example.com', imageTag: '1.27.2', requests: { cpu: '250m', memory: '256Mi' } },
};
