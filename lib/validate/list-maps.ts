// Lists whose items must be unique by key (`x-kubernetes-list-type: map`): the API server rejects
// duplicates (two containers named "web", two ports 8080/TCP), JSON Schema cannot say so.
import type { JsonSchema } from './schema';

/** The parts of a schema that lead to list-maps; everything else is pruned. */
interface PlanNode {
  properties?: Map<string, PlanNode>;
  items?: PlanNode;
  values?: PlanNode;
  keys?: readonly string[];
}

export interface ListMapDuplicate {
  readonly segments: (string | number)[];
  readonly message: string;
}

/** Defaults the API server applies to list-map keys before comparing them. */
const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ListMapPlanner {
  private readonly byDefinition = new Map<string, PlanNode | null>();

  constructor(private readonly definitions: Record<string, JsonSchema>) {}

  plan(schema: JsonSchema): PlanNode | null {
    return this.build(schema, new Set());
  }

  private build(schema: JsonSchema, inProgress: Set<string>): PlanNode | null {
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.slice(schema.$ref.lastIndexOf('/') + 1);
      if (this.byDefinition.has(name)) return this.byDefinition.get(name) ?? null;
      if (inProgress.has(name)) return null; // recursive schemas (JSONSchemaProps) hold no list-maps
      inProgress.add(name);
      const node = this.build(this.definitions[name] ?? {}, inProgress);
      inProgress.delete(name);
      this.byDefinition.set(name, node);
      return node;
    }
    const node: PlanNode = {};
    let useful = false;
    for (const branch of [...((schema.anyOf as JsonSchema[]) ?? []), ...((schema.oneOf as JsonSchema[]) ?? []), ...((schema.allOf as JsonSchema[]) ?? [])]) {
      const merged = this.build(branch, inProgress);
      if (merged) {
        Object.assign(node, merged);
        useful = true;
      }
    }
    if (schema['x-kubernetes-list-type'] === 'map' && Array.isArray(schema['x-kubernetes-list-map-keys'])) {
      node.keys = schema['x-kubernetes-list-map-keys'] as string[];
      useful = true;
    }
    if (isRecord(schema.properties)) {
      for (const [name, property] of Object.entries(schema.properties)) {
        const child = this.build(property as JsonSchema, inProgress);
        if (child) {
          (node.properties ??= new Map()).set(name, child);
          useful = true;
        }
      }
    }
    if (isRecord(schema.items)) {
      const child = this.build(schema.items, inProgress);
      if (child) {
        node.items = child;
        useful = true;
      }
    }
    if (isRecord(schema.additionalProperties)) {
      const child = this.build(schema.additionalProperties, inProgress);
      if (child) {
        node.values = child;
        useful = true;
      }
    }
    return useful ? node : null;
  }
}

function keyPart(value: unknown): string {
  return typeof value === 'string' ? value : `\u0000${JSON.stringify(value)}`;
}

/** A string that two entries share exactly when their keys are equal. */
function keyOf(item: Record<string, unknown>, keys: readonly string[]): string {
  if (keys.length === 1) return keyPart(item[keys[0]] ?? KEY_DEFAULTS[keys[0]] ?? null);
  let key = '';
  for (const name of keys) key += `${keyPart(item[name] ?? KEY_DEFAULTS[name] ?? null)}\u0001`;
  return key;
}

function describeKey(item: Record<string, unknown>, keys: readonly string[]): string {
  return keys.map((key) => `${key} ${JSON.stringify(item[key] ?? KEY_DEFAULTS[key] ?? null)}`).join(', ');
}

/** Every list-map entry whose key repeats an earlier entry of the same list. */
export function findListMapDuplicates(value: unknown, plan: PlanNode | null): ListMapDuplicate[] {
  const out: ListMapDuplicate[] = [];
  if (plan) walk(value, plan, [], out);
  return out;
}

/** Walks the plan; `path` is one shared stack, copied only into a finding. */
function walk(value: unknown, plan: PlanNode, path: (string | number)[], out: ListMapDuplicate[]): void {
  if (Array.isArray(value)) {
    const keys = plan.keys;
    if (keys && value.length > 1) {
      const seen = new Map<string, number>();
      for (let index = 0; index < value.length; index++) {
        const item = value[index];
        if (!isRecord(item)) continue;
        const key = keyOf(item, keys);
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, index);
          continue;
        }
        const field = keys.find((name) => name in item) ?? keys[0];
        out.push({
          segments: [...path, index, field],
          message: `duplicate entry: ${describeKey(item, keys)} is already used by entry [${first}]; entries of this list must be unique by ${keys.join(' and ')}`,
        });
      }
    }
    if (plan.items) {
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        walk(value[index], plan.items, path, out);
        path.pop();
      }
    }
    return;
  }
  if (!isRecord(value)) return;
  if (plan.properties) {
    for (const [name, child] of plan.properties) {
      const entry = value[name];
      if (entry === undefined || entry === null) continue;
      path.push(name);
      walk(entry, child, path, out);
      path.pop();
    }
  }
  if (plan.values) {
    for (const name of Object.keys(value)) {
      path.push(name);
      walk(value[name], plan.values, path, out);
      path.pop();
    }
  }
}
