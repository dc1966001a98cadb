// The runtime side of `kubeforge import`: generated classes are cdk8s ApiObjects that carry the
// CustomResourceDefinition they were generated from, so synth validates them without being told.
import { ApiObject, type ApiObjectProps } from 'cdk8s';
import type { Construct, IConstruct } from 'constructs';

/** A CustomResourceDefinition as plain data (apiextensions.k8s.io/v1), as generated code embeds it. */
export type CustomResourceDefinitionData = Readonly<Record<string, unknown>>;

// A registered symbol rather than instanceof: a program may load kubeforge twice (its own copy and the CLI's).
const DEFINITION = Symbol.for('kubeforge.import.definition');

/** Base of the classes that `kubeforge import` generates: one object of a custom resource kind. */
export class CustomResource extends ApiObject {
  /** The CRD that defines this object's kind, when `construct` is a custom resource of generated code. */
  static definitionOf(construct: IConstruct): CustomResourceDefinitionData | undefined {
    return (construct as unknown as Record<symbol, CustomResourceDefinitionData | undefined>)[DEFINITION];
  }

  constructor(scope: Construct, id: string, definition: CustomResourceDefinitionData, props: ApiObjectProps) {
    super(scope, id, props);
    Object.defineProperty(this, DEFINITION, { value: definition });
  }
}

/** Renders a CustomResourceDefinition that generated code embeds (`<kind>Definition`), so the program installs it. */
export class CustomResourceDefinition extends ApiObject {
  constructor(scope: Construct, id: string, definition: CustomResourceDefinitionData) {
    const { apiVersion, kind, ...rest } = definition;
    super(scope, id, { ...rest, apiVersion: String(apiVersion), kind: String(kind) });
  }
}
