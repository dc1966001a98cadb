import { asRecord, asNumber, asString } from '../object';
import type { Rule, RuleFinding } from '../types';
import { runningContainers, WORKLOAD_KINDS } from '../workload';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

export const probePortMissing: Rule = {
  id: 'probe-port-missing',
  severity: 'error',
  scope: 'object',
  kinds: WORKLOAD_KINDS,
  description: "A liveness, readiness or startup probe on a port name the container does not declare, or on a number no container declares when the probed container lists its ports.",
  hint: "Probe a port that the container declares in ports (by containerPort or name), or declare the probe's port.",
  check(context, object) {
    const workload = context.workload(object);
    if (workload === undefined) return [];
    const containers = runningContainers(workload);
    const findings: RuleFinding[] = [];
    for (const entry of containers) {
      const ports = entry.ports;
      for (const probe of PROBES) {
        const probeSpec = asRecord(entry.container[probe]);
        if (probeSpec === undefined) continue;
        for (const handler of HANDLERS) {
          const port = asRecord(probeSpec[handler])?.port;
          const name = asString(port);
          const number = asNumber(port);
          const path = () => [...entry.path, probe, handler, 'port'];
          if (name !== undefined && !ports.some((declared) => declared.name === name)) {
            findings.push({ message: `${probe} uses port "${name}", which container "${entry.name}" does not declare by name`, path: path() });
          } else if (number !== undefined && ports.length > 0 && !containers.some((other) => other.ports.some((declared) => declared.containerPort === number))) {
            // A container that lists no ports may listen anywhere; one that lists them is expected to list this one.
            findings.push({ message: `${probe} uses port ${number}, which no container of the pod declares (container "${entry.name}" declares ${ports.map((declared) => declared.containerPort).join(', ')})`, path: path() });
          }
        }
      }
    }
    return findings;
  },
};
