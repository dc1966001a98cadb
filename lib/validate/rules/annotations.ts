// The two annotations that users write on objects to talk to the rules.

/**
 * Silences named rules on the object that carries it:
 *
 *   kubeforge.io/ignore: "run-as-root, read-only-root-fs -- the image needs root, tracked in OPS-12"
 *
 * Rule ids are separated by commas or spaces; everything after ` -- ` is a free-text reason that kubeforge keeps
 * out of the way. Silenced findings are not reported but are counted.
 */
export const IGNORE_ANNOTATION = 'kubeforge.io/ignore';

/**
 * Declares objects that this object references and that exist outside the run (created by another tool, another
 * repository, or a controller), so reference rules do not report them:
 *
 *   kubeforge.io/external-refs: "secret/tls-cert, configmap/feature-flags, service/* -- managed by cert-manager"
 *
 * Each entry is `<kind>/<name>`; kind is the lower-case kind (`secret`, `configmap`, `persistentvolumeclaim`,
 * `serviceaccount`, `service`, `namespace`, or any other kind such as `rollout`) or a kubectl short name (`cm`,
 * `pvc`, `sa`, `svc`, `ns`); name `*` covers every object of that kind. A reason may follow ` -- ` as above.
 */
export const EXTERNAL_REFS_ANNOTATION = 'kubeforge.io/external-refs';

const KIND_ALIASES: Readonly<Record<string, string>> = {
  cm: 'configmap',
  pvc: 'persistentvolumeclaim',
  sa: 'serviceaccount',
  svc: 'service',
  ns: 'namespace',
};

function withoutReason(value: string): string {
  const separator = value.indexOf('--');
  return separator < 0 ? value : value.slice(0, separator);
}

function entries(value: string): string[] {
  return withoutReason(value)
    .split(/[\s,]+/)
    .filter((entry) => entry !== '');
}

const NOTHING: ReadonlySet<string> = new Set();

/** Rule ids listed in an ignore annotation value. */
export function parseIgnoreAnnotation(value: string | undefined): ReadonlySet<string> {
  return value === undefined ? NOTHING : new Set(entries(value));
}

function normalizeKind(kind: string): string {
  const lower = kind.toLowerCase();
  return KIND_ALIASES[lower] ?? lower;
}

export class ExternalRefs {
  static readonly none = new ExternalRefs(new Set());

  static parse(value: string | undefined): ExternalRefs {
    if (value === undefined) return ExternalRefs.none;
    const keys = new Set<string>();
    const listed = entries(value);
    for (let index = 0; index < listed.length; index++) {
      const entry = listed[index];
      const slash = entry.indexOf('/');
      if (slash <= 0 || slash === entry.length - 1) continue;
      keys.add(`${normalizeKind(entry.slice(0, slash))}/${entry.slice(slash + 1)}`);
    }
    return new ExternalRefs(keys);
  }

  private constructor(private readonly keys: ReadonlySet<string>) {}

  /** True when `kind` `name` is declared external (by name or by `<kind>/*`). */
  has(kind: string, name: string): boolean {
    if (this.keys.size === 0) return false;
    const normalized = normalizeKind(kind);
    return this.keys.has(`${normalized}/${name}`) || this.keys.has(`${normalized}/*`);
  }
}
