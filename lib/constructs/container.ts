// One container of a pod: image, command, environment, ports, resources, probes, mounts, security and lifecycle.
import type * as k8s from '../k8s';
import type { IConfigMapRef } from './config-map';
import { portNameProblem, portNumberProblem, dnsLabelProblem } from './names';
import { mergeDeep } from './policy';
import type { ContainerResources, ImagePullPolicy, PolicySettings, RequestAndLimit } from './policy';
import type { Probe } from './probe';
import type { Problem } from './resource';
import type { ISecretRef } from './secret';
import type { ConfigSource, Volume } from './volume';
import type { ByteSize, Cpu } from './values';

/** The value of one environment variable. */
export class EnvValue {
  /** A literal value. */
  static value(value: string): EnvValue {
    return new EnvValue({ value }, []);
  }

  /** The value of `key` in a ConfigMap. */
  static fromConfigMap(configMap: IConfigMapRef, key: string, options: { readonly optional?: boolean } = {}): EnvValue {
    return new EnvValue({ valueFrom: { configMapKeyRef: { name: configMap.name, key, optional: options.optional } } }, [configMap], options.optional ? undefined : key);
  }

  /** The value of `key` in a Secret. */
  static fromSecret(secret: ISecretRef, key: string, options: { readonly optional?: boolean } = {}): EnvValue {
    return new EnvValue({ valueFrom: { secretKeyRef: { name: secret.name, key, optional: options.optional } } }, [secret], options.optional ? undefined : key);
  }

  /** A field of the pod, e.g. `metadata.name`, `metadata.namespace`, `status.podIP`, `spec.nodeName`. */
  static fromField(fieldPath: string): EnvValue {
    return new EnvValue({ valueFrom: { fieldRef: { fieldPath } } }, []);
  }

  /** A resource request or limit of a container, e.g. `limits.memory`. */
  static fromResource(resource: string, options: { readonly container?: string; readonly divisor?: string } = {}): EnvValue {
    const resourceFieldRef = { resource, containerName: options.container, divisor: options.divisor };
    return new EnvValue({ valueFrom: { resourceFieldRef } }, []);
  }

  private constructor(
    private readonly source: Omit<k8s.EnvVar, 'name'>,
    /** ConfigMaps and Secrets the value comes from. */
    readonly configSources: readonly ConfigSource[],
    /** The key it reads from its ConfigMap or Secret, when the reference is not optional. */
    private readonly requiredKey?: string,
  ) {}

  /** What is wrong when the value reads a key that its ConfigMap or Secret (defined in this program) lacks. */
  missingKeyProblem(variable: string): Omit<Problem, 'field'> | undefined {
    const [source] = this.configSources;
    if (this.requiredKey === undefined || !source?.hasKey || source.hasKey(this.requiredKey)) return undefined;
    const keys = source.keys?.() ?? [];
    return {
      message: `environment variable ${variable} reads key "${this.requiredKey}" of ${source.kind} "${source.name}", which has ${keys.length === 0 ? 'no keys' : `only ${keys.map((key) => `"${key}"`).join(', ')}`}; the pod would not start`,
      fix: `use one of its keys, add "${this.requiredKey}" to the ${source.kind}, or pass { optional: true }`,
    };
  }

  toEnvVar(name: string): k8s.EnvVar {
    return { name, ...this.source };
  }
}

/** All keys of a ConfigMap or Secret as environment variables. */
export class EnvFrom {
  static configMap(configMap: IConfigMapRef, options: { readonly prefix?: string; readonly optional?: boolean } = {}): EnvFrom {
    return new EnvFrom({ prefix: options.prefix, configMapRef: { name: configMap.name, optional: options.optional } }, configMap);
  }

  static secret(secret: ISecretRef, options: { readonly prefix?: string; readonly optional?: boolean } = {}): EnvFrom {
    return new EnvFrom({ prefix: options.prefix, secretRef: { name: secret.name, optional: options.optional } }, secret);
  }

