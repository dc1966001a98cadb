// Settings of a kubeforge project, read from the `kubeforge:` section of cdk8s.yaml next to the
// cdk8s `app:` and `output:` keys: one file in the format cdk8s tools read.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseDocument, visit } from 'yaml';
import { closest } from '../suggest';
import { DEFAULT_KUBERNETES_VERSION, isKubernetesVersion, KUBERNETES_VERSIONS, type KubernetesVersion } from '../k8s/versions';
import { checkRulesConfig, type RulesConfig } from '../validate/rules';

export type Layout = 'files' | 'bundle';

export interface ArgoCdSettings {
  /** Argo CD project of the Applications. @default 'default' */
  readonly project: string;
  /** Namespace where Argo CD runs and reads Applications. @default 'argocd' */
  readonly namespace: string;
  /** Cluster API server the apps are deployed to. @default 'https://kubernetes.default.svc' */
  readonly server: string;
  /** One ApplicationSet per environment instead of one Application per app. @default false */
  readonly applicationSet: boolean;
  /** Deleting an Application (an app removed from code) deletes its objects (resources finalizer). @default true */
  readonly cascadeDelete: boolean;
  /** Attempts of a failed sync, with backoff from 5 s doubling up to 3 min. @default 10 */
  readonly retryLimit: number;
}

export interface FluxSettings {
  /** Namespace of the Flux Kustomizations and their source. @default 'flux-system' */
  readonly namespace: string;
  /** Source the Kustomizations read. @default { kind: 'GitRepository', name: 'flux-system' } */
  readonly sourceRef: { readonly kind: string; readonly name: string; readonly namespace?: string };
  /** Reconciliation interval. @default '10m' */
  readonly interval: string;
  /** Remove objects that disappear from the rendered tree. @default true */
  readonly prune: boolean;
}

export interface Settings {
  /** The cdk8s `app:` command; its JavaScript (or mapped TypeScript) file is the program entry. */
  readonly app?: string;
  /** Output folder relative to the project folder (cdk8s `output:`). @default 'dist' */
  readonly output: string;
  /** Kubernetes version whose schemas validate the objects. @default newest bundled */
  readonly kubernetesVersion: KubernetesVersion;
  /** Reject unknown fields. @default true */
  readonly strict: boolean;
  /** One file per resource, or one file per app. @default 'files' */
  readonly layout: Layout;
  /** Extra cluster-scoped kinds of custom resources, as `group/Kind`. @default [] */
  readonly clusterScopedKinds: readonly string[];
  /** Git repository that holds the rendered tree, for delivery objects. */
  readonly repository: {
    readonly url?: string;
    /** @default 'HEAD' */
    readonly revision: string;
    /** Path of the output folder inside the repository. @default the output folder */
    readonly path: string;
  };
  /** Argo CD delivery objects; absent when the `argocd:` section is missing. */
  readonly argocd?: ArgoCdSettings;
  /** Flux delivery objects; absent when the `flux:` section is missing. */
  readonly flux?: FluxSettings;
  /** Add a Namespace to the platform app for each app namespace no object declares. @default true */
  readonly createNamespaces: boolean;
  /** Rule settings (`rule-id: off | info | warning | error`) for the cross-resource rules. @default {} */
  readonly rules: Readonly<Record<string, unknown>>;
  /** Kinds (`Kind` or `apiVersion/Kind`) not validated. @default [] */
  readonly skipKinds: readonly string[];
  /** Objects of kinds without a schema pass instead of failing. @default false */
  readonly ignoreMissingSchemas: boolean;
  /** CustomResourceDefinition files or folders whose custom resources synth validates (`kubeforge.crds`; resolved against cdk8s.yaml's folder by loadSettings). @default [] */
  readonly crds: readonly string[];
}

export const CONFIG_FILE = 'cdk8s.yaml';

/** A problem with the project configuration: exit code 2. */
export class ConfigError extends Error {}

/** Reads cdk8s.yaml (when present) and fills in defaults. */
export function loadSettings(projectDirectory: string, configFile = CONFIG_FILE): Settings {
  const path = resolve(projectDirectory, configFile);
  if (!existsSync(path)) {
    if (configFile !== CONFIG_FILE) throw new ConfigError(`${configFile}: file not found`);
    return settingsFrom({}, configFile);
  }
  return settingsFrom(readConfigText(readFileSync(path, 'utf8'), configFile) ?? {}, configFile, dirname(path));
}

/**
 * Parses cdk8s.yaml; a number that reading would change (`kubernetesVersion: 1.30` read as 1.3, `revision: 1.10`)
 * is kept as written, a string, and the settings that take numbers still get numbers (`retryLimit: 5`).
 */
