// Renders a program in memory: builds each environment, collects and normalises its objects, lays
// them out as files, adds delivery objects, and runs the validation gate. Nothing touches the disk.
import { performance } from 'node:perf_hooks';
import { ApiObject } from 'cdk8s';
import { Resource } from '../constructs/resource';
import type { Finding, ResourceResult } from '../validate';
import { CustomResource } from '../import/custom-resource';
import { addChecksumAnnotations, SECRET_CHECKSUM_KEY_VARIABLE } from './checksum';
import type { Layout, Settings } from './config';
import { type DeliveredApp, deliveryFolders, repositoryPath } from './delivery';
import { DELIVERY_CRDS } from './delivery-crds';
import { kindsDefinedBy, markForArgoCd } from './custom-resources';
import { countErrors, countWarnings, gate, loadConfiguredCrds, type GateSubject } from './gate';
import { compareCodeUnits, groupOf, installRank, ScopeRegistry } from './kinds';
import { applyNamespace, cleanManifest, type Manifest, metadataOf } from './normalize';
import { buildEnvironment, PLATFORM_APP, type Program } from './program';
import { thrownAt } from './location';
import { nonRootWithoutUser } from './notes';
import { emitDocument, emitDocuments } from './yaml-emit';

export const KUSTOMIZATION_FILE = 'kustomization.yaml';

export interface ResourceIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** One file of the rendered tree. */
export interface RenderedFile {
  /** Path inside the output folder, POSIX separators. */
  readonly path: string;
  readonly content: string;
  readonly environment: string;
  /** The objects in the file (several in a bundle, none in a kustomization.yaml). */
  readonly resources: readonly ResourceIdentity[];
}

export interface EnvironmentOutcome {
  readonly name: string;
  readonly apps: number;
  readonly objects: number;
  /** Objects with findings (any severity). */
  readonly results: readonly ResourceResult[];
  readonly errors: number;
  readonly warnings: number;
  readonly milliseconds: number;
  /** Containers whose start depends on their image's USER (non-root without runAsUser), for a note. */
  readonly nonRootWithoutUser: readonly string[];
}

/** Which owned files on disk this run is responsible for (and may remove when they are no longer rendered). */
export interface Selection {
  readonly environments?: ReadonlySet<string>;
  readonly apps?: ReadonlySet<string>;
}

export interface Rendering {
  readonly files: readonly RenderedFile[];
  readonly environments: readonly EnvironmentOutcome[];
  readonly selection: Selection;
  readonly errors: number;
  readonly warnings: number;
}

export interface RenderOptions {
  readonly settings: Settings;
  /** How the output folder is shown in findings, e.g. `dist`. @default settings.output */
  readonly outputLabel?: string;
  readonly layout?: Layout;
  /** Environments to render. @default all */
  readonly environments?: readonly string[];
  /** Apps to render. @default all */
  readonly apps?: readonly string[];
  /** Called between steps, for a progress indicator. */
  readonly onProgress?: (environment: string, step: string) => void;
  /** HMAC key of Secret checksums (KUBEFORGE_CHECKSUM_KEY); without it Secrets get no checksum. */
  readonly secretChecksumKey?: string;
}

/** A usage mistake in the selection (unknown environment or app): exit code 2. */
export class SelectionError extends Error {}

/** Renders the selected environments and apps; findings are in the outcome, never thrown. */
export function render(program: Program<any>, options: RenderOptions): Rendering {
  const environmentNames = Object.keys(program.environments);
  for (const name of options.environments ?? []) {
    if (!environmentNames.includes(name)) throw new SelectionError(`unknown environment "${name}"; the program declares ${environmentNames.join(', ')}`);
  }
  const appNames = new Set([...Object.keys(program.apps), PLATFORM_APP]);
  for (const name of options.apps ?? []) {
    if (!appNames.has(name)) throw new SelectionError(`unknown app "${name}"; the program declares ${[...appNames].join(', ')}`);
  }
  const selection: Selection = {
    environments: options.environments?.length ? new Set(options.environments) : undefined,
    apps: options.apps?.length ? new Set(options.apps) : undefined,
  };
  const files: RenderedFile[] = [];
  const environments: EnvironmentOutcome[] = [];
  const configuredCrds = loadConfiguredCrds(options.settings.crds ?? []);
  for (const name of environmentNames) {
    if (selection.environments && !selection.environments.has(name)) continue;
    const outcome = renderEnvironment(program, name, selection, options, configuredCrds);
    files.push(...outcome.files);
    environments.push(outcome.outcome);
  }
  return {
    files,
    environments,
    selection,
    errors: environments.reduce((total, environment) => total + environment.errors, 0),
    warnings: environments.reduce((total, environment) => total + environment.warnings, 0),
  };
}

