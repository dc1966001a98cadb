// Delivery objects that point Argo CD or Flux at the rendered tree, per environment:
//   delivery/argocd/<env>/             a root Application (app of apps) that syncs this folder and itself, and an
//                                      Application per app (or one ApplicationSet with a Git directory generator)
//   delivery/flux/<env>/               the cluster folder of `flux bootstrap --path`; bootstrap owns flux-system/
//   delivery/flux/<env>/kubeforge/     a Flux Kustomization per app (synth owns only this folder)
import type { ArgoCdSettings, FluxSettings, Settings } from './config';
import type { Manifest } from './normalize';
import { DELIVERY_FOLDER, PLATFORM_APP } from './program';

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

/** A folder of delivery objects, relative to the output folder. */
export interface DeliveryFolder {
  readonly path: string;
  readonly tool: 'argocd' | 'flux';
  readonly objects: Manifest[];
}

/** The folder below a Flux cluster folder that synth owns; the cluster folder itself is left to bootstrap and people. */
export const FLUX_OWNED_FOLDER = 'kubeforge';
export const ARGOCD_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
const GENERATE_PATHS = 'argocd.argoproj.io/manifest-generate-paths';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'kubeforge' };

function labelsFor(environment: string): Record<string, string> {
  return { ...MANAGED_BY, 'kubeforge.io/environment': environment };
}

/** A path inside the repository: the configured output path joined with `parts`, no leading `./`. */
export function repositoryPath(settings: Settings, ...parts: string[]): string {
  const root = settings.repository.path.replace(/^\.\/+/, '').replace(/^\/+|\/+$/g, '');
  // An output folder at the repository's root (`.`) adds nothing to the path.
  return [...(root === '' || root === '.' ? [] : [root]), ...parts].join('/') || '.';
}

/** The delivery folders of one environment, for the tools configured. */
export function deliveryFolders(environment: string, apps: readonly DeliveredApp[], settings: Settings): DeliveryFolder[] {
  const folders: DeliveryFolder[] = [];
  if (settings.argocd) {
    folders.push({ path: `${DELIVERY_FOLDER}/argocd/${environment}`, tool: 'argocd', objects: argoCdObjects(environment, apps, settings, settings.argocd) });
  }
  if (settings.flux) {
    folders.push({ path: `${DELIVERY_FOLDER}/flux/${environment}/${FLUX_OWNED_FOLDER}`, tool: 'flux', objects: fluxObjects(environment, apps, settings.flux) });
  }
  return folders;
}

/**
 * Automated sync that prunes and heals, and retries a failed sync with backoff: an app synced before the
 * platform's Namespace exists succeeds on a later attempt instead of waiting for the next commit.
 */
function syncPolicy(argocd: ArgoCdSettings): Manifest {
  return {
    automated: { prune: true, selfHeal: true },
    retry: { limit: argocd.retryLimit, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
  };
}

/** Labels, finalizer (cascade delete) and manifest-generate-paths (only commits under the app's path refresh it). */
function applicationMetadata(name: string, environment: string, argocd: ArgoCdSettings, annotations: Record<string, string> = {}): Manifest {
  return {
    name,
    labels: labelsFor(environment),
    annotations: { [GENERATE_PATHS]: '.', ...annotations },
    ...(argocd.cascadeDelete ? { finalizers: [ARGOCD_FINALIZER] } : {}),
  };
}

/**
 * Argo CD objects of one environment: the root Application, which syncs the environment's delivery folder
 * (so apps added or removed in code follow) and is listed there itself (so changes to it follow too), and an
 * Application per app, the platform one a sync wave earlier; or, instead of the Applications, an ApplicationSet.
 */
export function argoCdObjects(environment: string, apps: readonly DeliveredApp[], settings: Settings, argocd: ArgoCdSettings): Manifest[] {
  const repoURL = settings.repository.url as string;
  const targetRevision = settings.repository.revision;
  const root: Manifest = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { ...applicationMetadata(environment, environment, argocd), namespace: argocd.namespace },
    spec: {
      project: argocd.project,
      source: { repoURL, targetRevision, path: repositoryPath(settings, DELIVERY_FOLDER, 'argocd', environment) },
      destination: { server: argocd.server, namespace: argocd.namespace },
      syncPolicy: syncPolicy(argocd),
    },
  };
  if (argocd.applicationSet) return [root, applicationSet(environment, apps, settings, argocd)];
  const applications = apps.map((app) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      // Waves order the root's sync: with Argo CD's Application health check, apps wait until the platform is healthy.
      ...applicationMetadata(`${environment}-${app.name}`, environment, argocd, { [SYNC_WAVE]: app.name === PLATFORM_APP ? '-1' : '0' }),
      namespace: argocd.namespace,
    },
    spec: {
      project: argocd.project,
      source: { repoURL, targetRevision, path: app.path, ...(app.file ? { directory: { include: app.file } } : {}) },
      destination: { server: argocd.server, ...(app.namespace ? { namespace: app.namespace } : {}) },
      syncPolicy: syncPolicy(argocd),
    },
  }));
  return [root, ...applications];
}

/**
 * One ApplicationSet for the environment: a Git directory generator over the app folders (a folder added
 * or removed in Git is an app added or removed), or a list of the bundle files in the bundle layout.
 * Generated apps carry no sync waves: ordering rests on retries.
 */
function applicationSet(environment: string, apps: readonly DeliveredApp[], settings: Settings, argocd: ArgoCdSettings): Manifest {
  const repoURL = settings.repository.url as string;
  const targetRevision = settings.repository.revision;
  const bundled = apps.some((app) => app.file);
  const generator = bundled
    ? { list: { elements: apps.map((app) => ({ app: app.name, include: app.file as string })) } }
    : { git: { repoURL, revision: targetRevision, directories: [{ path: repositoryPath(settings, environment, '*') }] } };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: environment, namespace: argocd.namespace, labels: labelsFor(environment) },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      generators: [generator],
      template: {
        metadata: applicationMetadata(`${environment}-${bundled ? '{{.app}}' : '{{.path.basename}}'}`, environment, argocd),
        spec: {
          project: argocd.project,
          source: bundled
            ? { repoURL, targetRevision, path: repositoryPath(settings, environment), directory: { include: '{{.include}}' } }
            : { repoURL, targetRevision, path: '{{.path.path}}' },
          // No destination namespace: every namespaced object carries its own.
          destination: { server: argocd.server },
          syncPolicy: syncPolicy(argocd),
        },
      },
      syncPolicy: { preserveResourcesOnDeletion: !argocd.cascadeDelete },
    },
  };
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
      // A failed apply (e.g. the platform not ready yet) is retried sooner than the next interval.
      retryInterval: '1m',
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
