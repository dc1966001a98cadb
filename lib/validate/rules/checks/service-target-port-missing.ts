import { asArray, asNumber, asRecord, asString, describe } from '../object';
import { isEmptySelector, selectorFromMap } from '../selector';
import type { Rule, RuleFinding } from '../types';
import { DeclaredPort, runningContainers } from '../workload';

export const serviceTargetPortMissing: Rule = {
  id: 'service-target-port-missing',
  severity: 'error',
  scope: 'cross-resource',
  kinds: ['Service'],
  description:
    'A Service targetPort (by name, or by number where the selected containers declare their ports) that no selected container declares.',
  hint: 'Set targetPort to a containerPort or port name that the selected containers declare, or declare the port on the container.',
  check(context, object) {
    const spec = asRecord(object.raw.spec);
    if (spec === undefined || spec.type === 'ExternalName') return [];
    const selector = selectorFromMap(spec.selector);
    if (selector === undefined || isEmptySelector(selector)) return [];
    const workloads = context.memo('service-selection', object, () => context.workloadsSelectedBy(object.namespace, selector));
    if (workloads.length === 0) return [];
    const containers = workloads.flatMap((workload) => runningContainers(workload));
    const declares = (match: (port: DeclaredPort) => boolean): boolean => containers.some((entry) => entry.ports.some(match));
    // A container that declares no ports may listen on any number; only names must resolve.
    const numbersKnown = containers.every((entry) => entry.ports.length > 0);
    const selected = (): string => workloads.map((workload) => describe(workload.object.kind, workload.object.name)).join(', ');
    const findings: RuleFinding[] = [];
    asArray(spec.ports).forEach((item, position) => {
      const port = asRecord(item);
      if (port === undefined) return;
      const hasTarget = port.targetPort !== undefined && port.targetPort !== null;
      const target = hasTarget ? port.targetPort : port.port;
      const path = ['spec', 'ports', position, hasTarget ? 'targetPort' : 'port'];
      const name = asString(target);
      const number = asNumber(target);
      if (name !== undefined && !declares((declared) => declared.name === name)) {
        findings.push({ message: `targetPort "${name}" is not a port name that any container of ${selected()} declares`, path });
      } else if (number !== undefined && numbersKnown && !declares((declared) => declared.containerPort === number)) {
        findings.push({ message: `targetPort ${number} is not a containerPort that any container of ${selected()} declares`, path });
      }
    });
    return findings;
  },
};
