// One view of every workload kind, so that rules about pods are written once.

import { asNumber, asRecord, asString, asStringMap, dig, JsonObject, KubeObject, PathSegments, readPath } from './object';
import { LabelSelector, parseLabelSelector, selectorFromMap } from './selector';
import { NO_FINDINGS, type RuleFinding } from './types';

export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
] as const;

/** Workloads whose pods run until stopped (probes and replicas make sense for them). */
export const LONG_RUNNING_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'] as const;

/** Kinds whose replica count is a number in the manifest. */
const REPLICATED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export type ContainerType = 'container' | 'init' | 'ephemeral';

export interface ContainerEntry {
  readonly container: JsonObject;
  /** `''` when the container has no name. */
  readonly name: string;
  /** Path of the container from the object root. */
  readonly path: PathSegments;
  readonly type: ContainerType;
  /** An init container with `restartPolicy: Always` (a native sidecar): it runs, serves and is probed like a container. */
  readonly sidecar: boolean;
  /** The container's `ports`, read once. */
  readonly ports: readonly DeclaredPort[];
}

export interface DeclaredPort {
  readonly containerPort: number | undefined;
  readonly name: string | undefined;
  readonly protocol: string;
}

export interface Workload {
  readonly object: KubeObject;
  /** Undefined when the manifest has no pod spec object where its kind keeps one. */
  readonly podSpec: JsonObject | undefined;
  readonly podSpecPath: PathSegments;
  /** Labels that the pods will carry. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podLabelsPath: PathSegments;
  /** The controller's own selector where the manifest states one. */
  readonly selector: LabelSelector | undefined;
  readonly selectorPath: PathSegments;
  /** Containers, init containers and ephemeral containers in that order. */
  readonly containers: readonly ContainerEntry[];
  /** The containers that run for the life of the pod: regular containers and native sidecars. */
  readonly running: readonly ContainerEntry[];
  /** Declared replicas (1 when absent) for Deployment, StatefulSet, ReplicaSet, ReplicationController; 1 for a Pod; undefined otherwise. */
  readonly replicas: number | undefined;
}

interface PodPaths {
  readonly spec: PathSegments;
  readonly labels: PathSegments;
}

const POD_PATHS: PodPaths = { spec: ['spec'], labels: ['metadata', 'labels'] };
const TEMPLATE_PATHS: PodPaths = { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] };
const CRON_JOB_PATHS: PodPaths = {
  spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  labels: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
};
const SELECTOR_PATH: PathSegments = ['spec', 'selector'];

function pathsOf(kind: string): PodPaths | undefined {
  switch (kind) {
    case 'Pod':
      return POD_PATHS;
    case 'CronJob':
      return CRON_JOB_PATHS;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return TEMPLATE_PATHS;
    default:
      return undefined;
  }
}

function selectorOf(object: KubeObject, podLabels: Readonly<Record<string, string>>): LabelSelector | undefined {
  const spec = asRecord(object.raw.spec);
  switch (object.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
      return parseLabelSelector(spec?.selector);
    case 'ReplicationController':
      // An absent selector defaults to the template labels.
      return selectorFromMap(spec?.selector) ?? { matchLabels: podLabels, matchExpressions: [] };
    case 'Job':
      // Without manualSelector the API server generates a selector on the job's uid.
      return spec?.manualSelector === true ? parseLabelSelector(spec.selector) : undefined;
    default:
      return undefined;
  }
}

const CONTAINER_LISTS: readonly (readonly [string, ContainerType])[] = [
  ['containers', 'container'],
  ['initContainers', 'init'],
  ['ephemeralContainers', 'ephemeral'],
];

function containersOf(podSpec: JsonObject | undefined, podSpecPath: PathSegments): ContainerEntry[] {
  const entries: ContainerEntry[] = [];
  if (podSpec === undefined) return entries;
  for (let list = 0; list < CONTAINER_LISTS.length; list++) {
    const [field, type] = CONTAINER_LISTS[list];
    const items = podSpec[field];
    if (!Array.isArray(items)) continue;
    for (let position = 0; position < items.length; position++) {
      const container = asRecord(items[position]);
      if (container === undefined) continue;
      entries.push({
        container,
        name: asString(container.name) ?? '',
        path: podSpecPath.concat(field, position),
        type,
        sidecar: type === 'init' && container.restartPolicy === 'Always',
        ports: declaredPorts(container),
      });
    }
  }
  return entries;
}

/** The workload view of an object, or undefined when its kind has no pods. */
export function workloadOf(object: KubeObject): Workload | undefined {
  const paths = pathsOf(object.kind);
  if (paths === undefined) return undefined;
  const podSpec = asRecord(readPath(object.raw, paths.spec));
  const podLabels = asStringMap(readPath(object.raw, paths.labels));
  let replicas: number | undefined;
  if (object.kind === 'Pod') replicas = 1;
  else if (REPLICATED_KINDS.has(object.kind)) replicas = asNumber(dig(object.raw, 'spec', 'replicas')) ?? 1;
  const containers = containersOf(podSpec, paths.spec);
  let running: readonly ContainerEntry[] = containers;
  for (let position = 0; position < containers.length; position++) {
    if (!isRunning(containers[position])) {
      running = containers.filter(isRunning);
      break;
    }
  }
  return {
    object,
    podSpec,
    podSpecPath: paths.spec,
    podLabels,
    podLabelsPath: paths.labels,
    selector: selectorOf(object, podLabels),
    selectorPath: SELECTOR_PATH,
    containers,
    running,
    replicas,
  };
}

