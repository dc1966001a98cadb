// Per-resource differences between the rendered tree and the files on disk, with Secret values masked.
import { load } from 'js-yaml';
import { DELIVERY_FOLDER } from './program';
import type { ResourceIdentity } from './render';
import type { ChangeStatus, TreeChange } from './tree';
import { unifiedDiff } from './unified-diff';
import { emitDocument } from './yaml-emit';

export interface ResourceDiff {
  readonly status: ChangeStatus;
  readonly environment?: string;
  /** The app folder (or bundle) of the file; `delivery/<tool>` for delivery objects. */
  readonly app: string;
  /** Path with the output folder, e.g. `dist/dev/web/Service.api.yaml`. */
  readonly path: string;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  /** Unified diff, committed (`a/`) to rendered (`b/`). */
  readonly diff: string;
}

interface Piece {
  readonly identity?: ResourceIdentity;
  readonly text: string;
  /** The parsed object of a Secret, masked only once both sides are known. */
  readonly secret?: Record<string, unknown>;
}

/** One diff per resource (a bundle file gives one per object that differs; kustomization files one per file). */
export function resourceDiffs(changes: readonly TreeChange[], outputLabel: string): ResourceDiff[] {
  const diffs: ResourceDiff[] = [];
  for (const change of changes) {
    const path = `${outputLabel}/${change.path}`;
    const before = piecesOf(change.before);
    const after = piecesOf(change.after);
    const keys = [...new Set([...before.keys(), ...after.keys()])];
    for (const key of keys) {
      let old = before.get(key);
      let rendered = after.get(key);
      if (old?.text === rendered?.text) continue;
      if (old?.secret || rendered?.secret) {
        if (old) old = { ...old, text: emitDocument(maskSecret(old.secret ?? {}, rendered?.secret, 'old')) };
        if (rendered) rendered = { ...rendered, text: emitDocument(maskSecret(rendered.secret ?? {}, old?.secret, 'new')) };
      }
      const identity = rendered?.identity ?? old?.identity;
      const status: ChangeStatus = old === undefined ? 'added' : rendered === undefined ? 'removed' : 'changed';
      const diff = unifiedDiff(old?.text ?? '', rendered?.text ?? '', old ? `a/${path}` : '/dev/null', rendered ? `b/${path}` : '/dev/null');
      diffs.push({ status, environment: change.environment, app: appOf(change.path), path, ...(identity ?? {}), diff });
    }
  }
  return diffs;
}

/** `<env>/<app>/<file>`, `<env>/<app>.yaml` (bundle) or `delivery/<tool>/<env>/...` to the app it belongs to. */
function appOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === DELIVERY_FOLDER) return `${DELIVERY_FOLDER}/${parts[1]}`;
  return parts.length === 2 ? parts[1].replace(/\.yaml$/, '') : parts[1];
}

/** Splits a file into its documents keyed by object identity; Secret documents are masked. */
function piecesOf(content: string | undefined): Map<string, Piece> {
  const pieces = new Map<string, Piece>();
  if (content === undefined) return pieces;
  const documents = content.startsWith('---\n') ? content.slice(4).split(/^---\n/m) : [content];
  documents.forEach((text, index) => {
    let parsed: unknown;
    try {
      parsed = load(text);
    } catch {
      parsed = undefined;
    }
    const identity = identityOf(parsed);
    const key = identity ? `${identity.apiVersion.split('/')[0]}/${identity.kind}/${identity.namespace ?? ''}/${identity.name}` : `#${index}`;
    const secret = identity?.kind === 'Secret' ? (parsed as Record<string, unknown>) : undefined;
    pieces.set(key, { identity, text, ...(secret ? { secret } : {}) });
  });
  return pieces;
}

function identityOf(value: unknown): ResourceIdentity | undefined {
  const object = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | undefined;
  if (!object || typeof object !== 'object' || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') return undefined;
  const namespace = object.metadata?.namespace;
  return { apiVersion: object.apiVersion, kind: object.kind, name: String(object.metadata?.name ?? ''), ...(typeof namespace === 'string' ? { namespace } : {}) };
}

/**
 * Replaces each Secret value with a placeholder that only tells whether it differs from the other
 * side: changes stay visible, values (and digests of them) never appear.
 */
export function maskSecret(secret: Record<string, unknown>, other: Record<string, unknown> | undefined, side: 'old' | 'new'): Record<string, unknown> {
  const masked: Record<string, unknown> = { ...secret };
  for (const field of ['data', 'stringData']) {
    const values = secret[field];
    if (!values || typeof values !== 'object') continue;
    const otherValues = (other?.[field] ?? {}) as Record<string, unknown>;
    masked[field] = Object.fromEntries(
      Object.entries(values as Record<string, unknown>).map(([key, value]) => [key, value === otherValues[key] ? 'masked' : `masked (${side} value)`]),
    );
  }
  return masked;
}
