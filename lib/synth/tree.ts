// The rendered tree on disk: which files synth owns (a `.kubeforge` marker in each folder it writes,
// listing the files it wrote there), what changed, and a crash-safe write of the changes.
//
// How a write survives a kill at any instant: everything goes through a staging folder next to the
// output folder, `.<output>.kubeforge-<pid>-<random>`:
//   1. the new contents are written to <staging>/files/<n>;
//   2. <staging>/journal.json lists every step (written as journal.tmp, then renamed: the commit point);
//   3. the steps run: rename <staging>/files/<n> over its target, or unlink a file that is no longer rendered;
//   4. the journal is deleted, then the staging folder.
// Killed before 2, the output folder is untouched and the staging folder has no journal: the next run
// deletes it. Killed after 2, the next synth replays the journal first (every step can run twice), which
// gives the tree of the killed run, then writes its own; `--check` reports the journal as drift.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
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
  /** Files in folders synth owns that the program does not render (never applied: kustomization.yaml does not list them). */
  readonly stray: readonly string[];
  /** Staging folders of killed runs whose journal was committed: the next synth finishes them. */
  readonly interrupted: readonly string[];
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
  const stray: string[] = [];
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
    // Only folders that stay owned: a folder synth gives up is left to whoever uses it.
    if (folderExists && entries.size > 0 && isFolderInSelection(rendering.selection, folder)) {
      for (const name of filesIn(join(outputDirectory, folder))) {
        if (name !== MARKER_FILE && !rendered.has(name) && !owned.has(name)) stray.push(`${folder}/${name}`);
      }
    }
    const sorted = [...entries].sort(compareCodeUnits);
    if (sorted.join('\n') !== [...owned].sort(compareCodeUnits).join('\n') || (sorted.length > 0 && !existsSync(join(outputDirectory, folder, MARKER_FILE)))) {
      markers.set(folder, sorted);
    }
  }
  changes.sort((a, b) => compareCodeUnits(a.path, b.path));
  const interrupted = stagingFolders(outputDirectory).filter((folder) => folder.dead && folder.committed).map((folder) => folder.name);
  return { changes, unchanged, conflicts, markers, stray: stray.sort(compareCodeUnits), interrupted };
}

/** Whether a whole owned folder belongs to the environments and apps this run renders. */
function isFolderInSelection(selection: Selection, folder: string): boolean {
  const parts = folder.split('/');
  // The files of an environment folder (bundle layout) are apps of their own; each is checked by name.
  return parts.length === 1 ? !selection.environments || selection.environments.has(parts[0]) : isInSelection(selection, folder, '');
}

