// The example apps and the environments they are rendered in; apps/main.ts puts them into the program.
import type { AppBuilder, AppOptions } from '../lib';
import { kubeAlive } from './kube-alive';
import { mlModel } from './ml-model';
import { observability } from './observability';
import { phpNginx } from './php-nginx';
import { redis } from './redis';
import { dev, prod } from './values';
import type { Values } from './values';

export type { Values } from './values';

/** The example apps by name; each renders into the namespace of its name. */
export const exampleApps = {
  'ml-model': mlModel,
  'kube-alive': kubeAlive,
  'php-nginx': phpNginx,
  observability,
  redis,
} satisfies Record<string, AppBuilder<Values> | AppOptions<Values>>;

/** The environments of the example apps. */
export const exampleEnvironments = { dev, prod } satisfies Record<string, Values>;
