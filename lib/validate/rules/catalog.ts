// Every rule kubeforge ships; adding a rule is one file under checks/ and one line here.

import { configmapRefMissing } from './checks/configmap-ref-missing';
import { cronjobConcurrencyMissing } from './checks/cronjob-concurrency-missing';
import { cronjobScheduleInvalid } from './checks/cronjob-schedule-invalid';
import { dangerousCapabilities } from './checks/dangerous-capabilities';
import { deprecatedApi } from './checks/deprecated-api';
import { dockerSocket } from './checks/docker-socket';
import { duplicateContainer } from './checks/duplicate-container';
import { duplicateEnv } from './checks/duplicate-env';
import { duplicatePort } from './checks/duplicate-port';
import { hostIpc, hostNetwork, hostPid } from './checks/host-namespaces';
import { hostPath } from './checks/host-path';
import { hpaCpuWithoutRequests } from './checks/hpa-cpu-without-requests';
import { hpaReplicasConflict } from './checks/hpa-replicas-conflict';
import { hpaTargetMissing } from './checks/hpa-target-missing';
import { imageNoDigest } from './checks/image-no-digest';
import { imageTagLatest } from './checks/image-tag-latest';
import { ingressBackendMissing } from './checks/ingress-backend-missing';
import { ingressTlsSecretMissing } from './checks/ingress-tls-secret-missing';
import { invalidAnnotation } from './checks/invalid-annotation';
import { invalidLabel } from './checks/invalid-label';
import { invalidName } from './checks/invalid-name';
import { jobTtlMissing } from './checks/job-ttl-missing';
import { namespaceMissing } from './checks/namespace-missing';
import { networkPolicySelectsNothing } from './checks/network-policy-selects-nothing';
import { pdbBlocksEviction } from './checks/pdb-blocks-eviction';
import { pdbSelectsNothing } from './checks/pdb-selects-nothing';
import { plaintextSecret } from './checks/plaintext-secret';
import { privilegeEscalation } from './checks/privilege-escalation';
import { privileged } from './checks/privileged';
import { probePortMissing } from './checks/probe-port-missing';
import { probesMissing } from './checks/probes-missing';
import { pvcRefMissing } from './checks/pvc-ref-missing';
import { readOnlyRootFs } from './checks/read-only-root-fs';
import { replicasSingle } from './checks/replicas-single';
import { resourcesMissing } from './checks/resources-missing';
import { runAsRoot } from './checks/run-as-root';
import { secretInEnvLiteral } from './checks/secret-in-env-literal';
import { secretRefMissing } from './checks/secret-ref-missing';
import { selectorMismatch } from './checks/selector-mismatch';
import { serviceAccountMissing } from './checks/service-account-missing';
import { serviceSelectorMatchesNothing } from './checks/service-selector-matches-nothing';
import { serviceTargetPortMissing } from './checks/service-target-port-missing';
import { statefulsetServiceMissing } from './checks/statefulset-service-missing';
import { RuleRegistry } from './registry';
import type { Rule } from './types';

export const ALL_RULES: readonly Rule[] = [
  configmapRefMissing,
  cronjobConcurrencyMissing,
  cronjobScheduleInvalid,
  dangerousCapabilities,
  deprecatedApi,
  dockerSocket,
  duplicateContainer,
  duplicateEnv,
  duplicatePort,
  hostNetwork,
  hostPid,
  hostIpc,
  hostPath,
  hpaCpuWithoutRequests,
  hpaReplicasConflict,
  hpaTargetMissing,
  imageNoDigest,
  imageTagLatest,
  ingressBackendMissing,
  ingressTlsSecretMissing,
  invalidAnnotation,
  invalidLabel,
  invalidName,
  jobTtlMissing,
  namespaceMissing,
  networkPolicySelectsNothing,
  pdbBlocksEviction,
  pdbSelectsNothing,
  plaintextSecret,
  privilegeEscalation,
  privileged,
  probePortMissing,
  probesMissing,
  pvcRefMissing,
  readOnlyRootFs,
  replicasSingle,
  resourcesMissing,
  runAsRoot,
  secretInEnvLiteral,
  secretRefMissing,
  selectorMismatch,
  serviceAccountMissing,
  serviceSelectorMatchesNothing,
  serviceTargetPortMissing,
  statefulsetServiceMissing,
];

/** The registry runRules, listRules and the docs use unless given another. */
export const defaultRegistry = new RuleRegistry(ALL_RULES);
