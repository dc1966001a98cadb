import { asArray, asNumber, asRecord, asString, JsonObject, KubeObject } from '../object';
import type { RuleContext } from '../context';
import type { Rule, RuleFinding } from '../types';
import { WORKLOAD_KINDS } from '../workload';

function containerPortFindings(context: RuleContext, object: KubeObject): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const hostPorts = new Map<string, string>();
  for (const entry of context.workload(object)?.containers ?? []) {
    const numbers = new Set<string>();
    const names = new Set<string>();
    asArray(entry.container.ports).forEach((item, position) => {
      const port = asRecord(item);
      if (port === undefined) return;
      const path = [...entry.path, 'ports', position];
      const protocol = asString(port.protocol) ?? 'TCP';
      const containerPort = asNumber(port.containerPort);
      const name = asString(port.name);
      if (containerPort !== undefined) {
        const key = `${containerPort}/${protocol}`;
        if (numbers.has(key)) findings.push({ message: `container "${entry.name}" declares containerPort ${key} more than once`, path: [...path, 'containerPort'] });
        numbers.add(key);
      }
      if (name !== undefined) {
        if (names.has(name)) findings.push({ message: `container "${entry.name}" declares port name "${name}" more than once`, path: [...path, 'name'] });
        names.add(name);
      }
      const hostPort = asNumber(port.hostPort);
      if (hostPort !== undefined && hostPort !== 0) {
        const key = `${hostPort}/${protocol}`;
        const owner = hostPorts.get(key);
        if (owner !== undefined) findings.push({ message: `hostPort ${key} is already taken by container "${owner}" of the pod`, path: [...path, 'hostPort'] });
        else hostPorts.set(key, entry.name);
      }
    });
  }
  return findings;
}

function servicePortFindings(spec: JsonObject | undefined): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const numbers = new Set<string>();
  const names = new Set<string>();
  asArray(spec?.ports).forEach((item, position) => {
    const port = asRecord(item);
    if (port === undefined) return;
    const number = asNumber(port.port);
    const name = asString(port.name);
    if (number !== undefined) {
      const key = `${number}/${asString(port.protocol) ?? 'TCP'}`;
      if (numbers.has(key)) findings.push({ message: `port ${key} is declared more than once`, path: ['spec', 'ports', position, 'port'] });
      numbers.add(key);
    }
    if (name !== undefined) {
      if (names.has(name)) findings.push({ message: `port name "${name}" is used more than once`, path: ['spec', 'ports', position, 'name'] });
      names.add(name);
    }
  });
  return findings;
}

export const duplicatePort: Rule = {
  id: 'duplicate-port',
  severity: 'error',
  scope: 'object',
  kinds: [...WORKLOAD_KINDS, 'Service'],
  description: 'A container declares a port number/protocol or port name twice, two containers take the same hostPort, or a Service repeats a port or port name; the API server rejects these.',
  hint: 'Declare each port once per container (or Service), with a unique name.',
  check(context, object) {
    if (object.kind === 'Service') return servicePortFindings(asRecord(object.raw.spec));
    return containerPortFindings(context, object);
  },
};
