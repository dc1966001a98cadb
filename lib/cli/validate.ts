// `kubeforge validate [PATH...]`: strict schema validation of manifest files, for CI.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isKubernetesVersion, KUBERNETES_VERSIONS, type KubernetesVersion } from '../k8s/versions';
import { decodeManifest, documentsOf } from '../validate/files';
import { exitCodeOf } from '../validate/result';
import { REPORTERS } from '../validate/report';
import type { RulesConfig } from '../validate/rules';
import { IgnorePatternError } from '../validate/ignore';
import { validatePaths } from '../validate/run';
import { parseArgs, UsageError } from './args';
import type { CommandIo } from './io';

export const VALIDATE_HELP = `Usage: kubeforge validate [flags] [PATH...]

Validates Kubernetes manifests (*.yaml, *.yml, *.json; folders recursively; - or no path reads stdin)
against strict schemas of the chosen Kubernetes version.

Flags:
  -o, --output FORMAT           text (default), json, junit or sarif
      --kubernetes-version V    ${KUBERNETES_VERSIONS.join(', ')} (default ${KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1]})
      --no-strict               allow fields the schema does not know
      --ignore-missing-schemas  skip objects whose apiVersion/kind has no schema
      --crd PATH                CustomResourceDefinition file or folder (repeatable)
      --skip KIND               do not validate KIND or apiVersion/KIND (repeatable, comma-separated)
      --reject KIND             report KIND or apiVersion/KIND as an error (repeatable, comma-separated)
      --rule ID=SETTING         set a rule or a validator finding id (schema, duplicate-object, crd-schema, ...)
                                to off, error, warning or info (repeatable, comma-separated)
      --whole                   the input is the whole application: references to objects absent from it are
                                errors (a folder with a kustomization.yaml is whole on its own)
      --ignore-filename-pattern REGEX
                                leave out files whose path (relative to the working folder) matches REGEX (RE2
                                syntax; repeatable; a comma separates patterns, write \x2c for a comma in one)
      --no-rules                check schemas only, no rules
      --config FILE             read rule settings from this cdk8s.yaml (default: ./cdk8s.yaml when present)
      --summary                 print the counts line (text output)
      --workers N               also validate on N worker threads (default 0)
      --fail-if-empty           exit 1 when no resource was found (in CI: a wrong path or an empty render)
  -h, --help                    this help

Exit codes: 0 nothing invalid (also when no resource was found: the text output then says
"0 resources in N files"), 1 an object is invalid or in error, or none was found with --fail-if-empty,
2 usage error.
`;

const FLAGS = {
  output: { value: true, short: 'o' },
  'kubernetes-version': { value: true },
  strict: { negatable: true },
  'ignore-missing-schemas': {},
  crd: { value: true, repeatable: true },
  skip: { value: true, repeatable: true },
  reject: { value: true, repeatable: true },
  summary: {},
  rule: { value: true, repeatable: true },
  rules: { negatable: true },
  whole: {},
  'ignore-filename-pattern': { value: true, repeatable: true },
  config: { value: true },
  workers: { value: true },
  'fail-if-empty': {},
  help: { short: 'h' },
};

export function parseKubernetesVersion(value: string): KubernetesVersion {
  const normalized = value.replace(/^v/, '').replace(/^(\d+\.\d+)\.0$/, '$1');
  if (!isKubernetesVersion(normalized)) {
    throw new UsageError(`--kubernetes-version ${value} is not bundled; use one of ${KUBERNETES_VERSIONS.join(', ')}`);
  }
  return normalized;
}

/** Rule settings (for the rules and the validator's own findings): cdk8s.yaml's `kubeforge.rules` first, then `--rule` flags. */
export async function rulesConfig(flags: Map<string, string | boolean | string[]>, io: CommandIo): Promise<RulesConfig> {
  const { mergeRulesConfigs, parseRuleFlags, parseRulesConfig, RulesConfigError } = await import('../validate/rules');
  const explicit = flags.get('config') as string | undefined;
  const configFile = resolve(io.cwd, explicit ?? 'cdk8s.yaml');
  let fromFile: RulesConfig = {};
  try {
    if (explicit !== undefined || existsSync(configFile)) {
      const document = documentsOf(readFileSync(configFile, 'utf8'))[0] as { kubeforge?: { rules?: unknown } } | null;
      fromFile = parseRulesConfig({ rules: document?.kubeforge?.rules });
    }
    return mergeRulesConfigs(fromFile, parseRuleFlags((flags.get('rule') as string[] | undefined) ?? []));
  } catch (error) {
    const where = error instanceof RulesConfigError && !(flags.get('rule') as string[] | undefined)?.length ? `${configFile}: kubeforge.rules: ` : '';
    throw new UsageError(`${where}${(error as Error).message}`);
  }
}

export async function runValidateCommand(argv: string[], io: CommandIo): Promise<number> {
  const { flags, positionals } = parseArgs(argv, FLAGS);
  if (flags.get('help')) {
    io.stdout.write(VALIDATE_HELP);
    return 0;
  }
  const output = (flags.get('output') as string | undefined) ?? 'text';
  const reporter = REPORTERS[output];
  if (!reporter) throw new UsageError(`--output ${output} is not a format; use text, json, junit or sarif`);
  const workersFlag = flags.get('workers') as string | undefined;
  if (workersFlag !== undefined && !/^\d+$/.test(workersFlag)) throw new UsageError('--workers needs a whole number');
  if (positionals.length === 0 && io.stdinIsTerminal) {
    throw new UsageError('no PATH given, and standard input is a terminal: pass files or folders (kubeforge validate dist/dev), or pipe manifests in (kubectl get deploy -o yaml | kubeforge validate)');
  }
  if (positionals.includes('-') && io.stdinIsTerminal) io.stderr.write('kubeforge validate: reading manifests from standard input; end with Ctrl-D\n');
  const paths = positionals.length === 0 ? ['-'] : positionals;
  const report = await validatePaths({
    paths,
    stdin: paths.includes('-') ? decodeManifest(readFileSync(0)) : undefined,
    kubernetesVersion: flags.has('kubernetes-version') ? parseKubernetesVersion(flags.get('kubernetes-version') as string) : undefined,
    strict: flags.get('strict') !== false,
    ignoreMissingSchemas: flags.get('ignore-missing-schemas') === true,
    crdPaths: (flags.get('crd') as string[] | undefined) ?? [],
    skipKinds: flags.get('skip') as string[] | undefined,
    rejectKinds: flags.get('reject') as string[] | undefined,
    workers: workersFlag === undefined ? undefined : Number(workersFlag),
    rules: await rulesConfig(flags, io),
    checkRules: flags.get('rules') !== false,
    whole: flags.get('whole') === true,
    ignoreFilenamePatterns: (flags.get('ignore-filename-pattern') as string[] | undefined) ?? [],
    cwd: io.cwd,
  }).catch((error: unknown) => {
    if (error instanceof IgnorePatternError) throw new UsageError(error.message);
    throw error;
  });
  // Each chunk waits until the reader took the ones before (a pipe to a slow reader would otherwise hold the
  // whole report in memory).
  for (const chunk of reporter(report, { summary: flags.get('summary') === true })) {
    if (io.stdout.write(chunk) === false) await new Promise<void>((resolve) => io.stdout.once('drain', () => resolve()));
  }
  if (flags.get('fail-if-empty') === true && report.summary.resources === 0) return 1;
  return exitCodeOf(report);
}