interface Collected {
  object: Manifest;
  readonly constructPath: string;
  readonly declaredBy: string;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  app: string;
  path: string;
}

function renderEnvironment(
  program: Program<any>,
  environment: string,
  selection: Selection,
  options: RenderOptions,
  configuredCrds: readonly unknown[],
): { files: RenderedFile[]; outcome: EnvironmentOutcome } {
  const started = performance.now();
  const { settings } = options;
  const layout = options.layout ?? settings.layout;
  const label = options.outputLabel ?? settings.output;
  const progress = (step: string) => options.onProgress?.(environment, step);
  const wanted = (app: string) => !selection.apps || selection.apps.has(app);
  const problems: ResourceResult[] = [];
  const problem: ProblemSink = (file, constructPath, finding, identity = {}) => {
    problems.push({ file, document: 0, constructPath, status: 'error', findings: [finding], ...identity });
  };

  // Building and collecting live in their own function so that the construct tree can be freed early.
  const { collected, namespaces, appNames, importedCrds } = buildAndCollect(program, environment, selection, label, problem, progress);
  // CRDs synth validates custom resources with: listed in cdk8s.yaml, carried by imported classes, rendered by any app
  // (even one outside --app). Later ones win for the same kind: what the program renders is what the cluster will serve.
  const renderedCrds = collected.map((entry) => entry.object).filter((object) => object.kind === 'CustomResourceDefinition');
  const knownCrds = [...configuredCrds, ...importedCrds, ...renderedCrds];

  progress('laying out files');
  const scopes = new ScopeRegistry(settings.clusterScopedKinds);
  scopes.learnFromDefinitions([...configuredCrds, ...importedCrds, ...collected.map((entry) => entry.object)]);
  const objects: Collected[] = [];
  for (const entry of collected) {
    const { object } = entry;
    const metadata = metadataOf(object);
    const where = `${label}/${environment}/${entry.declaredBy}`;
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || object.apiVersion === '' || object.kind === '') {
      problem(where, entry.constructPath, { rule: 'missing-kind', severity: 'error', path: '', message: 'the object has no apiVersion or kind; every object needs both' });
      continue;
    }
    if (typeof metadata.name !== 'string' || metadata.name === '') {
      problem(where, entry.constructPath, { rule: 'missing-name', severity: 'error', path: 'metadata.name', message: `${object.kind} has no metadata.name; synth names files after objects, so every object needs a name` }, { apiVersion: object.apiVersion, kind: object.kind });
      continue;
    }
    const clusterScoped = scopes.isClusterScoped(object.apiVersion, object.kind);
    applyNamespace(object, clusterScoped, namespaces.get(entry.declaredBy) ?? entry.declaredBy);
    entry.apiVersion = object.apiVersion;
    entry.kind = object.kind;
    entry.name = metadata.name;
    entry.namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
    entry.app = clusterScoped ? PLATFORM_APP : entry.declaredBy;
    objects.push(entry);
  }
  if (settings.createNamespaces) objects.push(...generatedNamespaces(objects, namespaces));
  if (settings.argocd) markForArgoCd(objects.map((entry) => entry.object), kindsDefinedBy(renderedCrds));
  const unkeyed = addChecksumAnnotations(objects.map((entry) => entry.object), options.secretChecksumKey);

  for (const entry of objects) {
    const appNamespace = namespaces.get(entry.app);
    entry.path = layout === 'bundle' ? `${environment}/${entry.app}.yaml` : `${environment}/${entry.app}/${fileName(entry, appNamespace)}`;
  }
  const placed = withoutCollisions(objects, label, problem);
  placed.sort(compareObjects);
  for (const { workload, secret } of unkeyed) {
    const entry = placed.find((candidate) => candidate.object === workload);
    if (!entry || !wanted(entry.app)) continue;
    problems.push({
      file: `${label}/${entry.path}`, document: 0, constructPath: entry.constructPath, status: 'valid', ...identityOf(entry),
      findings: [{
        rule: 'secret-checksum-key', severity: 'warning', path: 'spec.template.metadata.annotations',
        message: `no checksum of Secret "${secret}": its pods will not restart when its data changes, because ${SECRET_CHECKSUM_KEY_VARIABLE} is not set`,
        hint: `Set ${SECRET_CHECKSUM_KEY_VARIABLE} to the same secret key wherever synth runs (CI secret, developers' environment); the repository never holds it.`,
      }],
    });
  }

  const appFolders = new Set<string>(appNames);
  if (placed.some((entry) => entry.app === PLATFORM_APP)) appFolders.add(PLATFORM_APP);
  const files: RenderedFile[] = [];
  const subjects: GateSubject[] = [];
  const byApp = new Map<string, Collected[]>();
  for (const entry of placed) {
    const members = byApp.get(entry.app);
    if (members) members.push(entry);
    else byApp.set(entry.app, [entry]);
  }
  for (const app of [...appFolders].sort(compareCodeUnits)) {
    if (!wanted(app)) continue;
    const members = byApp.get(app) ?? [];
    if (layout === 'bundle') {
      const path = `${environment}/${app}.yaml`;
      members.forEach((entry, document) => subjects.push({ object: entry.object, file: `${label}/${path}`, document, constructPath: entry.constructPath }));
      files.push({ path, content: emitDocuments(members.map((entry) => entry.object)), environment, resources: members.map(identityOf) });
    } else {
      for (const entry of members) {
        subjects.push({ object: entry.object, file: `${label}/${entry.path}`, document: 0, constructPath: entry.constructPath });
        files.push({ path: entry.path, content: emitDocument(entry.object), environment, resources: [identityOf(entry)] });
      }
      files.push(kustomizationFile(`${environment}/${app}`, members.map((entry) => entry.path.slice(entry.path.lastIndexOf('/') + 1)), environment));
    }
  }

  progress('validating');
  const gateOptions = {
    kubernetesVersion: settings.kubernetesVersion,
    strict: settings.strict,
    rules: settings.rules,
    skipKinds: settings.skipKinds,
    ignoreMissingSchemas: settings.ignoreMissingSchemas,
  };
  const results = [...problems, ...withoutRepeatedMistakes(gate(subjects, { ...gateOptions, crds: knownCrds }), problems)];

  // Delivery objects list every app of the environment, so they are rendered only when no app is filtered out.
  if (!selection.apps) {
    const delivered: DeliveredApp[] = [...appFolders].sort(deliveryOrder).map((app) => {
      const namespace = app === PLATFORM_APP ? undefined : namespaces.get(app);
      return layout === 'bundle'
        ? { name: app, namespace, path: repositoryPath(settings, environment), file: `${app}.yaml` }
        : { name: app, namespace, path: repositoryPath(settings, environment, app) };
    });
    const deliverySubjects: GateSubject[] = [];
    for (const folder of deliveryFolders(environment, delivered, settings)) {
      const names: string[] = [];
      const byName = (a: Manifest, b: Manifest) => compareCodeUnits(String(a.kind), String(b.kind)) || compareCodeUnits(String(metadataOf(a).name), String(metadataOf(b).name));
      for (const object of folder.objects.sort(byName)) {
        const identity = { apiVersion: String(object.apiVersion), kind: String(object.kind), name: String(metadataOf(object).name), namespace: String(metadataOf(object).namespace) };
        const name = fileName(identity, identity.namespace);
        const path = `${folder.path}/${name}`;
        names.push(name);
        deliverySubjects.push({ object, file: `${label}/${path}`, document: 0, constructPath: `(delivery ${folder.tool})` });
        files.push({ path, content: emitDocument(object), environment, resources: [identity] });
      }
      files.push(kustomizationFile(folder.path, names, environment));
    }
    // The delivery objects live in the GitOps tool's own namespace, which the tool's installation creates,
    // not this run: the rules take it as existing instead of warning `namespace-missing` on every object.
    const toolNamespaces = [settings.argocd?.namespace, settings.flux?.namespace].filter((name): name is string => name !== undefined);
    results.push(...gate(deliverySubjects, { ...gateOptions, crds: DELIVERY_CRDS, knownNamespaces: toolNamespaces }));
  }

  const outcome: EnvironmentOutcome = {
    name: environment,
    // The user's apps; the platform folder that synth adds is not one of them.
    apps: [...appFolders].filter((app) => wanted(app) && app !== PLATFORM_APP).length,
    objects: subjects.length,
    results,
    errors: countErrors(results),
    warnings: countWarnings(results),
    milliseconds: performance.now() - started,
    nonRootWithoutUser: nonRootWithoutUser(placed.filter((entry) => wanted(entry.app))),
  };
  return { files, outcome };
}

