// Secrets: references to secrets that exist in the cluster (the normal case), and, only when allowed, plain data.
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { hashEntries, sortedRecord } from './config-map';
import { Resource } from './resource';
import type { NamespacedResourceProps, Problem } from './resource';

/** A Secret by name; `contentHash` is known only for Secrets whose data the app renders. */
export interface ISecretRef {
  readonly kind: 'Secret';
  readonly name: string;
  contentHash?(): string;
  /** Whether the Secret has `key`; known only for Secrets this program defines. */
  hasKey?(key: string): boolean;
  /** Its keys; known only for Secrets this program defines. */
  keys?(): string[];
}

export interface SecretProps extends NamespacedResourceProps {
  /** Text entries (rendered base64-encoded in `data`). @default none */
  readonly stringData?: { readonly [key: string]: string };
  /** Binary entries. @default none */
  readonly data?: { readonly [key: string]: Uint8Array };
  /** Secret type, e.g. `kubernetes.io/tls`. @default 'Opaque' */
  readonly type?: string;
  /** Whether the Secret can never change. @default false */
  readonly immutable?: boolean;
  /** Render the data into the manifests even though anyone who reads the repository reads the secret. @default the policy's `secrets.allowPlainData` */
  readonly allowPlainData?: boolean;
}

export class Secret extends Resource<k8s.Secret> implements ISecretRef {
  /** A Secret that exists in the cluster (created by hand, sealed-secrets, external-secrets, ...). */
  static fromName(name: string): ISecretRef {
    return { kind: 'Secret', name };
  }

  declare readonly kind: 'Secret';
  private readonly entries: [string, Uint8Array][];
  private readonly config: SecretProps;

  constructor(scope: Construct, id: string, props: SecretProps = {}) {
    super(scope, id, { apiVersion: 'v1', kind: 'Secret', clusterScoped: false, nameRule: 'dns-subdomain' }, props, ['data', 'type', 'immutable']);
    this.config = props;
    this.entries = [
      ...Object.entries(props.stringData ?? {}).map(([key, value]): [string, Uint8Array] => [key, Buffer.from(value, 'utf8')]),
      ...Object.entries(props.data ?? {}),
    ];
  }

  contentHash(): string {
    return hashEntries(this.entries);
  }

  hasKey(key: string): boolean {
    return this.entries.some(([name]) => name === key);
  }

  keys(): string[] {
    return this.entries.map(([name]) => name);
  }

  protected override problems(): Problem[] {
    const problems = super.problems();
    const allowed = this.config.allowPlainData ?? this.policy.secrets.allowPlainData;
    if (this.entries.length > 0 && !allowed) {
      problems.push({
        field: 'data',
        message: 'the secret data would be written in plain text into the manifests',
        fix: 'reference an existing secret with Secret.fromName (e.g. from sealed-secrets or external-secrets), or set `allowPlainData: true`',
      });
    }
    return problems;
  }

  protected renderBody(): Record<string, unknown> {
    const data = sortedRecord(this.entries.map(([key, value]) => [key, Buffer.from(value).toString('base64')]));
    return { data, type: this.config.type ?? 'Opaque', immutable: this.config.immutable };
  }
}
