// PersistentVolumeClaim: a request for storage by size, access modes and storage class.
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { Resource } from './resource';
import type { NamespacedResourceProps } from './resource';
import type { ByteSize } from './values';

/** A claim by name. */
export interface IClaimRef {
  readonly name: string;
}

export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

/** What a claim asks for; shared with the volume claim templates of a StatefulSet. */
export interface ClaimOptions {
  /** Requested size. */
  readonly storage: ByteSize;
  /** Access modes. @default ['ReadWriteOnce'] */
  readonly accessModes?: readonly AccessMode[];
  /** Storage class; an empty string asks for no class. @default none (the cluster's default class) */
  readonly storageClassName?: string;
  /** Filesystem or raw block device. @default none (Filesystem) */
  readonly volumeMode?: 'Filesystem' | 'Block';
}

export interface PersistentVolumeClaimProps extends NamespacedResourceProps, ClaimOptions {
  /** Bind to this PersistentVolume. @default none */
  readonly volumeName?: string;
}

export function renderClaimSpec(options: ClaimOptions): k8s.PersistentVolumeClaimSpec {
  return {
    accessModes: options.accessModes ?? ['ReadWriteOnce'],
    resources: { requests: { storage: options.storage.toQuantity() } },
    storageClassName: options.storageClassName,
    volumeMode: options.volumeMode,
  };
}

export class PersistentVolumeClaim extends Resource<k8s.PersistentVolumeClaim> implements IClaimRef {
  /** A claim that exists in the cluster. */
  static fromName(name: string): IClaimRef {
    return { name };
  }

  private readonly config: PersistentVolumeClaimProps;

  constructor(scope: Construct, id: string, props: PersistentVolumeClaimProps) {
    super(scope, id, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', clusterScoped: false, nameRule: 'dns-subdomain' }, props, ['spec']);
    this.config = props;
  }

  protected renderBody(): Record<string, unknown> {
    return { spec: { ...renderClaimSpec(this.config), volumeName: this.config.volumeName } };
  }
}
