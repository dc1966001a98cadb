// Hand-written subsets of the upstream CustomResourceDefinitions of the delivery objects synth emits
// (Argo CD Application and ApplicationSet, Flux Kustomization): the fields kubeforge writes and their
// common siblings, strict elsewhere, so that delivery objects are validated like any other object.

type Schema = Record<string, unknown>;

const string: Schema = { type: 'string' };
const boolean: Schema = { type: 'boolean' };
const integer: Schema = { type: 'integer' };
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const stringList: Schema = { type: 'array', items: string };
const anything: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

function object(properties: Record<string, Schema>, required: string[] = []): Schema {
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

function definition(group: string, kind: string, plural: string, version: string, spec: Schema): Schema {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
      scope: 'Namespaced',
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: object({ apiVersion: string, kind: string, metadata: { type: 'object' }, spec, status: anything }, ['spec']),
          },
        },
      ],
    },
  };
}

const argoSource = object(
  {
    repoURL: string,
    targetRevision: string,
    path: string,
    chart: string,
    ref: string,
    name: string,
    directory: object({ recurse: boolean, include: string, exclude: string, jsonnet: anything }),
    kustomize: anything,
    helm: anything,
    plugin: anything,
  },
  ['repoURL'],
);

const argoApplicationSpec = object(
  {
    project: string,
    source: argoSource,
    sources: { type: 'array', items: argoSource },
    destination: object({ server: string, name: string, namespace: string }),
    syncPolicy: object({
      automated: object({ prune: boolean, selfHeal: boolean, allowEmpty: boolean, enabled: boolean }),
      syncOptions: stringList,
      retry: object({ limit: integer, backoff: object({ duration: string, factor: integer, maxDuration: string }) }),
      managedNamespaceMetadata: object({ labels: stringMap, annotations: stringMap }),
    }),
    ignoreDifferences: { type: 'array', items: anything },
    info: { type: 'array', items: object({ name: string, value: string }, ['name', 'value']) },
    revisionHistoryLimit: integer,
  },
  ['destination', 'project'],
);

const argoTemplate = object(
  {
    metadata: object({ name: string, namespace: string, labels: stringMap, annotations: stringMap, finalizers: stringList }),
    spec: argoApplicationSpec,
  },
  ['metadata', 'spec'],
);

const listGenerator = object({ elements: { type: 'array', items: anything } }, ['elements']);

const gitGenerator = object(
  {
    repoURL: string,
    revision: string,
    directories: { type: 'array', items: object({ path: string, exclude: boolean }, ['path']) },
    files: { type: 'array', items: object({ path: string, exclude: boolean }, ['path']) },
    pathParamPrefix: string,
    requeueAfterSeconds: integer,
    values: stringMap,
    template: anything,
  },
  ['repoURL', 'revision'],
);

export const ARGOCD_APPLICATION_CRD = definition('argoproj.io', 'Application', 'applications', 'v1alpha1', argoApplicationSpec);

export const ARGOCD_APPLICATION_SET_CRD = definition(
  'argoproj.io',
  'ApplicationSet',
  'applicationsets',
  'v1alpha1',
  object(
    {
      generators: {
        type: 'array',
        items: object({
          list: listGenerator,
          clusters: anything,
          git: gitGenerator,
          matrix: anything,
          merge: anything,
          scmProvider: anything,
          pullRequest: anything,
          clusterDecisionResource: anything,
          plugin: anything,
          selector: anything,
        }),
      },
      template: argoTemplate,
      goTemplate: boolean,
      goTemplateOptions: stringList,
      syncPolicy: object({ preserveResourcesOnDeletion: boolean, applicationsSync: { type: 'string', enum: ['create-only', 'create-update', 'create-delete', 'sync'] } }),
      strategy: anything,
      preservedFields: anything,
      ignoreApplicationDifferences: { type: 'array', items: anything },
      templatePatch: string,
    },
    ['generators', 'template'],
  ),
);

const DURATION = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';
const reference = object({ apiVersion: string, kind: string, name: string, namespace: string }, ['kind', 'name']);

export const FLUX_KUSTOMIZATION_CRD = definition(
  'kustomize.toolkit.fluxcd.io',
  'Kustomization',
  'kustomizations',
  'v1',
  object(
    {
      interval: { type: 'string', pattern: DURATION },
      retryInterval: { type: 'string', pattern: DURATION },
      timeout: { type: 'string', pattern: DURATION },
      path: string,
      prune: boolean,
      wait: boolean,
      force: boolean,
      suspend: boolean,
      targetNamespace: { type: 'string', maxLength: 63, minLength: 1 },
      serviceAccountName: string,
      namePrefix: string,
      nameSuffix: string,
      deletionPolicy: { type: 'string', enum: ['MirrorPrune', 'Delete', 'WaitForTermination', 'Orphan'] },
      sourceRef: object(
        {
          apiVersion: string,
          kind: { type: 'string', enum: ['OCIRepository', 'GitRepository', 'Bucket', 'ExternalArtifact'] },
          name: string,
          namespace: string,
        },
        ['kind', 'name'],
      ),
      dependsOn: { type: 'array', items: object({ name: string, namespace: string, readyExpr: string }, ['name']) },
      healthChecks: { type: 'array', items: reference },
      healthCheckExprs: { type: 'array', items: anything },
      commonMetadata: object({ labels: stringMap, annotations: stringMap }),
      components: stringList,
      decryption: object({ provider: string, secretRef: object({ name: string }, ['name']) }, ['provider']),
      images: { type: 'array', items: anything },
      kubeConfig: anything,
      patches: { type: 'array', items: anything },
      postBuild: anything,
    },
    ['interval', 'prune', 'sourceRef'],
  ),
);

/** The CRDs of every delivery object synth writes. */
export const DELIVERY_CRDS: readonly Schema[] = [ARGOCD_APPLICATION_CRD, ARGOCD_APPLICATION_SET_CRD, FLUX_KUSTOMIZATION_CRD];