type ProblemSink = (file: string, constructPath: string | undefined, finding: Finding, identity?: Partial<ResourceIdentity>) => void;

function buildAndCollect(
  program: Program<any>,
  environment: string,
  selection: Selection,
  label: string,
  problem: ProblemSink,
  progress: (step: string) => void,
): { collected: Collected[]; namespaces: Map<string, string>; appNames: string[]; importedCrds: unknown[] } {
  progress('building apps');
  // Cluster-scoped objects of every app land in the platform app, so rendering it needs every app.
  const buildAll = !selection.apps || selection.apps.has(PLATFORM_APP);
  const built = buildEnvironment(program, environment, buildAll ? undefined : selection.apps);
  const namespaces = new Map(built.charts.map(({ app }) => [app.name, app.namespace]));
  for (const failure of built.failures) {
    const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
    const where = thrownAt(failure.error);
    problem('', failure.app, {
      rule: 'app-build',
      severity: 'error',
      path: '',
      message: `app "${failure.app}" failed to build: ${message}${where ? ` (thrown at ${where})` : ''}`,
      hint: where ? `Fix the code at ${where}.` : `Fix the app function of "${failure.app}" (run with --enable-source-maps for the line).`,
    });
  }

  progress('collecting objects');
  const collected: Collected[] = [];
  const importedCrds = new Set<unknown>();
  for (const construct of built.app.node.findAll()) {
    // A kubeforge construct's problems carry their field and fix; other constructs' validations are plain messages.
    // Not `instanceof`: cdk8s's ApiObject answers it for every ApiObject.
    const resource = Resource.prototype.isPrototypeOf(construct) ? (construct as Resource) : undefined;
    const structured = resource?.inputProblemsAtSynth() ?? [];
    const described = new Set(structured.map((item) => resource!.describe(item)));
    for (const item of structured) {
      problem('', construct.node.path, { rule: 'construct-validation', severity: 'error', path: item.field, message: item.message, hint: capitalized(item.fix) }, { apiVersion: resource?.apiVersion, kind: resource?.kind, name: resource?.name });
    }
    for (const message of construct.node.validate()) {
      if (described.has(message)) continue;
      problem('', construct.node.path, { rule: 'construct-validation', severity: 'error', path: '', message });
    }
    if (!ApiObject.isApiObject(construct)) continue;
    const definition = CustomResource.definitionOf(construct);
    if (definition !== undefined) importedCrds.add(definition);
    const declaredBy = construct.node.scopes[1]?.node.id ?? PLATFORM_APP;
    let object: Manifest;
    try {
      object = cleanManifest(construct.toJson() as Manifest);
    } catch (error) {
      problem(`${label}/${environment}/${declaredBy}`, construct.node.path, { rule: 'render', severity: 'error', path: '', message: (error as Error).message });
      continue;
    }
    collected.push({ object, constructPath: construct.node.path, declaredBy, apiVersion: '', kind: '', name: '', app: declaredBy, path: '' });
  }
  return { collected, namespaces, appNames: built.charts.map(({ app }) => app.name), importedCrds: [...importedCrds] };
}

