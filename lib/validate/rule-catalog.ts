// One-line descriptions of the validator's own finding ids (cross-resource rules describe themselves).

export const VALIDATOR_RULES: Record<string, string> = {
  io: 'The path cannot be read.',
  yaml: 'The document is not valid YAML.',
  'duplicate-key': 'A key appears twice in one mapping.',
  'not-an-object': 'The document is not a mapping, so it cannot be a Kubernetes object.',
  'missing-api-version': 'The object has no apiVersion.',
  'missing-kind': 'The object has no kind.',
  'unknown-kind': 'No schema exists for the apiVersion and kind in the chosen Kubernetes version or the given CRDs.',
  'crd-schema': 'The schema of a CustomResourceDefinition cannot be used whole: it does not compile, or a pattern is not a Go (RE2) regular expression.',
  'rejected-kind': 'The kind is rejected by --reject.',
  schema: 'The object does not match the schema of its kind.',
  'list-map-duplicate': 'Two entries of a list that must be unique by key share a key (containers, ports, env, ...).',
  'duplicate-object': 'The same object (group, kind, namespace, name) is defined twice.',
};

/**
 * Validator findings that configuration may turn off or re-grade. The others say that a file cannot be read as
 * Kubernetes objects at all (unreadable path, broken YAML, no apiVersion or kind): nothing else can be checked, so
 * they stay errors.
 */
export const GRADABLE_VALIDATOR_RULES: readonly string[] = ['schema', 'list-map-duplicate', 'duplicate-object', 'duplicate-key', 'crd-schema', 'unknown-kind', 'rejected-kind'];

const extraDescriptions = new Map<string, string>();

/** Lets the rule engine add its rules' descriptions for reports. */
export function registerRuleDescription(id: string, description: string): void {
  extraDescriptions.set(id, description);
}

export function describeRule(id: string): string {
  return VALIDATOR_RULES[id] ?? extraDescriptions.get(id) ?? id;
}
