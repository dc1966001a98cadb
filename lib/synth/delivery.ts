// Delivery objects that point Argo CD or Flux at the rendered tree: one per app (or one Argo CD
// ApplicationSet per environment), written to a tree that no synced path reads.
import type { ArgoCdSettings, FluxSettings, Settings } from './config';
import type { Manifest } from './normalize';
import { PLATFORM_APP } from './program';

/** An app folder (or bundle file) as delivery tools see it. */
export interface DeliveredApp {
  readonly name: string;
  /** Destination namespace; undefined for the platform app (cluster-scoped objects). */
  readonly namespace?: string;
  /** Folder inside the repository, POSIX separators, no leading `./`. */
  readonly path: string;
  /** File inside `path` when the layout is one bundle file per app. */
  readonly file?: string;
}

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'kubeforge' };

function labelsFor(environment: string): Record<string, string> {
  return { ...MANAGED_BY, 'kubeforge.io/environment': environment };
}

/** Argo CD objects of one environment: Applications, or a single ApplicationSet. */
export function argoCdObjects(environment: string, apps: readonly DeliveredApp[], settings: Settings, argocd: ArgoCdSettings): Manifest[] {
  const repoURL = settings.repository.url as string;
  const syncPolicy = { automated: { prune: true, selfHeal: true } };
  if (argocd.applicationSet) {
    const elements = apps.map((app) => ({
      app: app.name,
      namespace: app.namespace ?? '',
      path: app.path,
      ...(app.file ? { include: app.file } : {}),
    }));
    const bundled = apps.some((app) => app.file);
    return [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: { name: environment, namespace: argocd.namespace, labels: labelsFor(environment) },
        spec: {
          generators: [{ list: { elements } }],
          template: {
            metadata: { name: `${environment}-{{app}}`, labels: labelsFor(environment) },
            spec: {
              project: argocd.project,
              source: {
                repoURL,
                targetRevision: settings.repository.revision,
                path: '{{path}}',
                ...(bundled ? { directory: { include: '{{include}}' } } : {}),
              },
              destination: { server: argocd.server, namespace: '{{namespace}}' },
              syncPolicy,
            },
          },
        },
      },
    ];
  }
  return apps.map((app) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${environment}-${app.name}`,
      namespace: argocd.namespace,
      labels: labelsFor(environment),
      // Within an app of apps, the platform (namespaces, cluster roles) syncs before the apps.
      annotations: { 'argocd.argoproj.io/sync-wave': app.name === PLATFORM_APP ? '-1' : '0' },
    },
    spec: {
      project: argocd.project,
      source: {
        repoURL,
        targetRevision: settings.repository.revision,
        path: app.path,
        ...(app.file ? { directory: { include: app.file } } : {}),
      },
      destination: { server: argocd.server, ...(app.namespace ? { namespace: app.namespace } : {}) },
      syncPolicy,
    },
  }));
}

/**
 * Flux Kustomizations of one environment: one per app folder, each depending on the platform app.
 * Flux reads folders, so with bundle files there is one Kustomization for the environment's folder.
 */
export function fluxObjects(environment: string, apps: readonly DeliveredApp[], flux: FluxSettings): Manifest[] {
  const kustomization = (name: string, path: string, dependsOn: string[]): Manifest => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: flux.namespace, labels: labelsFor(environment) },
    spec: {
      interval: flux.interval,
      path: `./${path}`,
      prune: flux.prune,
      sourceRef: { ...flux.sourceRef },
      ...(dependsOn.length > 0 ? { dependsOn: dependsOn.map((dependency) => ({ name: dependency })) } : {}),
    },
  });
  if (apps.some((app) => app.file)) {
    return apps.length === 0 ? [] : [kustomization(environment, apps[0].path, [])];
  }
  const hasPlatform = apps.some((app) => app.name === PLATFORM_APP);
  return apps.map((app) =>
    kustomization(
      `${environment}-${app.name}`,
      app.path,
      hasPlatform && app.name !== PLATFORM_APP ? [`${environment}-${PLATFORM_APP}`] : [],
    ),
  );
}
