import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import { Script, constants } from 'node:vm';
import { writeCache } from './cache';

const ModuleInternals = Module as unknown as { _cache: Record<string, NodeJS.Module>; _nodeModulePaths(dir: string): string[]; wrap(code: string): string };

export interface CompiledModule {
  /** Runs the module as `require` would (registered in require's cache) and returns its exports. */
  run(): unknown;
  /**
   * Set when there was no usable code cache: writes one. Call it late, after the code has run: V8 then includes the
   * functions it compiled on the way, which is most of the saving.
   */
  saveCodeCache?: () => void;
}

/**
 * A large CommonJS file compiled with V8's compiled code for it kept in `cacheFile`: parsing and compiling is most of
 * what loading a big file costs, and Node 20 has no compile cache of its own (`module.enableCompileCache` came in
 * Node 22). `source` is the file's text, which the caller has read to name the cache after it: V8 checks its own
 * version and flags but of the source only its length, so the name must change with the content. Compiling and
 * running are separate steps so that a caller can arrange the saving before the code runs (and maybe exits).
 */
export function compileWithCodeCache(path: string, source: string, cacheFile: string | undefined): CompiledModule {
  let cachedData: Buffer | undefined;
  try {
    cachedData = cacheFile ? readFileSync(cacheFile) : undefined;
  } catch {
    /* first run */
  }
  // Without the main context's loader, an `import()` inside the file would throw.
  const script = new Script(ModuleInternals.wrap(source), { filename: path, cachedData, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const usable = cachedData !== undefined && !script.cachedDataRejected;
  return {
    run: () => {
      const mod = new Module(path, module) as NodeJS.Module & { filename: string; paths: string[]; loaded: boolean };
      mod.filename = path;
      mod.paths = ModuleInternals._nodeModulePaths(dirname(path));
      ModuleInternals._cache[path] = mod;
      try {
        (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, Module.createRequire(path), mod, path, dirname(path));
      } catch (err) {
        delete ModuleInternals._cache[path];
        throw err;
      }
      mod.loaded = true;
      return mod.exports;
    },
    saveCodeCache: cacheFile && !usable ? () => writeCache(cacheFile, script.createCachedData()) : undefined,
  };
}
