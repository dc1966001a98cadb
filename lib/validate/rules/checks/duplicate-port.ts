import { asNumber, asRecord, asString, JsonObject, KubeObject } from '../object';
import type { RuleContext } from '../context';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

// The schema step reports ports that repeat their list-map key (containerPort and protocol in a container, port and
// protocol in a Service) as list-map-duplicate; this rule reports what that check cannot see: repeated port names
// and hostPorts taken twice in the pod.

/** The protocol a port gets, as the API server defaults it. */
function protocolOf(port: JsonObject): unknown {
  return port.protocol ?? 'TCP';
}

/** True when an earlier port of the list has the same list-map key (containerPort or port, and protocol). */
function repeatsKey(ports: readonly unknown[], position: number, numberField: string): boolean {
  const port = asRecord(ports[position])!;
  for (let earlier = 0; earlier < position; earlier++) {
    const other = asRecord(ports[earlier]);
    if (other !== undefined && (other[numberField] ?? null) === (port[numberField] ?? null) && protocolOf(other) === protocolOf(port)) return true;
  }
  return false;
}

/** True when an earlier port of the list carries the name. */
function repeatsName(ports: readonly unknown[], position: number, name: string): boolean {
  for (let earlier = 0; earlier < position; earlier++) if (asRecord(ports[earlier])?.name === name) return true;
  return false;
}

function containerPortFindings(context: RuleContext, object: KubeObject): readonly RuleFinding[] {
  const containers = context.workload(object)?.containers;
  if (containers === undefined) return NO_FINDINGS;
  let findings: RuleFinding[] | undefined;
  let hostPorts: Map<string, string> | undefined;
  for (let index = 0; index < containers.length; index++) {
    const entry = containers[index];
    const ports = entry.container.ports;
    if (!Array.isArray(ports)) continue;
    for (let position = 0; position < ports.length; position++) {
      const port = asRecord(ports[position]);
      if (port === undefined) continue;
      const name = asString(port.name);
      if (name !== undefined && repeatsName(ports, position, name)) {
        (findings ??= []).push({ message: `container "${entry.name}" declares port name "${name}" more than once`, path: [...entry.path, 'ports', position, 'name'] });
      }
      const hostPort = asNumber(port.hostPort);
      if (hostPort === undefined || hostPort === 0 || repeatsKey(ports, position, 'containerPort')) continue;
      const key = `${hostPort}/${asString(port.protocol) ?? 'TCP'}`;
      const owner = (hostPorts ??= new Map()).get(key);
      if (owner !== undefined) (findings ??= []).push({ message: `hostPort ${key} is already taken by container "${owner}" of the pod`, path: [...entry.path, 'ports', position, 'hostPort'] });
      else hostPorts.set(key, entry.name);
    }
  }
  return findings ?? NO_FINDINGS;
}

function servicePortFindings(spec: JsonObject | undefined): readonly RuleFinding[] {
  const ports = spec?.ports;
  if (!Array.isArray(ports)) return NO_FINDINGS;
  let findings: RuleFinding[] | undefined;
  for (let position = 1; position < ports.length; position++) {
    const name = asString(asRecord(ports[position])?.name);
    if (name === undefined || !repeatsName(ports, position, name)) continue;
    (findings ??= []).push({ message: `port name "${name}" is used more than once`, path: ['spec', 'ports', position, 'name'] });
  }
  return findings ?? NO_FINDINGS;
}

export const duplicatePort: Rule = {
  id: 'duplicate-port',
  severity: 'error',
  scope: 'object',
  kinds: [...WORKLOAD_KINDS, 'Service'],
  description: 'A container or a Service repeats a port name, or two ports of a pod take the same hostPort (repeated port numbers are reported as list-map-duplicate); the API server rejects these.',
  hint: 'Give each port of a container (or Service) its own name, and each hostPort/protocol to one port of the pod.',
  check(context, object) {
    if (object.kind === 'Service') return servicePortFindings(asRecord(object.raw.spec));
    return containerPortFindings(context, object);
  },
};
