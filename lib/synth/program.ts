// The program model: environments with values, apps as functions of (scope, environment),
// one cdk8s App per environment with one Chart per app.
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';

/** An environment as an app sees it: its name and its values. */
export interface Environment<Values = unknown> {
  readonly name: string;
  readonly values: Values;
}

/** Builds an app's objects into `scope` (a Chart of its own) for one environment. */
export type AppBuilder<Values = unknown> = (scope: Chart, environment: Environment<Values>) => void;

export interface AppOptions<Values = unknown> {
  /** Builds the app's objects. */
  readonly build: AppBuilder<Values>;
  /** Namespace given to the app's namespaced objects that set none. @default the app's name */
  readonly namespace?: string | ((environment: Environment<Values>) => string);
  /** Environments the app is rendered in. @default every environment */
  readonly environments?: readonly string[];
}

export interface Program<Values = unknown> {
  /** Environments by name (a DNS label), each with the values its apps read. */
  readonly environments: Readonly<Record<string, Values>>;
  /** Apps by name (a DNS label): a builder, or options with a builder. */
  readonly apps: Readonly<Record<string, AppBuilder<Values> | AppOptions<Values>>>;
}

/** The app that receives cluster-scoped objects and Namespaces of every app in an environment. */
export const PLATFORM_APP = 'platform';
/** Top-level folder of the delivery objects; no environment may take this name. */
export const DELIVERY_FOLDER = 'delivery';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Declares the program: the environments with their values and the apps rendered in them. Names are
 * checked here, so mistakes surface where they are made. Export the result as the entry's default
 * export; when that entry is run directly (`node .build/apps/main.js`, the `app:` of cdk8s.yaml), it
 * renders the GitOps tree as `kubeforge synth` does.
 */
export function defineProgram<Values>(program: Program<Values>): Program<Values> {
  const problems = programProblems(program);
  if (problems.length > 0) throw new Error(`defineProgram: ${problems.join('; ')}`);
  const entry = require.main;
  // The entry's exports are complete only once it has run to its end; then it is known whether it exports this program.
  if (entry) setImmediate(() => exportsProgram(entry.exports, program) && (require('./script') as typeof import('./script')).synthesizeAsMain(program));
  return program;
}

function exportsProgram(exported: unknown, program: Program<any>): boolean {
  const module = exported as { default?: unknown; program?: unknown } | undefined;
  return module === program || module?.default === program || module?.program === program;
}

/** What is wrong with a program's shape, as messages that say how to fix it. */
export function programProblems(program: unknown): string[] {
  const candidate = program as Partial<Program> | undefined;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.environments !== 'object' || typeof candidate.apps !== 'object') {
    return ["the program must be an object with `environments` and `apps`: `export default defineProgram({ environments, apps })` with defineProgram from 'kubeforge'"];
  }
  const problems: string[] = [];
  const environmentNames = Object.keys(candidate.environments ?? {});
  if (environmentNames.length === 0) problems.push('the program declares no environments');
  for (const name of environmentNames) {
    if (!DNS_LABEL.test(name)) problems.push(`environment "${name}": names must be DNS labels (lowercase letters, digits, "-")`);
    if (name === DELIVERY_FOLDER) problems.push(`environment "${name}": the name is reserved for delivery objects; choose another`);
  }
  if (Object.keys(candidate.apps ?? {}).length === 0) problems.push('the program declares no apps; add one to `apps`, e.g. `apps: { web: (scope, environment) => { new Deployment(scope, \'web\', ...) } }`');
  for (const [name, definition] of Object.entries(candidate.apps ?? {})) {
    if (name === PLATFORM_APP) problems.push(`app "${name}": the name is reserved for the cluster-scoped objects and Namespaces of every app; choose another`);
    if (!DNS_LABEL.test(name)) problems.push(`app "${name}": names must be DNS labels (lowercase letters, digits, "-")`);
    if (typeof definition !== 'function' && typeof (definition as AppOptions)?.build !== 'function') {
      problems.push(`app "${name}": expected a function (scope, environment) => void or { build, namespace?, environments? }`);
    }
    for (const environment of (definition as AppOptions)?.environments ?? []) {
      if (!environmentNames.includes(environment)) problems.push(`app "${name}": unknown environment "${environment}"`);
    }
  }
  return problems;
}

/** One app as declared, resolved for an environment. */
export interface ResolvedApp<Values = unknown> {
  readonly name: string;
  readonly namespace: string;
  readonly build: AppBuilder<Values>;
}

/** The apps rendered in an environment, in declaration order. */
export function appsOf<Values>(program: Program<Values>, environmentName: string): ResolvedApp<Values>[] {
  const environment: Environment<Values> = { name: environmentName, values: program.environments[environmentName] };
  const apps: ResolvedApp<Values>[] = [];
  for (const [name, definition] of Object.entries(program.apps)) {
    const options: AppOptions<Values> = typeof definition === 'function' ? { build: definition } : definition;
    if (options.environments && !options.environments.includes(environmentName)) continue;
    const namespace = typeof options.namespace === 'function' ? options.namespace(environment) : options.namespace ?? name;
    apps.push({ name, namespace, build: options.build });
  }
  return apps;
}

const ENVIRONMENTS = new WeakMap<App, Environment>();

/** The environment a construct is being built for (from any scope inside an app). */
export function environmentOf<Values = unknown>(scope: Construct): Environment<Values> {
  const root = scope.node.root;
  const environment = root instanceof App ? ENVIRONMENTS.get(root) : undefined;
  if (!environment) throw new Error(`construct ${scope.node.path || '(root)'} is not inside a kubeforge environment`);
  return environment as Environment<Values>;
}

/** A cdk8s App built for one environment, with the chart of each app. */
export interface BuiltEnvironment {
  readonly environment: Environment;
  readonly app: App;
  readonly charts: readonly { readonly app: ResolvedApp; readonly chart: Chart }[];
  /** Apps whose builder threw, with the error. */
  readonly failures: readonly { readonly app: string; readonly error: unknown }[];
}

/** Builds the selected apps of one environment into a fresh cdk8s App. */
export function buildEnvironment<Values>(program: Program<Values>, environmentName: string, appNames?: ReadonlySet<string>): BuiltEnvironment {
  if (!(environmentName in program.environments)) throw new Error(`unknown environment "${environmentName}"`);
  const environment: Environment<Values> = { name: environmentName, values: program.environments[environmentName] };
  const app = new App({ outdir: '.' });
  ENVIRONMENTS.set(app, environment);
  const charts: { app: ResolvedApp; chart: Chart }[] = [];
  const failures: { app: string; error: unknown }[] = [];
  for (const resolved of appsOf(program, environmentName)) {
    if (appNames && !appNames.has(resolved.name)) continue;
    // No chart namespace: synth stamps the app's namespace on namespaced kinds only.
    const chart = new Chart(app, resolved.name, { disableResourceNameHashes: true });
    try {
      resolved.build(chart, environment);
    } catch (error) {
      failures.push({ app: resolved.name, error });
    }
    charts.push({ app: resolved as ResolvedApp, chart });
  }
  return { environment, app, charts, failures };
}
