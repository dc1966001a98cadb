// Renders the example apps as `kubeforge synth` does (one chart per app, namespaces stamped, noise removed, config checksums),
// and checks them with the strict schemas and the rules.
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Resource } from '../../lib';
import { exampleApps, exampleEnvironments } from '../../apps';
import type { Values } from '../../apps/values';
import type { AppBuilder, AppOptions } from '../../lib/synth';
import { addChecksumAnnotations } from '../../lib/synth/checksum';
import { applyNamespace, cleanManifest } from '../../lib/synth/normalize';
import { compareCodeUnits, installRank, ScopeRegistry } from '../../lib/synth/kinds';
import { validateObjects } from '../../lib/validate';
import type { Finding } from '../../lib/validate';
import { runRules } from '../../lib/validate/rules';

export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
};

export type AppName = keyof typeof exampleApps;
export type EnvironmentName = keyof typeof exampleEnvironments;

export const APP_NAMES = Object.keys(exampleApps) as AppName[];
export const ENVIRONMENT_NAMES = Object.keys(exampleEnvironments) as EnvironmentName[];

export interface RenderedApp {
  readonly namespace: string;
  /** Objects in install order, then by name. */
  readonly objects: Manifest[];
  /** Problems the constructs report at synth. */
  readonly problems: string[];
}

/** An app built into its own chart, not yet rendered: its constructs can still be changed. */
export interface BuiltApp {
  readonly chart: Chart;
  readonly namespace: string;
}

/** Builds one app for one environment; `values` replaces the environment's values (to test what changes with them). */
export function buildApp(app: AppName, environment: EnvironmentName, values: Values = exampleEnvironments[environment]): BuiltApp {
  const definition: AppBuilder<Values> | AppOptions<Values> = exampleApps[app];
  const options: AppOptions<Values> = typeof definition === 'function' ? { build: definition } : definition;
  const namespace = typeof options.namespace === 'function' ? options.namespace({ name: environment, values }) : (options.namespace ?? app);
  const chart = new Chart(Testing.app(), app, { disableResourceNameHashes: true });
  options.build(chart, { name: environment, values });
  return { chart, namespace };
}

/** Renders a built app: construct problems, and the objects with namespaces stamped, noise removed and config checksums added. */
export function renderBuilt({ chart, namespace }: BuiltApp): RenderedApp {
  const constructs = chart.node.findAll();
  const problems = constructs.flatMap((construct) => construct.node.validate());
  const objects: Manifest[] = [];
  // Objects that are not kubeforge Resources (a CustomResourceDefinition an app renders) take their scope from their kind;
  // `instanceof Resource` cannot tell (cdk8s's ApiObject answers instanceof for every ApiObject).
  const scopes = new ScopeRegistry();
  for (const construct of constructs) {
    if (!ApiObject.isApiObject(construct)) continue;
    const object = cleanManifest(construct.toJson()) as Manifest;
    const type = (construct as Partial<Resource>).resourceType;
    const clusterScoped = type ? type.clusterScoped : scopes.isClusterScoped(object.apiVersion, object.kind);
    applyNamespace(object, clusterScoped, namespace);
    objects.push(object);
  }
  addChecksumAnnotations(objects);
  objects.sort((a, b) => installRank(a.kind) - installRank(b.kind) || compareCodeUnits(a.metadata.name, b.metadata.name));
  return { namespace, objects, problems };
}

export function renderApp(app: AppName, environment: EnvironmentName, values?: Values): RenderedApp {
  return renderBuilt(buildApp(app, environment, values));
}

/**
 * Schema and rule findings of an app's objects, as `Kind/name: [rule] severity path: message` lines; the app's
 * Namespace is added as synth adds it to the platform app.
 */
export function findingsOf(app: RenderedApp): { severity: string; line: string }[] {
  const objects: Manifest[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: app.namespace } }, ...app.objects];
  const lines: { severity: string; line: string }[] = [];
  const report = validateObjects(objects.map((object) => ({ object })), {});
  for (const result of report.results) {
    for (const finding of result.findings) lines.push(describeFinding(`${result.kind}/${result.name}`, finding));
    if (result.status === 'invalid' || result.status === 'error') {
      if (result.findings.length === 0) lines.push({ severity: 'error', line: `${result.kind}/${result.name}: ${result.status}` });
    }
  }
  const { findings } = runRules(objects.map((object, index) => ({ object, index })), {}, { kubernetesVersion: '1.36' });
  for (const [index, found] of findings) {
    const object = objects[index];
    for (const finding of found) lines.push(describeFinding(`${object.kind}/${object.metadata.name}`, finding));
  }
  return lines;
}

function describeFinding(where: string, finding: Finding): { severity: string; line: string } {
  return { severity: finding.severity, line: `${where}: [${finding.rule}] ${finding.severity} ${finding.path}: ${finding.message}` };
}

/** The one object of this kind and name. */
export function find(objects: readonly Manifest[], kind: string, name: string): Manifest {
  const matches = objects.filter((object) => object.kind === kind && object.metadata.name === name);
  if (matches.length !== 1) throw new Error(`expected one ${kind} "${name}", found ${matches.length}`);
  return matches[0];
}

export function ofKind(objects: readonly Manifest[], kind: string): Manifest[] {
  return objects.filter((object) => object.kind === kind);
}
