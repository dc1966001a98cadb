// The workload a HorizontalPodAutoscaler scales, resolved the same way by every HPA rule.

import type { RuleContext } from './context';
import { asRecord, asString, dig, groupOf, KubeObject } from './object';

export interface ScaleTargetRef {
  readonly kind: string;
  readonly name: string;
  /** Undefined when the reference omits apiVersion (then any group matches). */
  readonly group: string | undefined;
}

export function scaleTargetRef(hpa: KubeObject): ScaleTargetRef | undefined {
  const ref = asRecord(dig(hpa.raw, 'spec', 'scaleTargetRef'));
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  if (kind === undefined || name === undefined || kind === '' || name === '') return undefined;
  const apiVersion = asString(ref?.apiVersion);
  return { kind, name, group: apiVersion === undefined ? undefined : groupOf(apiVersion) };
}

/** Objects of the run that the HPA's scaleTargetRef names (kind, name, API group), in the HPA's namespace. */
export function scaleTargets(context: RuleContext, hpa: KubeObject): readonly KubeObject[] {
  return context.memo('scale-targets', hpa, findScaleTargets);
}

const NO_TARGETS: readonly KubeObject[] = [];

function findScaleTargets(hpa: KubeObject, context: RuleContext): readonly KubeObject[] {
  const ref = scaleTargetRef(hpa);
  if (ref === undefined) return NO_TARGETS;
  const found = context.find(ref.kind, hpa.namespace, ref.name);
  if (ref.group === undefined) return found;
  return found.filter((object) => object.group === ref.group);
}
