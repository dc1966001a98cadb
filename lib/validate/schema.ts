// Schemas of one Kubernetes version: definitions, the (apiVersion, kind) index, and validators
// (precompiled by scripts/build-validators.ts where present, compiled on first use otherwise).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import type Ajv from 'ajv';
import { createAjv } from './ajv';
import { loadWithCodeCache } from './code-cache';
import type { KubernetesVersion } from '../k8s/versions';

export type JsonSchema = { [key: string]: unknown };

export const DEFINITIONS_ID = 'k8s';

/** The package folder: the one holding schemas/ (works from lib/ sources and from compiled .build/lib/). */
export const PACKAGE_ROOT = (() => {
  let folder = __dirname;
  while (!existsSync(join(folder, 'schemas', 'manifest.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('kubeforge: schemas/manifest.json not found above the installed package');
    folder = parent;
  }
  return folder;
})();

export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

export class SchemaSet {
  readonly definitions: Record<string, JsonSchema>;
  /** `apiVersion/kind` → definition name. */
  readonly kinds: Record<string, string>;
  private readonly apiVersionsByKind = new Map<string, string[]>();
  private readonly validators = new Map<string, ValidateFunction>();
  private precompiled: Record<string, ValidateFunction> | undefined;
  private ajv: Ajv | undefined;

  constructor(readonly version: KubernetesVersion) {
    const folder = join(PACKAGE_ROOT, 'schemas', `v${version}`);
    const definitionsText = readFileSync(join(folder, 'definitions.json'), 'utf8');
    this.definitions = JSON.parse(definitionsText).definitions;
    this.kinds = JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8')).kinds;
    for (const key of Object.keys(this.kinds)) {
      const slash = key.lastIndexOf('/');
      const kind = key.slice(slash + 1);
      const list = this.apiVersionsByKind.get(kind) ?? [];
      list.push(key.slice(0, slash));
      this.apiVersionsByKind.set(kind, list);
    }
    this.precompiled = loadPrecompiled(version);
  }

  has(apiVersion: string, kind: string): boolean {
    return kindKey(apiVersion, kind) in this.kinds;
  }

  /** The apiVersions this Kubernetes version serves `kind` in (for "did you mean" messages). */
  apiVersionsOf(kind: string): readonly string[] {
    return this.apiVersionsByKind.get(kind) ?? [];
  }

  definitionOf(apiVersion: string, kind: string): JsonSchema | undefined {
    const name = this.kinds[kindKey(apiVersion, kind)];
    return name === undefined ? undefined : this.definitions[name];
  }

  /** Follows a `$ref` of these definitions. */
  resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    while (typeof current.$ref === 'string') current = this.definitions[current.$ref.slice('#/definitions/'.length)] ?? {};
    return current;
  }

  validatorFor(apiVersion: string, kind: string): ValidateFunction | undefined {
    const key = kindKey(apiVersion, kind);
    const cached = this.validators.get(key);
    if (cached) return cached;
    const name = this.kinds[key];
    if (name === undefined) return undefined;
    let validator = this.precompiled?.[key];
    if (!validator) {
      if (!this.ajv) {
        this.ajv = createAjv();
        this.ajv.addSchema({ $id: DEFINITIONS_ID, definitions: this.definitions });
      }
      validator = this.ajv.getSchema(`${DEFINITIONS_ID}#/definitions/${name}`);
    }
    if (validator) this.validators.set(key, validator);
    return validator;
  }
}

/** Precompiled validators are used only when built from the very definitions in schemas/. */
function loadPrecompiled(version: KubernetesVersion): Record<string, ValidateFunction> | undefined {
  const file = join(PACKAGE_ROOT, '.build', 'validators', `v${version}.js`);
  if (!existsSync(file)) return undefined;
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schemas', 'manifest.json'), 'utf8'));
  const expected = manifest.versions?.[version]?.files?.['definitions.json'];
  const module = loadWithCodeCache(file) as Record<string, ValidateFunction> & { sourceHash?: string };
  return module.sourceHash === expected ? module : undefined;
}

const schemaSets = new Map<KubernetesVersion, SchemaSet>();

export function schemaSet(version: KubernetesVersion): SchemaSet {
  let set = schemaSets.get(version);
  if (!set) {
    set = new SchemaSet(version);
    schemaSets.set(version, set);
  }
  return set;
}