/**
 * One finding per mistake: a rule finding on a field that the object's construct already reported (the same
 * field, or one inside it) is the same mistake seen again, and is dropped.
 */
function withoutRepeatedMistakes(results: ResourceResult[], problems: readonly ResourceResult[]): ResourceResult[] {
  const reported = new Map<string, string[]>();
  for (const result of problems) {
    if (!result.constructPath) continue;
    for (const finding of result.findings) {
      if (finding.rule === 'construct-validation' && finding.path) reported.set(result.constructPath, [...(reported.get(result.constructPath) ?? []), finding.path]);
    }
  }
  const within = (path: string, field: string) => path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
  return results.flatMap((result) => {
    const fields = result.constructPath === undefined ? undefined : reported.get(result.constructPath);
    if (!fields) return [result];
    const findings = result.findings.filter((finding) => !fields.some((field) => within(finding.path, field)));
    if (findings.length === result.findings.length) return [result];
    return findings.length === 0 ? [] : [{ ...result, findings, status: findings.some((finding) => finding.severity === 'error') ? result.status : 'valid' }];
  });
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Platform first (it holds the namespaces), then the apps by name. */
function deliveryOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === PLATFORM_APP) return -1;
  if (b === PLATFORM_APP) return 1;
  return compareCodeUnits(a, b);
}