function filesIn(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true }).filter((entry) => !entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** Whether an owned file belongs to the environments and apps this run renders (only those may be removed). */
export function isInSelection(selection: Selection, folder: string, name: string): boolean {
  const parts = folder.split('/');
  const environmentWanted = (environment: string) => !selection.environments || selection.environments.has(environment);
  const appWanted = (app: string) => !selection.apps || selection.apps.has(app);
  if (parts[0] === DELIVERY_FOLDER) return parts.length >= 3 && environmentWanted(parts[2]) && !selection.apps;
  if (!environmentWanted(parts[0])) return false;
  if (parts.length === 1) return name.endsWith('.yaml') && appWanted(name.slice(0, -'.yaml'.length));
  return parts.length === 2 && appWanted(parts[1]);
}

function environmentOfFolder(folder: string): string {
  const parts = folder.split('/');
  return parts[0] === DELIVERY_FOLDER ? parts[2] ?? '' : parts[0];
}

/** Folders below the output folder that hold a marker: `<env>`, `<env>/<app>`, `delivery/<tool>/<env>[/<folder>]`. */
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
  visit('', 4);
  return found.filter((folder) => folder.split('/').length <= (folder.startsWith(`${DELIVERY_FOLDER}/`) ? 4 : 2));
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


/** The file operations a write performs, one call per step, so that tests can stop a write at any step. */
export interface TreeFileSystem {
  /** Creates a folder and its parents (no error when it exists). */
  mkdir(path: string): void;
  writeFile(path: string, content: string): void;
  /** Replaces `to` atomically when it exists. */
  rename(from: string, to: string): void;
  unlink(path: string): void;
  /** Removes an empty folder. */
  rmdir(path: string): void;
  /** Removes a folder and everything in it (no error when it is gone). */
  removeTree(path: string): void;
}

export const nodeFileSystem: TreeFileSystem = {
  mkdir: (path) => void mkdirSync(path, { recursive: true }),
  writeFile: (path, content) => writeFileSync(path, content),
  rename: (from, to) => renameSync(from, to),
  unlink: (path) => unlinkSync(path),
  rmdir: (path) => rmdirSync(path),
  removeTree: (path) => rmSync(path, { recursive: true, force: true }),
};

/** A write stopped by SIGINT or SIGTERM; `finished` tells whether the new tree was completed first. */
export class InterruptedError extends Error {
  constructor(
    readonly signal: string,
    readonly finished: boolean,
  ) {
    super(`interrupted by ${signal}`);
  }
}

export interface WriteOptions {
  readonly fileSystem?: TreeFileSystem;
  /** Aborted: a write not yet committed is dropped, a committed one is finished; then InterruptedError. */
  readonly signal?: AbortSignal;
}

const STAGING_MARK = '.kubeforge-';
const JOURNAL = 'journal.json';

interface Journal {
  readonly version: 1;
  /** In order: `staged` renamed over `path`, or `path` unlinked when `staged` is absent. Paths inside the output folder. */
  readonly steps: readonly { readonly path: string; readonly staged?: string }[];
  /** Folders whose marker is gone: removed when empty. */
  readonly emptied: readonly string[];
}

/**
 * Applies a plan through a journal (see the top of this file). Refuses, before touching anything, to
 * overwrite files synth does not own. Files synth does not own are never touched.
 */
export async function writeTree(outputDirectory: string, plan: TreePlan, options: WriteOptions = {}): Promise<void> {
  if (plan.conflicts.length > 0) {
    const listed = plan.conflicts.slice(0, 10).map((path) => `  ${path}`).join('\n');
    const more = plan.conflicts.length > 10 ? `\n  ... and ${plan.conflicts.length - 10} more` : '';
    throw new OwnershipError(
      `refusing to overwrite files that kubeforge synth did not write (not listed in a ${MARKER_FILE} marker):\n${listed}${more}\nMove or delete them, then run synth again.`,
    );
  }
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const contents: [string, string | undefined][] = plan.changes.map((change) => [change.path, change.after]);
  for (const [folder, entries] of plan.markers) contents.push([`${folder}/${MARKER_FILE}`, entries.length > 0 ? markerContent(entries) : undefined]);
  if (contents.length === 0) return;
  const emptied = [...plan.markers].filter(([, entries]) => entries.length === 0).map(([folder]) => folder);

  const parent = dirname(outputDirectory);
  fileSystem.mkdir(parent);
  const staging = join(parent, `.${basename(outputDirectory)}${STAGING_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
  const steps: { path: string; staged?: string }[] = [];
  try {
    fileSystem.mkdir(join(staging, 'files'));
    for (const [path, content] of contents) {
      if (content === undefined) {
        steps.push({ path });
        continue;
      }
      const staged = `files/${steps.length}`;
      fileSystem.writeFile(join(staging, staged), content);
      steps.push({ path, staged });
      await pause(steps.length);
      if (options.signal?.aborted) throw new InterruptedError(String(options.signal.reason), false);
    }
    const journal: Journal = { version: 1, steps, emptied };
    fileSystem.writeFile(join(staging, 'journal.tmp'), `${JSON.stringify(journal)}\n`);
    fileSystem.rename(join(staging, 'journal.tmp'), join(staging, JOURNAL));
  } catch (error) {
    try {
      fileSystem.removeTree(staging);
    } catch {
      // A staging folder without a journal is removed by the next run.
    }
    throw error;
  }
  // From the commit on, stopping half-way would leave a mixed tree: a signal waits until the end.
  await replay(outputDirectory, staging, { version: 1, steps, emptied }, fileSystem);
  if (options.signal?.aborted) throw new InterruptedError(String(options.signal.reason), true);
}

/** Lets signal handlers run every few steps (the file operations are synchronous). */
async function pause(step: number): Promise<void> {
  if (step % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
}

/** Runs the steps of a committed journal; each step checks what is done, so a replay after a kill is safe. */
async function replay(outputDirectory: string, staging: string, journal: Journal, fileSystem: TreeFileSystem): Promise<void> {
  let count = 0;
  for (const step of journal.steps) {
    const target = join(outputDirectory, step.path);
    if (step.staged === undefined) {
      if (existsSync(target)) fileSystem.unlink(target);
    } else if (existsSync(join(staging, step.staged))) {
      fileSystem.mkdir(dirname(target));
      fileSystem.rename(join(staging, step.staged), target);
    }
    await pause(++count);
  }
  for (const folder of journal.emptied) {
    try {
      fileSystem.rmdir(join(outputDirectory, folder));
    } catch {
      // Not empty (other tools' files stay, and so does the folder) or already gone.
    }
  }
  fileSystem.unlink(join(staging, JOURNAL));
  fileSystem.removeTree(staging);
}

interface StagingFolder {
  readonly name: string;
  readonly path: string;
  /** Its run is over: the process is gone (or is this one, which runs one write at a time). */
  readonly dead: boolean;
  readonly committed: boolean;
}

/** Staging folders of the output folder, named `.<output>.kubeforge-<pid>-<random>`. */
function stagingFolders(outputDirectory: string): StagingFolder[] {
  const parent = dirname(outputDirectory);
  const prefix = `.${basename(outputDirectory)}${STAGING_MARK}`;
  let names: string[];
  try {
    names = readdirSync(parent).filter((name) => name.startsWith(prefix));
  } catch {
    return [];
  }
  return names.sort(compareCodeUnits).map((name) => {
    const path = join(parent, name);
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    return { name, path, dead: !Number.isInteger(pid) || pid === process.pid || !isRunning(pid), committed: existsSync(join(path, JOURNAL)) };
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A journal that cannot be replayed safely: exit code 2, with the folder to look at. */
export class JournalError extends Error {}

/**
 * Finishes the writes of killed runs (their committed journals) and removes their staging folders.
 * Returns the names of the folders whose journal was replayed. Runs before a synth plans its own write.
 */
export async function recoverInterrupted(outputDirectory: string, fileSystem: TreeFileSystem = nodeFileSystem): Promise<string[]> {
  const replayed: string[] = [];
  for (const folder of stagingFolders(outputDirectory)) {
    if (!folder.dead) continue;
    if (folder.committed) {
      await replay(outputDirectory, folder.path, readJournal(folder.path), fileSystem);
      replayed.push(folder.name);
    } else {
      fileSystem.removeTree(folder.path);
    }
  }
  return replayed;
}

/** Reads a journal, checking that every path stays inside the output and staging folders. */
function readJournal(staging: string): Journal {
  const where = join(staging, JOURNAL);
  const fail = (what: string) =>
    new JournalError(`${where}: ${what}; it cannot be replayed. Check the output folder against Git, delete ${basename(staging)}, and run synth again.`);
  let journal: Partial<Journal>;
  try {
    journal = JSON.parse(readFileSync(where, 'utf8')) as Partial<Journal>;
  } catch (error) {
    throw fail(`not readable as JSON (${(error as Error).message})`);
  }
  const inside = (path: unknown) =>
    typeof path === 'string' && path !== '' && !path.includes('\\') && !path.includes('\0') && posix.normalize(path) === path && !path.startsWith('/') && !path.startsWith('../') && path !== '..';
  if (journal?.version !== 1 || !Array.isArray(journal.steps) || !Array.isArray(journal.emptied)) throw fail('not a version 1 journal');
  for (const step of journal.steps) {
    if (!inside(step?.path) || (step.staged !== undefined && (typeof step.staged !== 'string' || !/^files\/\d+$/.test(step.staged)))) {
      throw fail(`step ${JSON.stringify(step)} points outside the output folder`);
    }
  }
  if (!journal.emptied.every(inside)) throw fail('a folder to remove lies outside the output folder');
  return journal as Journal;
}