export function readConfigText(text: string, source = CONFIG_FILE): unknown {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) throw new ConfigError(`${source}: not valid YAML: ${document.errors[0].message}`);
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value !== 'number' || !node.range) return;
      const written = text.slice(node.range[0], node.range[1]).trim();
      if (written !== String(node.value)) node.value = written;
    },
  });
  return document.toJS({ maxAliasCount: 100 });
}

type Raw = Record<string, unknown>;

const KUBEFORGE_KEYS = [
  'kubernetesVersion', 'strict', 'layout', 'clusterScopedKinds', 'repository', 'argocd', 'flux', 'createNamespaces',
  'rules', 'skipKinds', 'ignoreMissingSchemas', 'crds',
];

/** Top-level keys: cdk8s's own (read by `cdk8s synth`) and `kubeforge`. */
const TOP_LEVEL_KEYS = ['language', 'app', 'output', 'imports', 'pluginsDirectory', 'validations', 'format', 'helmSynthConfig', 'kubeforge'];

/** Builds settings from the parsed cdk8s.yaml document; unknown `kubeforge:` keys are errors. Paths resolve against `baseDirectory`. */
export function settingsFrom(document: unknown, source = CONFIG_FILE, baseDirectory?: string): Settings {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new ConfigError(`${source}: expected a mapping`);
  const raw = document as Raw;
  allowOnly(raw, TOP_LEVEL_KEYS, source);
  const section = mapping(raw.kubeforge ?? {}, `${source}: kubeforge`);
  allowOnly(section, KUBEFORGE_KEYS, `${source}: kubeforge`);
  const output = optionalString(raw.output, `${source}: output`) ?? 'dist';
  const version = String(section.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION);
  if (!isKubernetesVersion(version)) {
    throw new ConfigError(`${source}: kubeforge.kubernetesVersion "${version}" is not bundled; use one of ${KUBERNETES_VERSIONS.join(', ')}`);
  }
  const layout = section.layout ?? 'files';
  if (layout !== 'files' && layout !== 'bundle') throw new ConfigError(`${source}: kubeforge.layout must be "files" or "bundle"`);
  const repository = mapping(section.repository ?? {}, `${source}: kubeforge.repository`);
  allowOnly(repository, ['url', 'revision', 'path'], `${source}: kubeforge.repository`);
  const settings: Settings = {
    app: optionalString(raw.app, `${source}: app`),
    output,
    kubernetesVersion: version,
    strict: optionalBoolean(section.strict, `${source}: kubeforge.strict`) ?? true,
    layout,
    clusterScopedKinds: stringList(section.clusterScopedKinds ?? [], `${source}: kubeforge.clusterScopedKinds`),
    repository: {
      url: optionalString(repository.url, `${source}: kubeforge.repository.url`),
      revision: optionalString(repository.revision, `${source}: kubeforge.repository.revision`) ?? 'HEAD',
      path: optionalString(repository.path, `${source}: kubeforge.repository.path`) ?? output,
    },
    argocd: section.argocd === undefined || section.argocd === false ? undefined : argoCdFrom(section.argocd, `${source}: kubeforge.argocd`),
    flux: section.flux === undefined || section.flux === false ? undefined : fluxFrom(section.flux, `${source}: kubeforge.flux`),
    createNamespaces: optionalBoolean(section.createNamespaces, `${source}: kubeforge.createNamespaces`) ?? true,
    rules: mapping(section.rules ?? {}, `${source}: kubeforge.rules`),
    skipKinds: stringList(section.skipKinds ?? [], `${source}: kubeforge.skipKinds`),
    ignoreMissingSchemas: optionalBoolean(section.ignoreMissingSchemas, `${source}: kubeforge.ignoreMissingSchemas`) ?? false,
    crds: stringList(section.crds ?? [], `${source}: kubeforge.crds`).map((path) => (baseDirectory === undefined ? path : resolve(baseDirectory, path))),
  };
  const ruleProblems = checkRulesConfig({ rules: settings.rules as RulesConfig['rules'] });
  if (ruleProblems.length > 0) throw new ConfigError(`${source}: kubeforge.rules: ${ruleProblems.join('; ')}`);
  if (settings.argocd && !settings.repository.url) {
    throw new ConfigError(`${source}: kubeforge.argocd needs kubeforge.repository.url (the Git URL Argo CD clones)`);
  }
  return settings;
}

