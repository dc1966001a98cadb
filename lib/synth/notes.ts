// Advice that is not a finding: things synth cannot check but that decide whether the pods start.

type Fields = Record<string, unknown>;

/** An object as collected by render, with the construct that made it. */
interface Collected {
  readonly object: Fields;
  readonly constructPath: string;
}

function record(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

function podSpecOf(object: Fields): Fields | undefined {
  const spec = record(object.spec);
  return record(record(spec?.template)?.spec) ?? record(record(record(record(spec?.jobTemplate)?.spec)?.template)?.spec);
}

/**
 * Containers that must run as non-root (runAsNonRoot) with no runAsUser: whether they start depends on the image's
 * USER, which synth cannot see. Listed as `construct path (container name)`.
 */
export function nonRootWithoutUser(objects: readonly Collected[]): string[] {
  const found: string[] = [];
  for (const { object, constructPath } of objects) {
    const pod = podSpecOf(object);
    if (!pod) continue;
    const podSecurity = record(pod.securityContext);
    for (const list of [pod.initContainers, pod.containers]) {
      for (const container of Array.isArray(list) ? list : []) {
        const security = record(record(container)?.securityContext);
        const nonRoot = security?.runAsNonRoot ?? podSecurity?.runAsNonRoot;
        const user = security?.runAsUser ?? podSecurity?.runAsUser;
        if (nonRoot === true && user === undefined) found.push(`${constructPath} (container ${String(record(container)?.name)})`);
      }
    }
  }
  return found;
}

/** The note synth prints for those containers, or nothing. */
export function nonRootNote(containers: readonly string[]): string {
  if (containers.length === 0) return '';
  const listed = containers.length <= 3 ? containers.join(', ') : `${containers.slice(0, 3).join(', ')} and ${containers.length - 3} more`;
  return (
    `note: ${listed} must run as non-root (the policy's default) and set no runAsUser: each image must declare a numeric non-root USER, ` +
    'or its pods fail to start (CreateContainerConfigError). For an image that runs as root, set securityContext: { runAsNonRoot: false } ' +
    'on that container (or runAsUser to a user the image supports).\n'
  );
}
