import { scaleTargets } from '../hpa';
import { asNumber, asRecord, asString, describe, dig, JsonObject, PathSegments } from '../object';
import { NO_FINDINGS, Rule, RuleFinding } from '../types';

interface UtilizationMetric {
  readonly resource: string;
  /** Only this container must have the request (ContainerResource metrics). */
  readonly container: string | undefined;
  readonly path: PathSegments;
}

function isUtilization(source: JsonObject): boolean {
  // autoscaling/v2 and v2beta2 say target.type Utilization; v2beta1 has targetAverageUtilization.
  return dig(source, 'target', 'type') === 'Utilization' || source.targetAverageUtilization !== undefined;
}

function utilizationMetrics(spec: JsonObject): UtilizationMetric[] {
  const metrics: UtilizationMetric[] = [];
  if (asNumber(spec.targetCPUUtilizationPercentage) !== undefined) {
    metrics.push({ resource: 'cpu', container: undefined, path: ['spec', 'targetCPUUtilizationPercentage'] });
  }
  const items = spec.metrics;
  if (!Array.isArray(items)) return metrics;
  for (let position = 0; position < items.length; position++) {
    const metric = asRecord(items[position]);
    const source = asRecord(metric?.type === 'Resource' ? metric.resource : metric?.type === 'ContainerResource' ? metric.containerResource : undefined);
    const resource = asString(source?.name);
    if (source === undefined || resource === undefined || !isUtilization(source)) continue;
    metrics.push({ resource, container: asString(source.container), path: ['spec', 'metrics', position] });
  }
  return metrics;
}

function hasRequest(resources: unknown, resource: string): boolean {
  // A limit without a request makes the request equal to the limit.
  return dig(resources, 'requests', resource) !== undefined || dig(resources, 'limits', resource) !== undefined;
}

export const hpaCpuWithoutRequests: Rule = {
  id: 'hpa-cpu-without-requests',
  severity: 'error',
  scope: 'cross-resource',
  kinds: ['HorizontalPodAutoscaler'],
  description: 'A CPU or memory utilization metric on a target whose containers lack that resource request, so utilization is undefined and the HPA does not scale.',
  hint: 'Set resources.requests for that resource on every container of the target (or a LimitRange default), or scale on AverageValue instead of Utilization.',
  check(context, object) {
    const spec = asRecord(object.raw.spec);
    const target = scaleTargets(context, object)[0];
    const workload = target === undefined ? undefined : context.workload(target);
    if (spec === undefined || workload === undefined) return NO_FINDINGS;
    let findings: RuleFinding[] | undefined;
    const metrics = utilizationMetrics(spec);
    for (let index = 0; index < metrics.length; index++) {
      const metric = metrics[index];
      if (hasRequest(workload.podSpec?.resources, metric.resource) || context.defaultedRequests(target.namespace).has(metric.resource)) continue;
      const lacking: string[] = [];
      for (let container = 0; container < workload.running.length; container++) {
        const entry = workload.running[container];
        if (metric.container !== undefined && entry.name !== metric.container) continue;
        if (!hasRequest(entry.container.resources, metric.resource)) lacking.push(`"${entry.name}"`);
      }
      if (lacking.length === 0) continue;
      (findings ??= []).push({
        message: `scales ${describe(target.kind, target.name)} on ${metric.resource} utilization, but container${lacking.length > 1 ? 's' : ''} ${lacking.join(', ')} ha${lacking.length > 1 ? 've' : 's'} no ${metric.resource} request`,
        path: metric.path,
      });
    }
    return findings ?? NO_FINDINGS;
  },
};