function isRunning(entry: ContainerEntry): boolean {
  return entry.type === 'container' || entry.sidecar;
}

/** Containers that run for the life of the pod: regular containers and native sidecars. */
export function runningContainers(workload: Workload): readonly ContainerEntry[] {
  return workload.running;
}

const NO_PORTS: readonly DeclaredPort[] = [];

function declaredPorts(container: JsonObject): readonly DeclaredPort[] {
  const items = container.ports;
  if (!Array.isArray(items) || items.length === 0) return NO_PORTS;
  const ports: DeclaredPort[] = [];
  for (let position = 0; position < items.length; position++) {
    const port = asRecord(items[position]);
    if (port === undefined) continue;
    ports.push({
      containerPort: asNumber(port.containerPort),
      name: asString(port.name),
      protocol: asString(port.protocol) ?? 'TCP',
    });
  }
  return ports;
}

/** The image reference split as a container runtime reads it. */
export interface ImageReference {
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

export function parseImage(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  if (colon < 0) return { repository: withoutDigest, tag: undefined, digest };
  return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
}

type MetadataField = 'labels' | 'annotations';

function metadataPaths(field: MetadataField, templates: readonly PathSegments[]): PathSegments[] {
  return [['metadata', field], ...templates.map((template) => [...template, 'metadata', field])];
}

const METADATA_PATHS: Readonly<Record<string, Record<MetadataField, readonly PathSegments[]>>> = {
  object: { labels: metadataPaths('labels', []), annotations: metadataPaths('annotations', []) },
  workload: { labels: metadataPaths('labels', [['spec', 'template']]), annotations: metadataPaths('annotations', [['spec', 'template']]) },
  CronJob: {
    labels: metadataPaths('labels', [['spec', 'jobTemplate'], ['spec', 'jobTemplate', 'spec', 'template']]),
    annotations: metadataPaths('annotations', [['spec', 'jobTemplate'], ['spec', 'jobTemplate', 'spec', 'template']]),
  },
};

/** Where an object keeps labels or annotations: its own metadata, its pod template's and, for a CronJob, its job template's. */
export function metadataMapPaths(object: KubeObject, workload: Workload | undefined, field: MetadataField): readonly PathSegments[] {
  if (workload === undefined || object.kind === 'Pod') return METADATA_PATHS.object[field];
  return (object.kind === 'CronJob' ? METADATA_PATHS.CronJob : METADATA_PATHS.workload)[field];
}

/** What a per-container check reports for one container: nothing, one finding or several. */
export type ContainerReport = RuleFinding | readonly RuleFinding[] | undefined;

/**
 * The findings of `inspect` over every container of a workload (init and ephemeral ones included, in order);
 * NO_FINDINGS for objects without pods. Pass a function defined once, not a new closure per call.
 */
export function containerFindings(workload: Workload | undefined, inspect: (entry: ContainerEntry, workload: Workload) => ContainerReport): readonly RuleFinding[] {
  if (workload === undefined) return NO_FINDINGS;
  let findings: RuleFinding[] | undefined;
  for (let index = 0; index < workload.containers.length; index++) {
    const report = inspect(workload.containers[index], workload);
    if (report === undefined) continue;
    if ('message' in report) (findings ??= []).push(report);
    else if (report.length > 0) (findings ??= []).push(...report);
  }
  return findings ?? NO_FINDINGS;
}

/** A hostPath volume of a workload's pod spec, where it sits in the object. */
export interface HostPathVolume {
  readonly name: string | undefined;
  readonly path: string | undefined;
  /** Path of the volume's `hostPath` mapping in the object. */
  readonly at: PathSegments;
}

/**
 * The findings of `inspect` over every hostPath volume of a workload; NO_FINDINGS for objects without pods.
 * Pass a function defined once, not a new closure per call.
 */
export function hostPathFindings(workload: Workload | undefined, inspect: (volume: HostPathVolume) => RuleFinding | undefined): readonly RuleFinding[] {
  const volumes = workload?.podSpec?.volumes;
  if (workload === undefined || !Array.isArray(volumes)) return NO_FINDINGS;
  let findings: RuleFinding[] | undefined;
  for (let position = 0; position < volumes.length; position++) {
    const volume = asRecord(volumes[position]);
    const source = asRecord(volume?.hostPath);
    if (source === undefined) continue;
    const finding = inspect({ name: asString(volume?.name), path: asString(source.path), at: [...workload.podSpecPath, 'volumes', position, 'hostPath'] });
    if (finding !== undefined) (findings ??= []).push(finding);
  }
  return findings ?? NO_FINDINGS;
}
