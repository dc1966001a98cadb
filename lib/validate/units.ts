// Units of a validate run: a folder with a kustomization file is applied as one, so duplicates and the
// cross-resource rules are checked within it, not across sibling folders; so is a folder that kubeforge synth
// wrote (its marker file: an environment of the bundle layout). Everything else given forms one more unit, which
// may be only part of an application (a changed file, one folder of many).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { documentsOf } from './files';

/** The marker of folders synth writes (MARKER_FILE of lib/synth/tree.ts, which is not imported: it loads cdk8s). */
export const SYNTH_MARKER_FILE = '.kubeforge';

/** File names kustomize reads as a kustomization, in its order of preference. */
export const KUSTOMIZATION_FILES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** An object that kustomize generates (configMapGenerator, secretGenerator) and that no file declares. */
export interface GeneratedObject {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly namespace: string | undefined;
}

export interface Unit {
  /** The kustomization folder, or undefined for the files outside any. */
  readonly folder: string | undefined;
  /** Known to be the whole application: findings about absent objects are errors. */
  readonly whole: boolean;
  /** The kustomization's `namespace:`, which kustomize sets on every namespaced object. */
  readonly namespace: string | undefined;
  readonly generated: readonly GeneratedObject[];
}

export interface UnitPlan {
  readonly units: readonly Unit[];
  /** The unit of each manifest file that is to be validated. */
  unitOf(file: string): Unit;
  /** Kustomize's own files (the kustomization, patches, transformer configurations): recognised, not validated as resources. */
  isKustomizeFile(file: string): boolean;
}

type Mapping = Record<string, unknown>;

function asRecord(value: unknown): Mapping | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Mapping) : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The `path` fields of a list of entries (`patches: [{path: a.yaml}]`) and plain string entries. */
function paths(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') out.push(item);
    else if (typeof asRecord(item)?.path === 'string') out.push(asRecord(item)!.path as string);
  }
  return out;
}

/** True when a resources entry reaches outside the kustomization folder (`../base`, a remote URL, an absolute path). */
function leavesFolder(entry: string): boolean {
  if (entry.includes('://') || entry.startsWith('git@') || entry.startsWith('github.com/') || isAbsolute(entry)) return true;
  return normalize(entry).split(sep).includes('..');
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

interface Kustomization {
  readonly unit: Unit;
  /** Files of the folder that are kustomize configuration rather than resources. */
  readonly configFiles: readonly string[];
}

function readKustomization(folder: string, file: string, whole: boolean): Kustomization {
  let document: Mapping = {};
  try {
    document = asRecord(documentsOf(readFileSync(file, 'utf8'))[0]) ?? {};
  } catch {
    // An unreadable kustomization still makes its folder a unit; kustomize itself will report the file.
  }
  const namespace = typeof document.namespace === 'string' && document.namespace !== '' ? document.namespace : undefined;
  const generated: GeneratedObject[] = [];
  for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    for (const item of Array.isArray(document[field]) ? document[field] : []) {
      const generator = asRecord(item);
      if (typeof generator?.name !== 'string') continue;
      generated.push({ kind, name: generator.name, namespace: typeof generator.namespace === 'string' ? generator.namespace : namespace });
    }
  }
  const sources = [...strings(document.resources), ...strings(document.bases), ...strings(document.components)];
  // A Component is a fragment meant to be included elsewhere; resources from outside the folder are not in this unit.
  const complete = document.kind !== 'Component' && !sources.some(leavesFolder);
  const configFiles = [
    ...strings(document.patchesStrategicMerge),
    ...paths(document.patches),
    ...paths(document.patchesJson6902),
    ...paths(document.replacements),
    ...strings(document.configurations),
    ...strings(document.transformers),
    ...strings(document.generators),
    ...strings(document.validators),
    ...(typeof asRecord(document.openapi)?.path === 'string' ? [asRecord(document.openapi)!.path as string] : []),
    ...(Array.isArray(document.helmCharts) ? document.helmCharts.map((chart) => asRecord(chart)?.valuesFile).filter((value): value is string => typeof value === 'string') : []),
  ]
    .filter((entry) => !entry.includes('\n') && !leavesFolder(entry))
    .map((entry) => resolve(folder, entry));
  return { unit: { folder, whole: whole || complete, namespace, generated }, configFiles };
}

/**
 * Splits the files found under `paths` into units. Only folders that were walked (a folder PATH or one inside it)
 * make units: a file given on its own is part of the loose unit even when its folder has a kustomization.
 */
export function planUnits(paths: readonly string[], files: readonly string[], options: { whole?: boolean } = {}): UnitPlan {
  const whole = options.whole === true;
  const roots = paths.filter((path) => path !== '-' && isFolder(path)).map((path) => resolve(path));
  const loose: Unit = { folder: undefined, whole, namespace: undefined, generated: [] };
  const kustomizations = new Map<string, Kustomization | undefined>();
  const kustomizeFiles = new Set<string>();

  const kustomizationIn = (folder: string): Kustomization | undefined => {
    if (kustomizations.has(folder)) return kustomizations.get(folder);
    const name = KUSTOMIZATION_FILES.find((candidate) => existsSync(join(folder, candidate)));
    let found = name === undefined ? undefined : readKustomization(folder, join(folder, name), whole);
    // Synth writes what one environment (or app) holds, and checked it whole.
    if (found === undefined && existsSync(join(folder, SYNTH_MARKER_FILE))) found = { unit: { folder, whole: true, namespace: undefined, generated: [] }, configFiles: [] };
    if (name !== undefined) kustomizeFiles.add(join(folder, name));
    for (const file of found?.configFiles ?? []) kustomizeFiles.add(file);
    kustomizations.set(folder, found);
    return found;
  };

  const unitByFile = new Map<string, Unit>();
  for (const file of files) {
    const absolute = resolve(file);
    const root = roots.filter((candidate) => absolute === candidate || absolute.startsWith(candidate + sep)).sort((a, b) => b.length - a.length)[0];
    let unit = loose;
    if (root !== undefined && absolute !== root) {
      // The nearest folder with a kustomization, from the file's folder up to the walked root.
      for (let folder = dirname(absolute); ; folder = dirname(folder)) {
        const found = kustomizationIn(folder);
        if (found !== undefined) {
          unit = found.unit;
          break;
        }
        if (folder === root || relative(root, folder).startsWith('..') || dirname(folder) === folder) break;
      }
    }
    unitByFile.set(file, unit);
  }
  const units = [...new Set(unitByFile.values())];
  return {
    units,
    unitOf: (file) => unitByFile.get(file) ?? loose,
    isKustomizeFile: (file) => KUSTOMIZATION_FILES.includes(basename(file)) || kustomizeFiles.has(resolve(file)),
  };
}
