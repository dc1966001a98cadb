// What every example app shares: the hardened pod defaults of a production team, and public Ingress settings.
import type { Construct } from 'constructs';
import { Policy } from '../lib';
import type { ExposeViaIngressOptions } from '../lib';
import { EXTERNAL_REFS_ANNOTATION } from '../lib/validate/rules';
import type { Values } from './values';

/**
 * Sets the policy of an app: read-only root file systems, no Linux capabilities, the runtime's seccomp profile,
 * and liveness plus readiness probes required on every long-running container.
 */
export function useProductionDefaults(scope: Construct, partOf: string): void {
  Policy.set(scope, {
    labels: { partOf },
    containerSecurity: { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    podSecurity: { seccompProfile: { type: 'RuntimeDefault' } },
    requiredProbes: ['liveness', 'readiness'],
  });
}

/** Routes `host` through the cluster's ingress controller, with a cert-manager certificate when the environment has TLS. */
export function publicIngress(values: Values, host: string, certificateSecret: string): ExposeViaIngressOptions {
  if (!values.tls) return { host, className: values.ingressClassName };
  return {
    host,
    className: values.ingressClassName,
    tls: [{ hosts: [host], secretName: certificateSecret }],
    annotations: {
      'cert-manager.io/cluster-issuer': values.certificateIssuer,
      [EXTERNAL_REFS_ANNOTATION]: `secret/${certificateSecret} -- issued by cert-manager`,
    },
  };
}
