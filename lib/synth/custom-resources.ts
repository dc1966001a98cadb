// Custom resources whose CustomResourceDefinition the program renders itself: the CRD goes to the platform
// app (it is cluster-scoped), and Argo CD must not dry-run the custom resources before the CRD exists.
import { groupOf } from './kinds';
import { type Manifest, metadataOf } from './normalize';

export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource=true';
/** After the app's other objects (wave 0), so the platform app's CRD has been applied by the time they sync. */
export const CUSTOM_RESOURCE_WAVE = '1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `group/Kind` of every kind that the CustomResourceDefinitions among the objects define. */
export function kindsDefinedBy(objects: readonly Manifest[]): Set<string> {
  const kinds = new Set<string>();
  for (const object of objects) {
    if (object.kind !== 'CustomResourceDefinition' || !isRecord(object.spec)) continue;
    const { group, names } = object.spec;
    if (typeof group === 'string' && isRecord(names) && typeof names.kind === 'string') kinds.add(`${group}/${names.kind}`);
  }
  return kinds;
}

/**
 * Marks the custom resources of rendered CRDs for Argo CD: a later sync wave, and no dry run while the
 * CRD is missing (the sync retries once the platform app has installed it). Settings already made on
 * an object are kept.
 */
export function markForArgoCd(objects: readonly Manifest[], definedKinds: ReadonlySet<string>): void {
  if (definedKinds.size === 0) return;
  for (const object of objects) {
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') continue;
    if (!definedKinds.has(`${groupOf(object.apiVersion)}/${object.kind}`)) continue;
    const metadata = metadataOf(object);
    const annotations: Record<string, unknown> = isRecord(metadata.annotations) ? { ...metadata.annotations } : {};
    const options = typeof annotations[SYNC_OPTIONS_ANNOTATION] === 'string' ? (annotations[SYNC_OPTIONS_ANNOTATION] as string) : '';
    if (!options.split(',').map((option) => option.trim()).includes(SKIP_DRY_RUN)) {
      annotations[SYNC_OPTIONS_ANNOTATION] = options === '' ? SKIP_DRY_RUN : `${options},${SKIP_DRY_RUN}`;
    }
    if (annotations[SYNC_WAVE_ANNOTATION] === undefined) annotations[SYNC_WAVE_ANNOTATION] = CUSTOM_RESOURCE_WAVE;
    metadata.annotations = annotations;
  }
}
