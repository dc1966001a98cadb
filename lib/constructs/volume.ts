// Pod volumes: emptyDir, ConfigMap, Secret, PersistentVolumeClaim, projected, claim templates of a StatefulSet.
import type * as k8s from '../k8s';
import type { IConfigMapRef } from './config-map';
import type { IClaimRef } from './persistent-volume-claim';
import type { ISecretRef } from './secret';
import type { ByteSize } from './values';

export interface KeyToPath {
  /** Key in the ConfigMap or Secret. */
  readonly key: string;
  /** File path relative to the mount point. */
  readonly path: string;
  /** File mode bits. @default the volume's defaultMode */
  readonly mode?: number;
}

export interface ConfigVolumeOptions {
  /** Only these keys, as these files. @default every key, as a file named by the key */
  readonly items?: readonly KeyToPath[];
  /** Mode bits of the files. @default none (0644) */
  readonly defaultMode?: number;
  /** Whether the pod starts when the ConfigMap or Secret is missing. @default false */
  readonly optional?: boolean;
}

/** A ConfigMap or Secret the pod reads (synth annotates the pod template with a checksum of its content). */
export type ConfigSource = IConfigMapRef | ISecretRef;

/** A volume of a pod, mounted into containers by `volumeMounts`. */
export class Volume {
  /** Scratch space that lives as long as the pod. */
  static emptyDir(name: string, options: { readonly medium?: 'Memory'; readonly sizeLimit?: ByteSize } = {}): Volume {
    return new Volume(name, { emptyDir: { medium: options.medium, sizeLimit: options.sizeLimit?.toQuantity() } }, []);
  }

  /** Files from the keys of a ConfigMap. */
  static fromConfigMap(name: string, configMap: IConfigMapRef, options: ConfigVolumeOptions = {}): Volume {
    const spec = { name: configMap.name, items: options.items, defaultMode: options.defaultMode, optional: options.optional };
    return new Volume(name, { configMap: spec }, [configMap]);
  }

  /** Files from the keys of a Secret. */
  static fromSecret(name: string, secret: ISecretRef, options: ConfigVolumeOptions = {}): Volume {
    const spec = { secretName: secret.name, items: options.items, defaultMode: options.defaultMode, optional: options.optional };
    return new Volume(name, { secret: spec }, [secret]);
  }

  /** A PersistentVolumeClaim. */
  static fromClaim(name: string, claim: IClaimRef, options: { readonly readOnly?: boolean } = {}): Volume {
    return new Volume(name, { persistentVolumeClaim: { claimName: claim.name, readOnly: options.readOnly } }, []);
  }

  /** Several sources (ConfigMaps, Secrets, downward API, service account token) in one directory. */
  static projected(name: string, sources: readonly k8s.VolumeProjection[], options: { readonly defaultMode?: number } = {}): Volume {
    return new Volume(name, { projected: { sources, defaultMode: options.defaultMode } }, []);
  }

  /** Any other volume source of the Kubernetes API (hostPath, csi, nfs, ...). */
  static fromSource(name: string, source: Omit<k8s.Volume, 'name'>): Volume {
    return new Volume(name, source, []);
  }

  /** A volume claim template of a StatefulSet, mounted by name; it has no entry in the pod's volumes. */
  static claimTemplate(name: string): Volume {
    return new Volume(name, undefined, []);
  }

  private constructor(
    /** Name of the volume in the pod. */
    readonly name: string,
    private readonly source: Omit<k8s.Volume, 'name'> | undefined,
    /** ConfigMaps and Secrets this volume reads. */
    readonly configSources: readonly ConfigSource[],
  ) {}

  /** The pod's volume entry, or undefined for a claim template. */
  toVolume(): k8s.Volume | undefined {
    return this.source === undefined ? undefined : { name: this.name, ...this.source };
  }
}
