// ServiceAccount: the identity of pods towards the Kubernetes API.
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { Resource } from './resource';
import type { NamespacedResourceProps } from './resource';

/** A service account by name, as a pod or an RBAC subject refers to it. */
export interface IServiceAccountRef {
  readonly name: string;
  /** Namespace of the account; undefined means the namespace of whoever refers to it. */
  readonly namespace?: string;
}

export interface ServiceAccountProps extends NamespacedResourceProps {
  /** Whether pods of this account get its API token mounted (pods may override). @default none (Kubernetes mounts it) */
  readonly automountServiceAccountToken?: boolean;
  /** Secrets for pulling images, added to every pod of this account. @default none */
  readonly imagePullSecrets?: readonly string[];
}

export class ServiceAccount extends Resource<k8s.ServiceAccount> implements IServiceAccountRef {
  /** A service account that exists in the cluster. */
  static fromName(name: string, namespace?: string): IServiceAccountRef {
    return { name, namespace };
  }

  private readonly config: ServiceAccountProps;

  constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(scope, id, { apiVersion: 'v1', kind: 'ServiceAccount', clusterScoped: false, nameRule: 'dns-subdomain' }, props, [
      'automountServiceAccountToken',
      'imagePullSecrets',
    ]);
    this.config = props;
  }

  protected renderBody(): Record<string, unknown> {
    const pullSecrets = this.config.imagePullSecrets ?? [];
    return {
      automountServiceAccountToken: this.config.automountServiceAccountToken,
      imagePullSecrets: pullSecrets.length > 0 ? pullSecrets.map((name) => ({ name })) : undefined,
    };
  }
}