  private constructor(
    private readonly source: k8s.EnvFromSource,
    readonly configSource: ConfigSource,
  ) {}

  toEnvFromSource(): k8s.EnvFromSource {
    return this.source;
  }
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ContainerPort {
  /** Port number in the container. */
  readonly number: number;
  /** Name, used by Services, Ingresses and probes to refer to the port. @default none */
  readonly name?: string;
  /** Protocol. @default 'TCP' */
  readonly protocol?: Protocol;
  /** Port on the node. @default none */
  readonly hostPort?: number;
}

export interface VolumeMount {
  /** Where the volume appears in the container. */
  readonly path: string;
  /** The volume; it is added to the pod. */
  readonly volume: Volume;
  /** A path inside the volume to mount instead of its root. @default none */
  readonly subPath?: string;
  /** Mount read-only. @default false */
  readonly readOnly?: boolean;
}

export interface ContainerProps {
  /** Name of the container. @default the workload's name for the first container */
  readonly name?: string;
  /** Image with a tag or digest; `latest` or no tag is refused unless the policy allows it. */
  readonly image: string;
  /** Entrypoint. @default the image's */
  readonly command?: readonly string[];
  /** Arguments of the entrypoint. @default the image's */
  readonly args?: readonly string[];
  /** Working directory. @default the image's */
  readonly workingDir?: string;
  /** Environment variables, in the given order (later ones may refer to earlier ones as `$(NAME)`). @default none */
  readonly env?: { readonly [name: string]: string | EnvValue };
  /** ConfigMaps and Secrets whose keys all become environment variables. @default none */
  readonly envFrom?: readonly EnvFrom[];
  /** Ports the container listens on. @default none */
  readonly ports?: readonly ContainerPort[];
  /** CPU, memory and extended resources, merged over the policy's per field. @default the policy's */
  readonly resources?: ContainerResources;
  /** Liveness probe. @default none */
  readonly liveness?: Probe;
  /** Readiness probe. @default none */
  readonly readiness?: Probe;
  /** Startup probe. @default none */
  readonly startup?: Probe;
  /** Volumes mounted into the container. @default none */
  readonly volumeMounts?: readonly VolumeMount[];
  /** Security context, merged over the policy's per field. @default the policy's `containerSecurity` */
  readonly securityContext?: k8s.SecurityContext;
  /** postStart and preStop hooks. @default none */
  readonly lifecycle?: k8s.Lifecycle;
  /** When to pull the image. @default the policy's `images.pullPolicy` */
  readonly imagePullPolicy?: ImagePullPolicy;
}

/** How a container takes part in its pod. */
export type ContainerRole = 'main' | 'init' | 'sidecar';

/** A container of a workload; ports, environment and mounts can still be added until synth. */
export class Container {
  readonly name: string;
  readonly image: string;
  readonly role: ContainerRole;
  private readonly props: ContainerProps;
  private readonly portList: ContainerPort[];
  private readonly envEntries: [string, EnvValue][];
  private readonly envFromList: EnvFrom[];
  private readonly mountList: VolumeMount[];

  constructor(props: ContainerProps, name: string, role: ContainerRole) {
    this.props = props;
    this.name = name;
    this.image = props.image;
    this.role = role;
    this.portList = [...(props.ports ?? [])];
    this.envEntries = Object.entries(props.env ?? {}).map(([key, value]) => [key, typeof value === 'string' ? EnvValue.value(value) : value]);
    this.envFromList = [...(props.envFrom ?? [])];
    this.mountList = [...(props.volumeMounts ?? [])];
  }

  get ports(): readonly ContainerPort[] {
    return this.portList;
  }

  get volumeMounts(): readonly VolumeMount[] {
    return this.mountList;
  }

  addPort(port: ContainerPort): this {
    this.portList.push(port);
    return this;
  }

  addEnv(name: string, value: string | EnvValue): this {
    this.envEntries.push([name, typeof value === 'string' ? EnvValue.value(value) : value]);
    return this;
  }

