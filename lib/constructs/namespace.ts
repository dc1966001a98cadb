// Namespace: cluster-scoped, so it never carries a namespace itself.
import type { Construct } from 'constructs';
import type * as k8s from '../k8s';
import { Resource } from './resource';
import type { ResourceProps } from './resource';

export type NamespaceProps = ResourceProps;

export class Namespace extends Resource<k8s.Namespace> {
  constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    super(scope, id, { apiVersion: 'v1', kind: 'Namespace', clusterScoped: true, nameRule: 'dns-label' }, props, []);
  }

  protected renderBody(): Record<string, unknown> {
    return {};
  }
}
