// The rendered tree on disk: which files synth owns (a `.kubeforge` marker in each folder it writes,
// listing the files it wrote there), what changed, and an atomic swap of the new files into place.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadAll } from 'js-yaml';
import { compareCodeUnits } from './kinds';
import { DELIVERY_FOLDER } from './program';
import type { RenderedFile, Rendering, ResourceIdentity, Selection } from './render';

export const MARKER_FILE = '.kubeforge';
const MARKER_HEADER = '# Written by kubeforge synth: it replaces or removes the files listed here, and leaves every other file alone.';

export type ChangeStatus = 'added' | 'removed' | 'changed';

export interface TreeChange {
  /** Path inside the output folder, POSIX separators. */
  readonly path: string;
  readonly status: ChangeStatus;
  /** Content on disk (changed, removed). */
  readonly before?: string;
  /** Rendered content (added, changed). */
  readonly after?: string;
  /** Objects in the file: rendered ones, or for removed files the ones read from disk. */
  readonly resources: readonly ResourceIdentity[];
  readonly environment?: string;
}

export interface TreePlan {
  readonly changes: readonly TreeChange[];
  /** Files that stay as they are, per environment. */
  readonly unchanged: ReadonlyMap<string, number>;
  /** Files synth would write where a file it does not own exists. */
  readonly conflicts: readonly string[];
  /** New entries of each marker; an empty list removes the marker. */
  readonly markers: ReadonlyMap<string, readonly string[]>;
}

/** A file synth would overwrite without owning it: exit code 2, nothing written. */
export class OwnershipError extends Error {}

/** Compares the rendering with the output folder: what would be added, changed and removed. */
export function planTree(outputDirectory: string, rendering: Rendering): TreePlan {
  const newByFolder = new Map<string, Map<string, RenderedFile>>();
  for (const file of rendering.files) {
    const folder = dirname(file.path);
    let entries = newByFolder.get(folder);
    if (!entries) newByFolder.set(folder, (entries = new Map()));
    entries.set(basename(file.path), file);
  }
  const folders = new Set([...newByFolder.keys(), ...ownedFolders(outputDirectory)]);
  const changes: TreeChange[] = [];
  const conflicts: string[] = [];
  const markers = new Map<string, string[]>();
  const unchanged = new Map<string, number>();
  const keep = (file: RenderedFile) => unchanged.set(file.environment, (unchanged.get(file.environment) ?? 0) + 1);
  for (const folder of [...folders].sort(compareCodeUnits)) {
    const owned = readMarker(join(outputDirectory, folder));
    const rendered = newByFolder.get(folder) ?? new Map<string, RenderedFile>();
    const entries = new Set<string>();
    // A folder that does not exist yet holds nothing to compare with (the common case of a first synth).
    const folderExists = existsSync(join(outputDirectory, folder));
    for (const [name, file] of rendered) {
      entries.add(name);
      const target = join(outputDirectory, folder, name);
      const before = folderExists ? readIfFile(target) : undefined;
      if (before === undefined) {
        if (folderExists && existsSync(target)) conflicts.push(file.path);
        changes.push({ path: file.path, status: 'added', after: file.content, resources: file.resources, environment: file.environment });
      } else if (!owned.has(name)) {
        conflicts.push(file.path);
        if (before !== file.content) changes.push({ path: file.path, status: 'changed', before, after: file.content, resources: file.resources, environment: file.environment });
        else keep(file);
      } else if (before !== file.content) {
        changes.push({ path: file.path, status: 'changed', before, after: file.content, resources: file.resources, environment: file.environment });
      } else {
        keep(file);
      }
    }
    for (const name of owned) {
      if (rendered.has(name)) continue;
      if (!isInSelection(rendering.selection, folder, name)) {
        entries.add(name);
        continue;
      }
      const before = readIfFile(join(outputDirectory, folder, name));
      if (before !== undefined) changes.push({ path: `${folder}/${name}`, status: 'removed', before, resources: resourcesIn(before), environment: environmentOfFolder(folder) });
    }
    const sorted = [...entries].sort(compareCodeUnits);
    if (sorted.join('\n') !== [...owned].sort(compareCodeUnits).join('\n') || (sorted.length > 0 && !existsSync(join(outputDirectory, folder, MARKER_FILE)))) {
      markers.set(folder, sorted);
    }
  }
  changes.sort((a, b) => compareCodeUnits(a.path, b.path));
  return { changes, unchanged, conflicts, markers };
}

/** Whether an owned file belongs to the environments and apps this run renders (only those may be removed). */
export function isInSelection(selection: Selection, folder: string, name: string): boolean {
  const parts = folder.split('/');
  const environmentWanted = (environment: string) => !selection.environments || selection.environments.has(environment);
  const appWanted = (app: string) => !selection.apps || selection.apps.has(app);
  if (parts[0] === DELIVERY_FOLDER) return parts.length === 3 && environmentWanted(parts[2]) && !selection.apps;
  if (!environmentWanted(parts[0])) return false;
  if (parts.length === 1) return name.endsWith('.yaml') && appWanted(name.slice(0, -'.yaml'.length));
  return parts.length === 2 && appWanted(parts[1]);
}

function environmentOfFolder(folder: string): string {
  const parts = folder.split('/');
  return parts[0] === DELIVERY_FOLDER ? parts[2] ?? '' : parts[0];
}