  addEnvFrom(source: EnvFrom): this {
    this.envFromList.push(source);
    return this;
  }

  mount(path: string, volume: Volume, options: { readonly subPath?: string; readonly readOnly?: boolean } = {}): this {
    this.mountList.push({ path, volume, ...options });
    return this;
  }

  /** ConfigMaps and Secrets this container reads through env, envFrom or mounts. */
  get configSources(): readonly ConfigSource[] {
    return [
      ...this.envEntries.flatMap(([, value]) => value.configSources),
      ...this.envFromList.map((source) => source.configSource),
      ...this.mountList.flatMap((mount) => mount.volume.configSources),
    ];
  }

  /** Resources after merging the policy's under the container's own. */
  effectiveResources(policy: PolicySettings): ContainerResources {
    return mergeDeep(policy.resources, this.props.resources ?? {});
  }

  /** Whether the container declares a port with this name (strings) or number. */
  declaresPort(port: number | string): boolean {
    return this.portList.some((declared) => (typeof port === 'string' ? declared.name === port : declared.number === port));
  }

  /** Problems of this container; `field` is the path of the container in the object. */
  problems(field: string, policy: PolicySettings): Problem[] {
    const problems: Problem[] = [];
    const nameProblem = dnsLabelProblem(this.name);
    if (nameProblem) problems.push({ field: `${field}.name`, message: nameProblem, fix: 'give the container a DNS-1123 label as name' });
    const imageProblem = checkImage(this.image, policy);
    if (imageProblem) problems.push({ field: `${field}.image`, ...imageProblem });

    const seenNames = new Set<string>();
    const seenNumbers = new Set<string>();
    this.portList.forEach((port, index) => {
      const portField = `${field}.ports[${index}]`;
      const numberProblem = portNumberProblem(port.number);
      if (numberProblem) problems.push({ field: `${portField}.containerPort`, message: numberProblem, fix: 'use a port between 1 and 65535' });
      if (port.hostPort !== undefined && portNumberProblem(port.hostPort)) {
        problems.push({ field: `${portField}.hostPort`, message: portNumberProblem(port.hostPort)!, fix: 'use a port between 1 and 65535' });
      }
      if (port.name !== undefined) {
        const nameIssue = portNameProblem(port.name);
        if (nameIssue) problems.push({ field: `${portField}.name`, message: nameIssue, fix: 'rename the port' });
        if (seenNames.has(port.name)) {
          problems.push({ field: `${portField}.name`, message: `port name "${port.name}" is declared twice`, fix: 'give each port its own name' });
        }
        seenNames.add(port.name);
      }
      const key = `${port.number}/${port.protocol ?? 'TCP'}`;
      if (seenNumbers.has(key)) problems.push({ field: `${portField}.containerPort`, message: `port ${key} is declared twice`, fix: 'declare each port once' });
      seenNumbers.add(key);
    });

    for (const [kind, probe] of [['liveness', this.props.liveness], ['readiness', this.props.readiness], ['startup', this.props.startup]] as const) {
      if (probe?.port === undefined) continue;
      if (typeof probe.port === 'string' && !this.declaresPort(probe.port)) {
        problems.push({
          field: `${field}.${kind}Probe`,
          message: `the ${kind} probe uses port "${probe.port}", which container "${this.name}" does not declare`,
          fix: `add a port named "${probe.port}" to the container or probe a port number`,
        });
      } else if (typeof probe.port === 'number' && portNumberProblem(probe.port)) {
        problems.push({ field: `${field}.${kind}Probe`, message: portNumberProblem(probe.port)!, fix: 'use a port between 1 and 65535' });
      }
    }

    const seenEnv = new Set<string>();
    this.envEntries.forEach(([name, value], index) => {
      if (seenEnv.has(name)) problems.push({ field: `${field}.env`, message: `environment variable ${name} is set twice`, fix: 'set each variable once' });
      seenEnv.add(name);
      const keyProblem = value.missingKeyProblem(name);
      if (keyProblem) problems.push({ field: `${field}.env[${index}].valueFrom`, ...keyProblem });
    });
    const seenPaths = new Set<string>();
    for (const mount of this.mountList) {
      if (seenPaths.has(mount.path)) problems.push({ field: `${field}.volumeMounts`, message: `two volumes are mounted at ${mount.path}`, fix: 'mount each path once' });
      seenPaths.add(mount.path);
    }
    return problems;
  }