function identityOf(entry: Collected): ResourceIdentity {
  return { apiVersion: entry.apiVersion, kind: entry.kind, name: entry.name, ...(entry.namespace ? { namespace: entry.namespace } : {}) };
}

/** Install order of the kind, then name, namespace, group, construct path: all by code unit. */
function compareObjects(a: Collected, b: Collected): number {
  return (
    installRank(a.kind) - installRank(b.kind) ||
    compareCodeUnits(a.kind, b.kind) ||
    compareCodeUnits(a.name, b.name) ||
    compareCodeUnits(a.namespace ?? '', b.namespace ?? '') ||
    compareCodeUnits(a.apiVersion, b.apiVersion) ||
    compareCodeUnits(a.constructPath, b.constructPath)
  );
}

/** `<Kind>[.<group>].<name>[.<namespace>].yaml`; the namespace only when it differs from the app's. */
export function fileName(identity: { apiVersion: string; kind: string; name: string; namespace?: string }, appNamespace: string | undefined): string {
  const group = groupOf(identity.apiVersion);
  const parts = [identity.kind, group, identity.name, identity.namespace && identity.namespace !== appNamespace ? identity.namespace : ''];
  return `${parts.filter((part) => part !== '').map(safeFilePart).join('.')}.yaml`;
}

function safeFilePart(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_');
}

function kustomizationFile(folder: string, resources: string[], environment: string): RenderedFile {
  const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources };
  return { path: `${folder}/${KUSTOMIZATION_FILE}`, content: emitDocument(kustomization), environment, resources: [] };
}

/** A Namespace in the platform app for each app namespace that no object declares. */
function generatedNamespaces(objects: readonly Collected[], namespaces: ReadonlyMap<string, string>): Collected[] {
  const declared = new Set(objects.filter((entry) => entry.kind === 'Namespace' && entry.apiVersion === 'v1').map((entry) => entry.name));
  // Namespace to the first app (in declaration order) that uses it as its own.
  const used = new Map<string, string>();
  for (const entry of objects) {
    const appNamespace = namespaces.get(entry.declaredBy);
    if (entry.namespace !== undefined && entry.namespace === appNamespace && !used.has(entry.namespace)) used.set(entry.namespace, entry.declaredBy);
  }
  return [...used.keys()]
    .filter((name) => !declared.has(name))
    .sort(compareCodeUnits)
    .map((name) => ({
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      constructPath: `(namespace of app ${used.get(name)})`,
      declaredBy: PLATFORM_APP,
      apiVersion: 'v1',
      kind: 'Namespace',
      name,
      app: PLATFORM_APP,
      path: '',
    }));
}

/**
 * Drops objects that would write the same file or define the same object twice (same group, kind,
 * namespace and name), reporting each clash with both constructs.
 */
function withoutCollisions(
  objects: readonly Collected[],
  label: string,
  problem: (file: string, constructPath: string | undefined, finding: Finding, identity?: Partial<ResourceIdentity>) => void,
): Collected[] {
  const byPath = new Map<string, Collected>();
  const byIdentity = new Map<string, Collected>();
  const kept: Collected[] = [];
  for (const entry of objects) {
    const identity = `${groupOf(entry.apiVersion)}/${entry.kind}/${entry.namespace ?? ''}/${entry.name}`;
    // Bundles hold many objects per file; there only the identity can clash.
    const pathKey = entry.path.endsWith(`/${entry.app}.yaml`) ? undefined : entry.path.toLowerCase();
    const other = byIdentity.get(identity) ?? (pathKey === undefined ? undefined : byPath.get(pathKey));
    if (other) {
      const where = entry.namespace ? ` in namespace "${entry.namespace}"` : '';
      const same = other.path === entry.path ? `both would write ${label}/${entry.path}` : `they would write ${label}/${other.path} and ${label}/${entry.path}`;
      problem(`${label}/${entry.path}`, entry.constructPath, {
        rule: 'synth-collision',
        severity: 'error',
        path: 'metadata.name',
        message: `${entry.kind} "${entry.name}"${where} is defined twice: by construct ${other.constructPath} and by construct ${entry.constructPath}; ${same}`,
        hint: 'Give one of the objects another name (or namespace), or remove the duplicate.',
      }, identityOf(entry));
      continue;
    }
    byIdentity.set(identity, entry);
    if (pathKey !== undefined) byPath.set(pathKey, entry);
    kept.push(entry);
  }
  return kept;
}