/** Folders below the output folder that hold a marker: `<env>`, `<env>/<app>`, `delivery/<tool>/<env>`. */
function ownedFolders(outputDirectory: string): string[] {
  const found: string[] = [];
  const visit = (relative: string, depth: number) => {
    const absolute = relative === '' ? outputDirectory : join(outputDirectory, relative);
    let entries;
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === MARKER_FILE && entry.isFile() && relative !== '') found.push(relative);
      if (entry.isDirectory() && depth > 0) visit(relative === '' ? entry.name : `${relative}/${entry.name}`, depth - 1);
    }
  };
  visit('', 3);
  return found.filter((folder) => folder.split('/').length <= (folder.startsWith(`${DELIVERY_FOLDER}/`) ? 3 : 2));
}

function readMarker(folder: string): Set<string> {
  const text = readIfFile(join(folder, MARKER_FILE));
  if (text === undefined) return new Set();
  return new Set(text.split('\n').filter((line) => line !== '' && !line.startsWith('#') && !line.includes('/')));
}

function readIfFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Identities of the objects in a manifest file (best effort: unreadable files give none). */
export function resourcesIn(content: string): ResourceIdentity[] {
  try {
    const identities: ResourceIdentity[] = [];
    for (const document of loadAll(content)) {
      const object = document as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
      if (!object || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') continue;
      const namespace = object.metadata?.namespace;
      identities.push({
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: String(object.metadata?.name ?? ''),
        ...(typeof namespace === 'string' ? { namespace } : {}),
      });
    }
    return identities;
  } catch {
    return [];
  }
}

export function markerContent(entries: readonly string[]): string {
  return `${MARKER_HEADER}\n${entries.join('\n')}\n`;
}

/**
 * Applies a plan: new and changed files are written to a staging folder next to the output folder,
 * then renamed into place; removed files are moved out. A failure part-way undoes every rename, so the
 * previous tree stays as it was. Files synth does not own are never touched.
 */
export function writeTree(outputDirectory: string, plan: TreePlan): void {
  if (plan.conflicts.length > 0) {
    const listed = plan.conflicts.slice(0, 10).map((path) => `  ${path}`).join('\n');
    const more = plan.conflicts.length > 10 ? `\n  ... and ${plan.conflicts.length - 10} more` : '';
    throw new OwnershipError(
      `refusing to overwrite files that kubeforge synth did not write (not listed in a ${MARKER_FILE} marker):\n${listed}${more}\nMove or delete them, then run synth again.`,
    );
  }
  const contents = new Map<string, string | undefined>();
  for (const change of plan.changes) contents.set(change.path, change.after);
  for (const [folder, entries] of plan.markers) contents.set(`${folder}/${MARKER_FILE}`, entries.length > 0 ? markerContent(entries) : undefined);
  if (contents.size === 0) return;

  // Group by folder: a folder that does not exist yet moves into place with one rename.
  const byFolder = new Map<string, [string, string | undefined][]>();
  for (const [path, content] of contents) {
    const folder = dirname(path);
    const list = byFolder.get(folder);
    if (list) list.push([basename(path), content]);
    else byFolder.set(folder, [[basename(path), content]]);
  }
  mkdirSync(dirname(outputDirectory), { recursive: true });
  const staging = mkdtempSync(join(dirname(outputDirectory), `.${basename(outputDirectory)}.kubeforge-`));
  const undo: (() => void)[] = [];
  try {
    const moves: { from: string; to: string; whole: boolean }[] = [];
    const removals: string[] = [];
    let folderIndex = 0;
    for (const [folder, files] of byFolder) {
      const target = join(outputDirectory, folder);
      const stagedFolder = join(staging, `new-${folderIndex++}`);
      const whole = !existsSync(target);
      mkdirSync(stagedFolder);
      for (const [name, content] of files) {
        if (content !== undefined) {
          writeFileSync(join(stagedFolder, name), content);
          if (!whole) moves.push({ from: join(stagedFolder, name), to: join(target, name), whole: false });
        } else if (!whole) {
          removals.push(join(target, name));
        }
      }
      if (whole) moves.push({ from: stagedFolder, to: target, whole: true });
    }
    const aside = join(staging, 'old');
    mkdirSync(aside);
    let asideIndex = 0;
    const moveAside = (path: string) => {
      if (!existsSync(path)) return;
      const parked = join(aside, String(asideIndex++));
      renameSync(path, parked);
      undo.push(() => renameSync(parked, path));
    };
    for (const path of removals) moveAside(path);
    for (const move of moves) {
      if (move.whole) mkdirSync(dirname(move.to), { recursive: true });
      else moveAside(move.to);
      renameSync(move.from, move.to);
      undo.push(() => renameSync(move.to, move.from));
    }
  } catch (error) {
    let restored = true;
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        restored = false;
      }
    }
    // When a rename could not be undone, the staging folder keeps the files for a manual fix.
    if (restored) rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(staging, { recursive: true, force: true });
  for (const [folder, entries] of plan.markers) {
    if (entries.length > 0) continue;
    try {
      rmdirSync(join(outputDirectory, folder));
    } catch {
      // Not empty: other tools' files stay, and so does the folder.
      continue;
    }
  }
}
