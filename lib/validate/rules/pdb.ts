// The pods a PodDisruptionBudget covers, read the same way by both PDB rules.

import type { RuleContext } from './context';
import { asRecord, KubeObject } from './object';
import { isEmptySelector, LabelSelector, parseLabelSelector } from './selector';
import type { Workload } from './workload';

export interface PdbSelection {
  /** Undefined when the PDB selects no pod by construction (no selector; empty selector in policy/v1beta1). */
  readonly selector: LabelSelector | undefined;
  readonly workloads: readonly Workload[];
}

export function pdbSelection(context: RuleContext, pdb: KubeObject): PdbSelection {
  return context.memo('pdb-selection', pdb, select);
}

function select(pdb: KubeObject, context: RuleContext): PdbSelection {
  const selector = parseLabelSelector(asRecord(pdb.raw.spec)?.selector);
  // policy/v1: an empty selector selects every pod of the namespace; policy/v1beta1: none.
  if (selector === undefined || (isEmptySelector(selector) && pdb.apiVersion === 'policy/v1beta1')) return { selector: undefined, workloads: [] };
  return { selector, workloads: context.workloadsSelectedBy(pdb.namespace, selector) };
}
