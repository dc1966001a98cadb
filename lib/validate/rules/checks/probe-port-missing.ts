import { asRecord, asString } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { DeclaredPort, WORKLOAD_KINDS } from '../workload';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

function declaresName(ports: readonly DeclaredPort[], name: string): boolean {
  for (let index = 0; index < ports.length; index++) if (ports[index].name === name) return true;
  return false;
}


export const probePortMissing: Rule = {
  id: 'probe-port-missing',
  severity: 'error',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: 'A liveness, readiness or startup probe on a port name the container does not declare (the kubelet probes any port number, but resolves names only from the container\'s ports).',
  hint: "Declare the named port in the container's ports, or probe the port by number.",
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return NO_FINDINGS;
    const containers = workload.running;
    let findings: RuleFinding[] | undefined;
    for (let index = 0; index < containers.length; index++) {
      const entry = containers[index];
      const ports = entry.ports;
      for (let probeIndex = 0; probeIndex < PROBES.length; probeIndex++) {
        const probe = PROBES[probeIndex];
        const probeSpec = asRecord(entry.container[probe]);
        if (probeSpec === undefined) continue;
        for (let handlerIndex = 0; handlerIndex < HANDLERS.length; handlerIndex++) {
          const handler = HANDLERS[handlerIndex];
          const port = asRecord(probeSpec[handler])?.port;
          // Numbers are not checked: ports lists are informational, and processes often serve health on undeclared ports.
          const name = asString(port);
          if (name !== undefined && !declaresName(ports, name)) {
            (findings ??= []).push({ message: `${probe} uses port "${name}", which container "${entry.name}" does not declare by name`, path: [...entry.path, probe, handler, 'port'] });
          }
        }
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
