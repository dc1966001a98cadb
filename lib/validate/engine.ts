// Validates Kubernetes objects: identity (apiVersion, kind), schema (strict, per Kubernetes version or CRD),
// list-map duplicates, and the same object defined twice. Plain data in, plain results out.
import type { ErrorObject } from 'ajv';
import { DEFAULT_KUBERNETES_VERSION, type KubernetesVersion } from '../k8s/versions';
import { CrdRegistry, isCustomResourceDefinition } from './crd';
import { FORMAT_EXPECTATIONS } from './formats';
import { findListMapDuplicates, ListMapPlanner } from './list-maps';
import { detached, formatPath, summarize, type Finding, type Report, type ResourceResult, type ResourceStatus } from './result';
import { gradeValidatorFindings } from './grade';
import { IGNORE_ANNOTATION } from './rules/annotations';
import type { RulesConfig } from './rules/types';
import { schemaSet, type JsonSchema, type SchemaSet } from './schema';
import { closest } from '../suggest';

export interface ValidateOptions {
  /** Kubernetes version whose schemas apply. @default newest bundled */
  readonly kubernetesVersion?: KubernetesVersion;
  /** Reject fields the schema does not know. @default true */
  readonly strict?: boolean;
  /** Skip objects whose apiVersion/kind has no schema instead of reporting them. @default false */
  readonly ignoreMissingSchemas?: boolean;
  /** CustomResourceDefinition objects whose custom resources can be validated. */
  readonly crds?: readonly unknown[];
  /** Kinds (`Kind` or `apiVersion/Kind`) not validated at all. */
  readonly skipKinds?: readonly string[];
  /** Kinds (`Kind` or `apiVersion/Kind`) that are an error wherever they appear. */
  readonly rejectKinds?: readonly string[];
  /** Settings (`kubeforge.rules`) that turn off or re-grade the validator's own findings (schema, duplicate-object, ...). */
  readonly findingSettings?: RulesConfig;
  /** How to make a CRD known, in `unknown-kind` messages (synth has no --crd flag). @default `pass its CustomResourceDefinition with --crd` */
  readonly crdAdvice?: string;
}

export interface SourcedObject {
  readonly object: unknown;
  readonly file?: string;
  readonly document?: number;
  readonly constructPath?: string;
}

/** A finding before positions are known: the path as segments, to be located in the file later. */
export interface PendingFinding extends Finding {
  /** The path as segments; absent on rule findings, whose path is parsed only when the finding is placed. */
  readonly segments?: readonly (string | number)[];
}

export interface PendingResult extends ResourceResult {
  readonly findings: PendingFinding[];
  /** Where the object sits inside its document (`items[3]` of a List). */
  readonly prefix: readonly (string | number)[];
  readonly group?: string;
  /** The object itself while its file is checked, then only what the cross-resource rules need (never part of a report). */
  object?: Record<string, unknown>;
  /** The object's kubeforge.io/ignore annotation, for the validator's own findings. */
  readonly ignore?: string;
  /** The whole object, kept only when a caller asks for the objects (kubeforge graph). */
  kept?: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (isRecord(value)) return 'object';
  return typeof value;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'a mapping';
}

function pointerSegments(pointer: string, value: unknown): (string | number)[] {
  if (pointer === '') return [];
  const segments: (string | number)[] = [];
  let current = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      segments.push(index);
      current = current[index];
    } else {
      segments.push(segment);
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return segments;
}

