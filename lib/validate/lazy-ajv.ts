// ajv itself is loaded only when a schema must be compiled at run time (CRDs, missing precompiled
// validators): validating built-in kinds uses the precompiled code and starts faster without it.
type AjvModule = typeof import('./ajv');

let loaded: AjvModule | undefined;

export function loadAjv(): AjvModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./ajv') as AjvModule;
  return loaded;
}
