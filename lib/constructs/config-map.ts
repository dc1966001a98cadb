// ConfigMap: literal and binary data, files read at synth-definition time, immutability; and references to existing ones.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { compareCodePoints } from './names';
import { Resource } from './resource';
import type { NamespacedResourceProps, Problem } from './resource';

/** A ConfigMap by name; `contentHash` is known only for ConfigMaps defined in the app. */
export interface IConfigMapRef {
  readonly kind: 'ConfigMap';
  readonly name: string;
  contentHash?(): string;
  /** Whether the ConfigMap has `key`; known only for ConfigMaps this program defines. */
  hasKey?(key: string): boolean;
  /** Its keys; known only for ConfigMaps this program defines. */
  keys?(): string[];
}

export interface ConfigMapProps extends NamespacedResourceProps {
  /** Text entries. @default none */
  readonly data?: { readonly [key: string]: string };
  /** Binary entries. @default none */
  readonly binaryData?: { readonly [key: string]: Uint8Array };
  /** Whether the ConfigMap can never change (it must be replaced under a new name). @default false */
  readonly immutable?: boolean;
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

export class ConfigMap extends Resource<k8s.ConfigMap> implements IConfigMapRef {
  /** An existing ConfigMap that this app does not define. */
  static fromName(name: string): IConfigMapRef {
    return { kind: 'ConfigMap', name };
  }

  declare readonly kind: 'ConfigMap';
  private readonly data = new Map<string, string>();
  private readonly binaryData = new Map<string, Uint8Array>();
  private readonly immutable?: boolean;

  constructor(scope: Construct, id: string, props: ConfigMapProps = {}) {
    super(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', clusterScoped: false, nameRule: 'dns-subdomain' }, props, ['data', 'binaryData', 'immutable']);
    this.immutable = props.immutable;
    for (const [key, value] of Object.entries(props.data ?? {})) this.addData(key, value);
    for (const [key, value] of Object.entries(props.binaryData ?? {})) this.addBinaryData(key, value);
  }

  addData(key: string, value: string): this {
    this.checkKey(key);
    this.data.set(key, value);
    return this;
  }

  addBinaryData(key: string, value: Uint8Array): this {
    this.checkKey(key);
    this.binaryData.set(key, value);
    return this;
  }

  /** Adds a file's content under `key` (text when it is valid UTF-8, else binary). */
  addFile(path: string, key: string = basename(path)): this {
    const bytes = readFileSync(path);
    const text = bytes.toString('utf8');
    return Buffer.from(text, 'utf8').equals(bytes) ? this.addData(key, text) : this.addBinaryData(key, bytes);
  }

  hasKey(key: string): boolean {
    return this.data.has(key) || this.binaryData.has(key);
  }

  keys(): string[] {
    return [...this.data.keys(), ...this.binaryData.keys()];
  }

  /** SHA-256 of the content, e.g. to name an object after the configuration it was made for. */
  contentHash(): string {
    return hashEntries([...this.data].map(([key, value]) => [key, Buffer.from(value, 'utf8')]), [...this.binaryData]);
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    for (const key of this.binaryData.keys()) {
      if (this.data.has(key)) problems.push({ field: `binaryData.${key}`, message: `key "${key}" is in both data and binaryData`, fix: 'use each key once' });
    }
    return problems;
  }

  protected renderBody(): Record<string, unknown> {
    const data = sortedRecord([...this.data]);
    const binaryData = sortedRecord([...this.binaryData].map(([key, value]) => [key, Buffer.from(value).toString('base64')]));
    return { data, binaryData, immutable: this.immutable };
  }

  private checkKey(key: string): void {
    if (key.length > 253 || !CONFIG_KEY.test(key)) {
      this.addProblem(`data.${key}`, `key "${key}" may only contain letters, digits, "-", "_" and "."`, 'rename the key');
    }
  }
}

/** A record with keys in code-point order, or undefined when empty. */
export function sortedRecord<V>(entries: [string, V][]): Record<string, V> | undefined {
  if (entries.length === 0) return undefined;
  const record: Record<string, V> = {};
  for (const [key, value] of [...entries].sort(([a], [b]) => compareCodePoints(a, b))) record[key] = value;
  return record;
}

/** A stable hash of keyed content. */
export function hashEntries(...groups: [string, Uint8Array][][]): string {
  const hash = createHash('sha256');
  groups.forEach((entries, group) => {
    for (const [key, value] of [...entries].sort(([a], [b]) => compareCodePoints(a, b))) {
      hash.update(`${group}\0${key}\0${value.length}\0`);
      hash.update(value);
    }
  });
  return hash.digest('hex');
}
