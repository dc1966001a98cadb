// The validation gate: every object of an environment is checked (strict schema, CRDs, duplicates, and
// the cross-resource rules) before anything is written. Any error finding stops the whole run.
import { relative, sep } from 'node:path';
import type { KubernetesVersion } from '../k8s/versions';
import { validateObjects, type Finding, type ResourceResult } from '../validate';
import { isCustomResourceDefinition } from '../validate/crd';
import { documentsOf, findManifestFiles, readInputs } from '../validate/files';
import { ConfigError } from './config';
import { runRules, type RulesConfig, type RuleSubject } from '../validate/rules';
import type { Manifest } from './normalize';

/** The ways synth learns a CRD, named in the `unknown-kind` finding of a custom resource it cannot check. */
export const SYNTH_CRD_ADVICE =
  'make its CustomResourceDefinition known to synth: generate a class with `kubeforge import CRD-FILE` and use it, ' +
  'list the CRD file under `kubeforge.crds` in cdk8s.yaml, or render the CRD in the program';

/**
 * The CustomResourceDefinitions of the files and folders listed in cdk8s.yaml (`kubeforge.crds`).
 * A path that cannot be read, or holds no CRD, is a configuration error.
 */
export function loadConfiguredCrds(paths: readonly string[]): unknown[] {
  const shown = (path: string) => relative(process.cwd(), path).split(sep).join('/') || '.';
  const found = findManifestFiles(paths);
  const read = readInputs(found.files);
  const failure = [...found.errors, ...read.errors][0];
  if (failure) {
    throw new ConfigError(`cdk8s.yaml: kubeforge.crds: ${shown(failure.file)}: ${failure.findings[0]?.message ?? 'cannot be read'}; fix the path or remove the entry`);
  }
  const crds: unknown[] = [];
  for (const input of read.inputs) {
    let documents: unknown[];
    try {
      documents = documentsOf(input.text);
    } catch (error) {
      throw new ConfigError(`cdk8s.yaml: kubeforge.crds: ${shown(input.file)} is not valid YAML (${(error as Error).message}); fix the file`);
    }
    const definitions = documents.filter(isCustomResourceDefinition);
    if (definitions.length === 0 && paths.includes(input.file)) {
      throw new ConfigError(`cdk8s.yaml: kubeforge.crds: ${shown(input.file)} holds no CustomResourceDefinition; list CRD files or folders only`);
    }
    crds.push(...definitions);
  }
  return crds;
}

/** An object about to be written, with where it comes from and where it goes. */
export interface GateSubject {
  readonly object: Manifest;
  /** Output path (with the output folder), e.g. `dist/dev/web/Deployment.apps.api.yaml`. */
  readonly file: string;
  readonly document: number;
  readonly constructPath?: string;
}

export interface GateOptions {
  readonly kubernetesVersion: KubernetesVersion;
  readonly strict: boolean;
  /** CustomResourceDefinitions beyond those among the objects: imported, listed in cdk8s.yaml, rendered by other apps, the bundled delivery CRDs. */
  readonly crds?: readonly unknown[];
  /** Rule settings from cdk8s.yaml (`kubeforge.rules`), handed to the cross-resource rules. */
  readonly rules?: Readonly<Record<string, unknown>>;
  readonly skipKinds?: readonly string[];
  readonly ignoreMissingSchemas?: boolean;
  /** Namespaces that exist without a Namespace object of the run, e.g. the GitOps tool's own (`argocd`, `flux-system`). @default none */
  readonly knownNamespaces?: readonly string[];
}

/** The rules of lib/validate/rules over all objects of one environment: findings per subject index. */
export function checkAcrossResources(
  subjects: readonly { readonly object: Manifest; readonly index: number }[],
  options: GateOptions,
): Map<number, Finding[]> {
  const config = { rules: options.rules as RulesConfig['rules'] };
  // Known namespaces reach the rules as Namespace objects that only the rules see (never validated or
  // written), so `namespace-missing` and the other rules treat them as existing; their own findings are dropped.
  const known = (options.knownNamespaces ?? []).map((name, offset) => ({
    object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    index: -1 - offset,
  }));
  const ruleSubjects = known.length === 0 ? subjects : [...subjects, ...known];
  const { findings } = runRules(ruleSubjects as readonly RuleSubject[], config, { kubernetesVersion: options.kubernetesVersion });
  for (const subject of known) findings.delete(subject.index);
  return findings;
}

/** Results of the objects that have findings (any severity), in the order of `subjects`. */
export function gate(subjects: readonly GateSubject[], options: GateOptions): ResourceResult[] {
  const report = validateObjects(
    subjects.map((subject) => ({ object: subject.object, file: subject.file, document: subject.document, constructPath: subject.constructPath })),
    {
      kubernetesVersion: options.kubernetesVersion,
      strict: options.strict,
      crds: options.crds,
      skipKinds: options.skipKinds,
      ignoreMissingSchemas: options.ignoreMissingSchemas,
      findingSettings: { rules: options.rules as RulesConfig['rules'] },
      crdAdvice: SYNTH_CRD_ADVICE,
    },
  );
  const extra = checkAcrossResources(subjects.map((subject, index) => ({ object: subject.object, index })), options);
  const subjectIndex = new Map(subjects.map((subject, index) => [`${subject.file}#${subject.document}`, index]));
  const results: ResourceResult[] = [];
  for (const result of report.results) {
    const index = subjectIndex.get(`${result.file}#${result.document}`);
    const added = index === undefined ? [] : extra.get(index) ?? [];
    const findings = [...result.findings, ...added];
    if (findings.length === 0 && result.status !== 'invalid' && result.status !== 'error') continue;
    const hasError = findings.some((finding) => finding.severity === 'error');
    const status = result.status === 'error' ? 'error' : hasError ? 'invalid' : result.status;
    results.push({ ...result, status, findings });
  }
  return results;
}

/** Number of findings at error severity (plus results in error without findings). */
export function countErrors(results: readonly ResourceResult[]): number {
  let errors = 0;
  for (const result of results) {
    const count = result.findings.filter((finding) => finding.severity === 'error').length;
    errors += count > 0 ? count : result.status === 'invalid' || result.status === 'error' ? 1 : 0;
  }
  return errors;
}

export function countWarnings(results: readonly ResourceResult[]): number {
  return results.reduce((total, result) => total + result.findings.filter((finding) => finding.severity === 'warning').length, 0);
}