function argoCdFrom(value: unknown, where: string): ArgoCdSettings {
  const section = mapping(value ?? {}, where);
  allowOnly(section, ['project', 'namespace', 'server', 'applicationSet', 'cascadeDelete', 'retryLimit'], where);
  const retryLimit = section.retryLimit ?? 10;
  if (typeof retryLimit !== 'number' || !Number.isInteger(retryLimit) || retryLimit < -1) {
    throw new ConfigError(`${where}.retryLimit: expected a whole number of attempts (-1 retries without end)`);
  }
  return {
    project: optionalString(section.project, `${where}.project`) ?? 'default',
    namespace: optionalString(section.namespace, `${where}.namespace`) ?? 'argocd',
    server: optionalString(section.server, `${where}.server`) ?? 'https://kubernetes.default.svc',
    applicationSet: optionalBoolean(section.applicationSet, `${where}.applicationSet`) ?? false,
    cascadeDelete: optionalBoolean(section.cascadeDelete, `${where}.cascadeDelete`) ?? true,
    retryLimit,
  };
}

function fluxFrom(value: unknown, where: string): FluxSettings {
  const section = mapping(value ?? {}, where);
  allowOnly(section, ['namespace', 'sourceRef', 'interval', 'prune'], where);
  const sourceRef = mapping(section.sourceRef ?? {}, `${where}.sourceRef`);
  allowOnly(sourceRef, ['kind', 'name', 'namespace'], `${where}.sourceRef`);
  const sourceNamespace = optionalString(sourceRef.namespace, `${where}.sourceRef.namespace`);
  return {
    namespace: optionalString(section.namespace, `${where}.namespace`) ?? 'flux-system',
    sourceRef: {
      kind: optionalString(sourceRef.kind, `${where}.sourceRef.kind`) ?? 'GitRepository',
      name: optionalString(sourceRef.name, `${where}.sourceRef.name`) ?? 'flux-system',
      ...(sourceNamespace ? { namespace: sourceNamespace } : {}),
    },
    interval: optionalString(section.interval, `${where}.interval`) ?? '10m',
    prune: optionalBoolean(section.prune, `${where}.prune`) ?? true,
  };
}

function mapping(value: unknown, where: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${where}: expected a mapping`);
  return value as Raw;
}

function allowOnly(section: Raw, keys: readonly string[], where: string): void {
  for (const key of Object.keys(section)) {
    if (keys.includes(key)) continue;
    const suggestion = closest(key, keys);
    throw new ConfigError(`${where}: unknown key "${key}"; ${suggestion ? `did you mean "${suggestion}"?` : `use one of ${keys.join(', ')}`}`);
  }
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new ConfigError(`${where}: expected a string`);
  return String(value);
}

function optionalBoolean(value: unknown, where: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new ConfigError(`${where}: expected true or false`);
  return value;
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new ConfigError(`${where}: expected a list of strings`);
  return value as string[];
}

/**
 * The compiled JavaScript file of the program entry. A `.js` file in the `app:` command is used as is;
 * a `.ts` file maps to its output under tsconfig's `outDir` (kubeforge never compiles at run time).
 */
export function resolveEntry(projectDirectory: string, settings: Settings, override?: string): string {
  const command = override ?? settings.app;
  if (!command) throw new ConfigError(`no program entry: set \`app:\` in ${CONFIG_FILE} (e.g. "node .build/apps/main.js") or pass --entry`);
  const tokens = [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]);
  const file = tokens.reverse().find((token) => /\.(c|m)?[jt]s$/.test(token));
  if (!file) throw new ConfigError(`cannot find a .js or .ts file in the app command "${command}"`);
  const absolute = resolve(projectDirectory, file);
  const entry = /\.ts$/.test(file) && !/\.d\.ts$/.test(file) ? compiledPathOf(projectDirectory, absolute) : absolute;
  if (!existsSync(entry)) {
    const built = entry === absolute ? '' : ` (compiled from ${relative(projectDirectory, absolute)})`;
    throw new ConfigError(`program entry ${relative(projectDirectory, entry)}${built} not found; run the build first (npm run build)`);
  }
  return entry;
}

function compiledPathOf(projectDirectory: string, source: string): string {
  const tsconfigPath = join(projectDirectory, 'tsconfig.json');
  let outDir = projectDirectory;
  let rootDir = projectDirectory;
  if (existsSync(tsconfigPath)) {
    // tsconfig allows comments and trailing commas; strip them before JSON.parse.
    const text = readFileSync(tsconfigPath, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/,(\s*[}\]])/g, '$1');
    const options = (JSON.parse(text) as { compilerOptions?: { outDir?: string; rootDir?: string } }).compilerOptions ?? {};
    const base = dirname(tsconfigPath);
    if (options.outDir) outDir = isAbsolute(options.outDir) ? options.outDir : join(base, options.outDir);
    if (options.rootDir) rootDir = isAbsolute(options.rootDir) ? options.rootDir : join(base, options.rootDir);
  }
  return join(outDir, relative(rootDir, source)).replace(/\.ts$/, '.js');
}
