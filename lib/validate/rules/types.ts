// The data shapes of the rule engine; rules are plain objects of type Rule, one per file under checks/.

import type { Finding, Severity } from '../result';
import type { RuleContext } from './context';
import type { KubeObject, PathSegments } from './object';

/** What a rule reports on the object it was called with; the engine adds id, severity and the default hint. */
export interface RuleFinding {
  readonly message: string;
  readonly path: PathSegments;
  /** Overrides the rule's hint where the fix depends on the case. */
  readonly hint?: string;
  /**
   * The finding is about an object absent from the input (a missing reference, a selector that matches no pods):
   * where the input may be partial it is reported at info severity, not at the rule's.
   */
  readonly absent?: boolean;
}

export interface Rule {
  /** Kebab-case, unique in a registry. */
  readonly id: string;
  /** Default severity; configuration may change it or turn the rule off. */
  readonly severity: Severity;
  /** One line: what the rule reports. */
  readonly description: string;
  /** One line: how to fix it. */
  readonly hint: string;
  /** Kinds the rule is called for, or `any`. Built-in kinds only match in their own API groups. */
  readonly kinds: readonly string[] | 'any';
  /** `cross-resource` rules look at other objects of the run through the context. */
  readonly scope: 'object' | 'cross-resource';
  /** Tunables the rule reads, shown in the docs. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Sees every object through the context, reports on `object` only. Must not throw on malformed input. */
  check(context: RuleContext, object: KubeObject): readonly RuleFinding[];
}

export type RuleSetting = 'off' | Severity;

/** From cdk8s.yaml's kubeforge section and CLI flags: turn rules off or change their severity. */
export interface RulesConfig {
  readonly rules?: Readonly<Record<string, RuleSetting>>;
}

export interface RuleSubject {
  readonly object: Record<string, unknown>;
  /** The caller's position of the object; findings come back under this index. */
  readonly index: number;
}

export interface RulesOutcome {
  /** Findings per subject index; indexes without findings are absent. */
  readonly findings: Map<number, Finding[]>;
  /** Findings that an ignore annotation silenced. */
  readonly silenced: number;
}

export interface RunOptions {
  /** Target Kubernetes version, `1.36` style; defaults to the newest bundled one. */
  readonly kubernetesVersion?: string;
  /**
   * The objects are the whole application (synth; validate with --whole or a kustomization folder). When false,
   * findings about objects absent from the input are reported at info severity. @default true
   */
  readonly whole?: boolean;
  /** Namespaces that exist without a Namespace object among the objects (declared elsewhere in the input, or by the platform). */
  readonly knownNamespaces?: Iterable<string>;
}

/** What a rule returns when it finds nothing: one shared empty list rather than a new one per object. */
export const NO_FINDINGS: readonly RuleFinding[] = Object.freeze([]);