function valueAt(value: unknown, segments: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Identity strings repeat (kinds, namespaces): one copy each, found by value. */
const ownStrings = new Map<string, string>();

/** A string that holds its own characters (not a slice of a larger text), shared by equal values. */
function ownString(value: string): string {
  let own = ownStrings.get(value);
  if (own === undefined) {
    own = detached(value);
    if (ownStrings.size < 100_000) ownStrings.set(own, own);
  }
  return own;
}

function matchesKindList(list: readonly string[] | undefined, apiVersion: string, kind: string): boolean {
  return list !== undefined && (list.includes(kind) || list.includes(`${apiVersion}/${kind}`));
}

/** One run of validation: the schemas, CRDs and options that every object of the run is checked with. */
export class Validator {
  readonly version: KubernetesVersion;
  readonly strict: boolean;
  readonly schemas: SchemaSet;
  readonly crds: CrdRegistry;
  private readonly planner: ListMapPlanner;
  private readonly plans = new Map<string, ReturnType<ListMapPlanner['plan']>>();

  constructor(readonly options: ValidateOptions = {}) {
    this.version = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    this.strict = options.strict ?? true;
    this.schemas = schemaSet(this.version);
    this.crds = new CrdRegistry(this.schemas);
    this.planner = new ListMapPlanner(this.schemas.definitions);
    for (const crd of options.crds ?? []) this.crds.add(crd, 'given CRD');
  }

  /** Registers the CRDs among the objects of a run (they define kinds used by the other objects). */
  registerCrds(objects: readonly unknown[], source: string): void {
    objects.forEach((object, document) => {
      if (isCustomResourceDefinition(object)) this.crds.add(object, source, document);
    });
  }

  /**
   * One result per CRD with a dropped keyword that is not among the checked inputs (those carry their own
   * findings) and whose kinds the results use.
   */
  crdProblemResults(checkedSources: ReadonlySet<string>, results: readonly PendingResult[]): PendingResult[] {
    const usedKinds = new Set(results.map((result) => `${result.apiVersion}/${result.kind}`));
    return this.crds.withProblemsOutside(checkedSources, usedKinds).map(({ source, document, crd, problems }) => ({
      file: source, document, prefix: [], apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: crd, group: 'apiextensions.k8s.io', status: 'invalid',
      findings: problems.map((problem) => ({ rule: 'crd-schema', severity: 'error', message: problem.message, path: formatPath(problem.segments), segments: problem.segments })),
    }));
  }

  /**
   * Results for one document: one per object (a List gives one per item); empty documents give none.
   * Positions are not known here; see `locate` in files.ts.
   */
  checkDocument(value: unknown, file: string, document: number, constructPath?: string): PendingResult[] {
    if (value === null || value === undefined) return [];
    if (!isRecord(value)) {
      return [this.failure(file, document, [], constructPath, 'not-an-object', `the document is ${describeValue(value)}, not a Kubernetes object; write a mapping with apiVersion, kind and metadata`)];
    }
    const kind = value.kind;
    if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(value.items) && typeof value.apiVersion === 'string') {
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      return value.items.flatMap((item, index) => {
        const withIdentity = isRecord(item) && itemKind !== undefined ? { apiVersion: value.apiVersion, kind: itemKind, ...item } : item;
        return this.checkObject(withIdentity, file, document, ['items', index], constructPath);
      });
    }
    return this.checkObject(value, file, document, [], constructPath);
  }

  private failure(file: string, document: number, prefix: readonly (string | number)[], constructPath: string | undefined, rule: string, message: string, segments: (string | number)[] = []): PendingResult {
    return {
      file, document, prefix, constructPath, status: 'error',
      findings: [{ rule, severity: 'error', message, path: formatPath(segments), segments }],
    };
  }

  checkObject(value: unknown, file: string, document: number, prefix: readonly (string | number)[], constructPath?: string): PendingResult[] {
    if (!isRecord(value)) {
      return [this.failure(file, document, prefix, constructPath, 'not-an-object', `the item is ${describeValue(value)}, not a Kubernetes object`)];
    }
    const missing: PendingFinding[] = [];
    for (const field of ['apiVersion', 'kind'] as const) {
      const given = value[field];
      if (typeof given !== 'string' || given === '') {
        const why = given === undefined ? 'is missing' : given === null ? 'is null' : `is ${describeValue(given)}`;
        const example = field === 'kind' ? 'a kind such as Deployment' : 'an apiVersion such as apps/v1';
        missing.push({ rule: field === 'kind' ? 'missing-kind' : 'missing-api-version', severity: 'error', message: `${field} ${why}; every object needs ${example}`, path: field, segments: given === undefined ? [] : [field] });
      }
    }
    const metadata = isRecord(value.metadata) ? value.metadata : undefined;
    // Results outlive their file's text: identity strings are copied, as a slice would keep the whole text alive.
    const name = typeof metadata?.name === 'string' ? ownString(metadata.name) : undefined;
    const namespace = typeof metadata?.namespace === 'string' ? ownString(metadata.namespace) : undefined;
    const apiVersion = typeof value.apiVersion === 'string' ? ownString(value.apiVersion) : undefined;
    const kind = typeof value.kind === 'string' ? ownString(value.kind) : undefined;
    const group = apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const annotations = isRecord(metadata?.annotations) ? metadata.annotations : undefined;
    const ignore = typeof annotations?.[IGNORE_ANNOTATION] === 'string' ? (annotations[IGNORE_ANNOTATION] as string) : undefined;
    // One object literal with every field (no spread): this runs for every object of a run.
    const result = (status: ResourceStatus, findings: PendingFinding[], object?: Record<string, unknown>): PendingResult[] => [
      { file, document, prefix, constructPath, apiVersion, kind, name, namespace, group, status, findings, object, ignore },
    ];
    if (missing.length > 0 || apiVersion === undefined || kind === undefined) return result('error', missing);

    if (matchesKindList(this.options.skipKinds, apiVersion, kind)) return result('skipped', []);
    if (matchesKindList(this.options.rejectKinds, apiVersion, kind)) {
      return result('invalid', [{ rule: 'rejected-kind', severity: 'error', message: `${kind} objects are rejected by --reject ${kind}; remove the object or the flag`, path: 'kind', segments: ['kind'] }]);
    }

    const findings: PendingFinding[] = [];
    const crdValidator = this.crds.validatorFor(apiVersion, kind);
    if (crdValidator instanceof Error) {
      return result('error', [{ rule: 'crd-schema', severity: 'error', message: crdValidator.message, path: '', segments: [] }]);
    }
    const validator = crdValidator ?? this.schemas.validatorFor(apiVersion, kind);
    const rootSchema = crdValidator ? this.crds.schemaOf(apiVersion, kind)! : this.schemas.definitionOf(apiVersion, kind);
    if (!validator || !rootSchema) {
      if (this.options.ignoreMissingSchemas) return result('skipped', []);
      return result('error', [{ rule: 'unknown-kind', severity: 'error', message: this.unknownKindMessage(apiVersion, kind), path: 'apiVersion', segments: ['apiVersion'] }]);
    }
    if (!validator(value)) findings.push(...this.schemaFindings(validator.errors ?? [], value, rootSchema));
    if (kind === 'CustomResourceDefinition' && name !== undefined) {
      for (const problem of this.crds.problemsOf(file, name)) {
        findings.push({ rule: 'crd-schema', severity: 'error', message: problem.message, path: formatPath(problem.segments), segments: [...problem.segments] });
      }
    }

    const planKey = `${apiVersion}/${kind}`;
    if (!this.plans.has(planKey)) this.plans.set(planKey, this.planner.plan(rootSchema));
    for (const duplicate of findListMapDuplicates(value, this.plans.get(planKey) ?? null)) {
      findings.push({ rule: 'list-map-duplicate', severity: 'error', message: duplicate.message, path: formatPath(duplicate.segments), segments: duplicate.segments });
    }
    return result(findings.some((finding) => finding.severity === 'error') ? 'invalid' : 'valid', findings, value);
  }

  private unknownKindMessage(apiVersion: string, kind: string): string {
    const served = [...this.schemas.apiVersionsOf(kind), ...this.crds.apiVersionsOf(kind)].filter((version) => !version.endsWith('List'));
    if (served.length > 0) {
      return `Kubernetes ${this.version} does not serve ${kind} in ${apiVersion}; use apiVersion ${served.map((version) => JSON.stringify(version)).join(' or ')}`;
    }
    const advice = this.options.crdAdvice;
    if (apiVersion.includes('.') || this.crds.size > 0) {
      return `no schema for ${apiVersion} ${kind}: ${advice ?? 'pass its CustomResourceDefinition with --crd, or --ignore-missing-schemas to skip such objects'}`;
    }
    return `no schema for ${apiVersion} ${kind} in Kubernetes ${this.version}; check the kind's spelling, or ${advice ?? 'pass its CRD with --crd'}`;
  }

  private propertyNamesAt(root: JsonSchema, segments: readonly (string | number)[]): string[] {
    let schemas: JsonSchema[] = [root];
    const expand = (list: JsonSchema[]): JsonSchema[] => list.flatMap((schema) => {
      const resolved = this.schemas.resolve(schema);
      const branches = [...((resolved.anyOf as JsonSchema[]) ?? []), ...((resolved.oneOf as JsonSchema[]) ?? []), ...((resolved.allOf as JsonSchema[]) ?? [])];
      return [resolved, ...expand(branches)];
    });
    for (const segment of segments) {
      schemas = expand(schemas).flatMap((schema) => {
        if (typeof segment === 'number') return isRecord(schema.items) ? [schema.items] : [];
        const properties = schema.properties as Record<string, JsonSchema> | undefined;
        if (properties?.[segment]) return [properties[segment]];
        return isRecord(schema.additionalProperties) ? [schema.additionalProperties] : [];
      });
    }
    // Only names of the strict nodes are accepted there: a name declared in a oneOf/anyOf branch alone is pruned too.
    return [...new Set(expand(schemas).filter((schema) => schema.additionalProperties === false).flatMap((schema) => Object.keys((schema.properties as object) ?? {})))];
  }

  private schemaFindings(errors: readonly ErrorObject[], value: Record<string, unknown>, root: JsonSchema): PendingFinding[] {
    const nullBranches = new Set(errors.filter((error) => error.keyword === 'type' && error.schemaPath.endsWith('/anyOf/0/type') && (error.params as { type?: string }).type === 'null').map((error) => error.schemaPath.slice(0, -'/0/type'.length)));
    const findings: PendingFinding[] = [];
    const seen = new Set<string>();
    for (const error of errors) {
      if (error.keyword === 'type' && nullBranches.has(error.schemaPath.slice(0, -'/0/type'.length)) && (error.params as { type?: string }).type === 'null') continue;
      if (error.keyword === 'anyOf' && nullBranches.has(error.schemaPath)) continue;
      if (error.keyword === 'additionalProperties' && !this.strict) continue;
      const segments = pointerSegments(error.instancePath, value);
      const actual = valueAt(value, segments);
      let message: string;
      let findingSegments = segments;
      switch (error.keyword) {
        case 'additionalProperties': {
          const field = (error.params as { additionalProperty: string }).additionalProperty;
          findingSegments = [...segments, field];
          const suggestion = closest(field, this.propertyNamesAt(root, segments));
          message = `unknown field ${JSON.stringify(field)}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : '; remove it (or use --no-strict to allow unknown fields)'}`;
          break;
        }
        case 'required': {
          const field = (error.params as { missingProperty: string }).missingProperty;
          message = `missing required field ${JSON.stringify(field)}`;
          break;
        }
        case 'type': {
          const expected = String((error.params as { type: string | string[] }).type).split(',').filter((type) => type !== 'null');
          message = `expected ${expected.join(' or ')}, got ${typeName(actual)} ${describeValue(actual)}`;
          if (typeof actual === 'string' && expected.includes('integer') && /^-?\d+$/.test(actual)) message += ' (remove the quotes)';
          if (typeof actual === 'boolean' && expected.includes('string')) message += ' (YAML reads yes/no/on/off/true/false as booleans: quote the value)';
          if (typeof actual === 'number' && expected.includes('string')) message += ' (quote the value to make it a string)';
          break;
        }
        case 'enum': {
          const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).filter((entry) => entry !== null);
          message = `${describeValue(actual)} is not allowed; expected one of ${allowed.map((entry) => JSON.stringify(entry)).join(', ')}`;
          break;
        }
        case 'format': {
          const format = (error.params as { format: string }).format;
          message = `${describeValue(actual)} is not ${FORMAT_EXPECTATIONS[format] ?? `in format ${format}`}`;
          break;
        }
        default:
          message = `${error.message ?? 'does not match the schema'}${actual === undefined ? '' : ` (got ${describeValue(actual)})`}`;
      }
      const path = formatPath(findingSegments);
      const dedupe = `${path}\u0000${message}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      findings.push({ rule: 'schema', severity: 'error', message, path, segments: findingSegments });
    }
    return findings;
  }
}

/** Identity for duplicate detection: the same group, kind, namespace and name twice is one object written twice. */
export function identityOf(result: PendingResult): string | undefined {
  if (result.name === undefined || result.kind === undefined || result.status === 'error') return undefined;
  return `${result.group ?? ''}\u0000${result.kind}\u0000${result.namespace ?? ''}\u0000${result.name}`;
}

/**
 * Marks every object after the first with the same identity; returns the results that got a finding.
 * `locateObject` gives the first definition a position, so the message can point at it.
 */
export function markDuplicateObjects(results: readonly PendingResult[], locateObject: (result: PendingResult) => void = () => {}): PendingResult[] {
  const first = new Map<string, PendingResult>();
  const marked: PendingResult[] = [];
  for (const result of results) {
    const identity = identityOf(result);
    if (identity === undefined) continue;
    const original = first.get(identity);
    if (!original) {
      first.set(identity, result);
      continue;
    }
    locateObject(original);
    const where = original.constructPath ?? `${original.file}${original.line ? `:${original.line}` : ` document ${original.document + 1}`}`;
    const namespace = result.namespace ? ` in namespace ${JSON.stringify(result.namespace)}` : '';
    result.findings.push({
      rule: 'duplicate-object', severity: 'error', path: 'metadata.name', segments: ['metadata', 'name'],
      message: `${result.kind} ${JSON.stringify(result.name)}${namespace} is already defined at ${where}; remove one or rename it`,
    });
    result.status = 'invalid';
    marked.push(result);
  }
  return marked;
}

/** A finding as reports see it; one that never had segments (the rules') is kept as it is, not copied. */
function withoutSegments(finding: PendingFinding): Finding {
  if (!('segments' in finding)) return finding;
  const { segments: _segments, ...rest } = finding;
  return rest;
}

/** Drops internal fields: what reports and callers see. */
export function finish(result: PendingResult): ResourceResult {
  const findings: Finding[] = result.findings.length === 0 ? [] : result.findings.map(withoutSegments);
  findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const { file, document, line, column, apiVersion, kind, name, namespace, constructPath, status } = result;
  return { file, document, line, column, apiVersion, kind, name, namespace, constructPath, status, findings };
}

/** Validates objects held in memory (synth, tests): schema, list-maps and duplicates; no positions. */
export function validateObjects(objects: readonly SourcedObject[], options: ValidateOptions = {}): Report {
  const validator = new Validator(options);
  objects.forEach((entry, index) => {
    if (isCustomResourceDefinition(entry.object)) validator.crds.add(entry.object, entry.file ?? '', entry.document ?? index);
  });
  const pending = objects.flatMap((entry, index) => validator.checkDocument(entry.object, entry.file ?? '', entry.document ?? index, entry.constructPath));
  pending.push(...validator.crdProblemResults(new Set(objects.map((entry) => entry.file ?? '')), pending));
  markDuplicateObjects(pending);
  const silenced = gradeValidatorFindings(pending, options.findingSettings);
  const results = pending.map(finish);
  return { kubernetesVersion: validator.version, strict: validator.strict, results, summary: summarize(results, silenced) };
}