  /** Probes this container has, by kind. */
  probe(kind: 'liveness' | 'readiness' | 'startup'): Probe | undefined {
    return this.props[kind];
  }

  toContainer(policy: PolicySettings): k8s.Container {
    const props = this.props;
    const env = this.envEntries.map(([name, value]) => value.toEnvVar(name));
    const envFrom = this.envFromList.map((source) => source.toEnvFromSource());
    const securityContext = mergeDeep(policy.containerSecurity, props.securityContext ?? {});
    return {
      name: this.name,
      image: this.image,
      imagePullPolicy: props.imagePullPolicy ?? policy.images.pullPolicy,
      command: props.command,
      args: props.args,
      workingDir: props.workingDir,
      env: env.length > 0 ? env : undefined,
      envFrom: envFrom.length > 0 ? envFrom : undefined,
      ports: this.portList.length > 0 ? this.portList.map(toContainerPort) : undefined,
      resources: renderResources(this.effectiveResources(policy)),
      livenessProbe: props.liveness?.toProbe(),
      readinessProbe: props.readiness?.toProbe(),
      startupProbe: props.startup?.toProbe(),
      volumeMounts:
        this.mountList.length > 0
          ? this.mountList.map((mount) => ({ name: mount.volume.name, mountPath: mount.path, subPath: mount.subPath, readOnly: mount.readOnly }))
          : undefined,
      securityContext: Object.keys(securityContext).length > 0 ? securityContext : undefined,
      lifecycle: props.lifecycle,
      restartPolicy: this.role === 'sidecar' ? 'Always' : undefined,
    };
  }
}

function toContainerPort(port: ContainerPort): k8s.ContainerPort {
  return { containerPort: port.number, name: port.name, protocol: port.protocol ?? 'TCP', hostPort: port.hostPort };
}

function renderResources(resources: ContainerResources): k8s.ResourceRequirements | undefined {
  const requests: Record<string, string | number> = {};
  const limits: Record<string, string | number> = {};
  const add = (name: string, value: RequestAndLimit<Cpu | ByteSize> | undefined) => {
    if (value?.request) requests[name] = value.request.toQuantity();
    if (value?.limit) limits[name] = value.limit.toQuantity();
  };
  add('cpu', resources.cpu);
  add('memory', resources.memory);
  add('ephemeral-storage', resources.ephemeralStorage);
  for (const [name, amount] of Object.entries(resources.extended ?? {})) limits[name] = amount;
  const hasRequests = Object.keys(requests).length > 0;
  const hasLimits = Object.keys(limits).length > 0;
  if (!hasRequests && !hasLimits) return undefined;
  return { requests: hasRequests ? requests : undefined, limits: hasLimits ? limits : undefined };
}

/** An image needs a tag or a digest, and `latest` only where the policy allows it. */
function checkImage(image: string, policy: PolicySettings): { message: string; fix: string } | undefined {
  if (image.trim() === '' || /\s/.test(image)) return { message: `image "${image}" is not an image reference`, fix: 'write e.g. "nginx:1.27"' };
  if (policy.images.allowLatest || image.includes('@')) return undefined;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  const tag = colon === -1 ? undefined : lastSegment.slice(colon + 1);
  if (tag === undefined) return { message: `image "${image}" has no tag, so every pull may fetch something else`, fix: 'pin a tag or digest, or allow it with the policy `images.allowLatest`' };
  if (tag === 'latest') return { message: `image "${image}" uses the mutable tag latest`, fix: 'pin a version tag or digest, or allow it with the policy `images.allowLatest`' };
  return undefined;
}
