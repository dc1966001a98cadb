import { asRecord, asNumber, asString } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import { ContainerEntry, DeclaredPort, WORKLOAD_KINDS } from '../workload';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

function declaresName(ports: readonly DeclaredPort[], name: string): boolean {
  for (let index = 0; index < ports.length; index++) if (ports[index].name === name) return true;
  return false;
}

function anyDeclaresNumber(containers: readonly ContainerEntry[], number: number): boolean {
  for (let index = 0; index < containers.length; index++) {
    const ports = containers[index].ports;
    for (let port = 0; port < ports.length; port++) if (ports[port].containerPort === number) return true;
  }
  return false;
}

export const probePortMissing: Rule = {
  id: 'probe-port-missing',
  severity: 'error',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: "A liveness, readiness or startup probe on a port name the container does not declare, or on a number no container declares when the probed container lists its ports.",
  hint: "Probe a port that the container declares in ports (by containerPort or name), or declare the probe's port.",
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
          const name = asString(port);
          const number = asNumber(port);
          if (name !== undefined && !declaresName(ports, name)) {
            (findings ??= []).push({ message: `${probe} uses port "${name}", which container "${entry.name}" does not declare by name`, path: [...entry.path, probe, handler, 'port'] });
          } else if (number !== undefined && ports.length > 0 && !anyDeclaresNumber(containers, number)) {
            // A container that lists no ports may listen anywhere; one that lists them is expected to list this one.
            (findings ??= []).push({
              message: `${probe} uses port ${number}, which no container of the pod declares (container "${entry.name}" declares ${ports.map((declared) => declared.containerPort).join(', ')})`,
              path: [...entry.path, probe, handler, 'port'],
            });
          }
        }
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
