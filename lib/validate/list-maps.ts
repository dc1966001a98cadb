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

function keyOf(item: Record<string, unknown>, keys: readonly string[]): string {
  return JSON.stringify(keys.map((key) => item[key] ?? KEY_DEFAULTS[key] ?? null));
}

function describeKey(item: Record<string, unknown>, keys: readonly string[]): string {
  return keys.map((key) => `${key} ${JSON.stringify(item[key] ?? KEY_DEFAULTS[key] ?? null)}`).join(', ');
}

/** Every list-map entry whose key repeats an earlier entry of the same list. */
export function findListMapDuplicates(value: unknown, plan: PlanNode | null, segments: (string | number)[] = [], out: ListMapDuplicate[] = []): ListMapDuplicate[] {
  if (!plan) return out;
  if (Array.isArray(value)) {
    if (plan.keys) {
      const seen = new Map<string, number>();
      value.forEach((item, index) => {
        if (!isRecord(item)) return;
        const key = keyOf(item, plan.keys!);
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, index);
          return;
        }
        const field = plan.keys!.find((name) => name in item) ?? plan.keys![0];
        out.push({
          segments: [...segments, index, field],
          message: `duplicate entry: ${describeKey(item, plan.keys!)} is already used by entry [${first}]; entries of this list must be unique by ${plan.keys!.join(' and ')}`,
        });
      });
    }
    if (plan.items) value.forEach((item, index) => findListMapDuplicates(item, plan.items!, [...segments, index], out));
    return out;
  }
  if (!isRecord(value)) return out;
  if (plan.properties) {
    for (const [name, child] of plan.properties) {
      if (value[name] !== undefined && value[name] !== null) findListMapDuplicates(value[name], child, [...segments, name], out);
    }
  }
  if (plan.values) {
    for (const [name, child] of Object.entries(value)) findListMapDuplicates(child, plan.values, [...segments, name], out);
  }
  return out;
}
