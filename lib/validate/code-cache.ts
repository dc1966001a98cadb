// Loads a large generated CommonJS module with V8's code cache: the precompiled validators are megabytes
// of JavaScript, and parsing them on every start would cost more than validating a small file.
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

type ModuleFunction = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

function compile(file: string, cachedData?: Buffer): Script {
  const source = readFileSync(file, 'utf8');
  return new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
}

function run(script: Script, file: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const moduleRequire = ((id: string) => require(id.startsWith('.') ? `${dirname(file)}/${id}` : id)) as NodeJS.Require;
  (script.runInThisContext() as ModuleFunction)(module.exports, moduleRequire, module, file, dirname(file));
  return module.exports;
}

/** Loads `file` using `file.cache` when V8 accepts it (same V8 version and flags), else compiles it. */
export function loadWithCodeCache(file: string): Record<string, unknown> {
  const cacheFile = `${file}.cache`;
  const script = compile(file, existsSync(cacheFile) ? readFileSync(cacheFile) : undefined);
  return run(script, file);
}

/** Loads `file`, lets `warm` exercise it so its functions get compiled, and returns the code cache to store. */
export function buildCodeCache(file: string, warm: (exports: Record<string, unknown>) => void): Buffer {
  const script = compile(file);
  warm(run(script, file));
  return script.createCachedData();
}
