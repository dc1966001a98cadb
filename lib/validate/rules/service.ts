// The workloads a Service sends traffic to, read the same way by both Service rules.

import type { RuleContext } from './context';
import { asRecord, KubeObject } from './object';
import { isEmptySelector, LabelSelector, selectorFromMap } from './selector';
import type { Workload } from './workload';

export interface ServiceSelection {
  /** Undefined for ExternalName Services and Services without a selector (or with an empty one): they pick no pods. */
  readonly selector: LabelSelector | undefined;
  readonly workloads: readonly Workload[];
}

const NO_SELECTION: ServiceSelection = { selector: undefined, workloads: [] };

export function serviceSelection(context: RuleContext, service: KubeObject): ServiceSelection {
  return context.memo('service-selection', service, select);
}

function select(service: KubeObject, context: RuleContext): ServiceSelection {
  const spec = asRecord(service.raw.spec);
  if (spec === undefined || spec.type === 'ExternalName') return NO_SELECTION;
  const selector = selectorFromMap(spec.selector);
  if (selector === undefined || isEmptySelector(selector)) return NO_SELECTION;
  return { selector, workloads: context.workloadsSelectedBy(service.namespace, selector) };
}
