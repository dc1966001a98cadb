import { asNumber, asRecord, asString, describe } from '../object';
import { serviceSelection } from '../service';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';
import type { Workload } from '../workload';

/** True when a running container of the workloads declares a port with that name (a string) or containerPort (a number). */
function declares(workloads: readonly Workload[], target: string | number): boolean {
  for (let index = 0; index < workloads.length; index++) {
    const containers = workloads[index].running;
    for (let container = 0; container < containers.length; container++) {
      const ports = containers[container].ports;
      for (let port = 0; port < ports.length; port++) {
        if ((typeof target === 'string' ? ports[port].name : ports[port].containerPort) === target) return true;
      }
    }
  }
  return false;
}

/** A container that declares no ports may listen on any number; numbers are only checked when every one declares its ports. */
function numbersKnown(workloads: readonly Workload[]): boolean {
  for (let index = 0; index < workloads.length; index++) {
    const containers = workloads[index].running;
    for (let container = 0; container < containers.length; container++) if (containers[container].ports.length === 0) return false;
  }
  return true;
}

function describeWorkloads(workloads: readonly Workload[]): string {
  return workloads.map((workload) => describe(workload.object.kind, workload.object.name)).join(', ');
}

export const serviceTargetPortMissing: Rule = {
  id: 'service-target-port-missing',
  severity: 'error',
  scope: 'cross-resource',
  kinds: ['Service'],
  description:
    'A Service targetPort (by name, or by number where the selected containers declare their ports) that no selected container declares.',
  hint: 'Set targetPort to a containerPort or port name that the selected containers declare, or declare the port on the container.',
  check(context, object) {
    const { selector, workloads } = serviceSelection(context, object);
    const ports = asRecord(object.raw.spec)?.ports;
    if (selector === undefined || workloads.length === 0 || !Array.isArray(ports)) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    for (let position = 0; position < ports.length; position++) {
      const port = asRecord(ports[position]);
      if (port === undefined) continue;
      const hasTarget = port.targetPort !== undefined && port.targetPort !== null;
      const target = hasTarget ? port.targetPort : port.port;
      const name = asString(target);
      const number = asNumber(target);
      if (name !== undefined && !declares(workloads, name)) {
        (findings ??= []).push({
          message: `targetPort "${name}" is not a port name that any container of ${describeWorkloads(workloads)} declares`,
          path: ['spec', 'ports', position, hasTarget ? 'targetPort' : 'port'],
        });
      } else if (number !== undefined && numbersKnown(workloads) && !declares(workloads, number)) {
        (findings ??= []).push({
          message: `targetPort ${number} is not a containerPort that any container of ${describeWorkloads(workloads)} declares`,
          path: ['spec', 'ports', position, hasTarget ? 'targetPort' : 'port'],
        });
      }
    }
    return findings ?? NO_FINDINGS;
  },
};
