/**
 * TypeScript → CommonJS for the loader, without type checking, cached on disk. Loading the TypeScript compiler costs
 * more than everything else `stack config` does together (~200 ms), so a stack.ts that hasn't changed since the last
 * run is served from the cache and the compiler is never loaded.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Syntax errors TypeScript found while transpiling; the loader turns them into a code-framed UserError. */
export class TranspileError extends Error {
  constructor(readonly diagnostics: readonly TranspileDiagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'));
    this.name = 'TranspileError';
  }
}

export interface TranspileDiagnostic {
  file: string;
  /** 1-based, as editors count. */
  line: number;
  column: number;
  message: string;
  source: string;
}

// Bump when the emitted code would change for the same input (options, helpers), so stale entries are ignored.
const CACHE_VERSION = '2';
let salt: string | undefined;

/** The CommonJS code (with an inline source map) for a TypeScript file's source text. */
export function transpileToCommonJs(code: string, file: string): string {
  const key = createHash('sha256').update(`${cacheSalt()}\0${file}\0${code}`).digest('hex');
  const cached = cachePath(key);
  if (cached) {
    try {
      return readFileSync(cached, 'utf8');
    } catch {
      /* a miss: transpile below */
    }
  }
  const output = transpile(code, file);
  if (cached) writeCache(cached, output);
  return output;
}

function transpile(code: string, file: string): string {
  const ts = loadTypescript();
  // NodeNext emits CommonJS for .ts/.cts but keeps dynamic import() native, so `await import('esm-only')` inside the
  // function form reaches Node's ESM loader (packages with top-level await load that way). An .mts file would be
  // emitted as ESM, which require() cannot run, so it is transpiled under a .cts name.
  const fileName = file.replace(/\.mts$/, '.cts');
  const result = ts.transpileModule(code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      jsx: ts.JsxEmit.React,
      sourceMap: true,
      inlineSources: true,
    },
    transformers: { before: [importMetaToCommonJs(ts)] },
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new TranspileError(
      errors.map((d) => {
        const { line, character } = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
        return { file, line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), source: code };
      }),
    );
  }
  saveTypescriptCodeCache?.();
  const map = JSON.parse(result.sourceMapText ?? '{}') as { sources?: string[]; file?: string };
  map.sources = [file];
  map.file = file;
  let js = result.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  // Appended, not prepended, so the source map's lines stay right; a function declaration is hoisted anyway.
  if (js.includes(IMPORT_META)) js += IMPORT_META_FUNCTION;
  return `${js}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

const IMPORT_META = '__stackfileImportMeta';
const IMPORT_META_FUNCTION = `function ${IMPORT_META}() { return { url: require('node:url').pathToFileURL(__filename).href, filename: __filename, dirname: __dirname }; }\n`;

/**
 * `import.meta` means nothing in CommonJS, yet stack files in ESM packages use `import.meta.url` and
 * `import.meta.dirname`; each `import.meta` becomes a call returning the same values for the file.
 */
function importMetaToCommonJs(ts: Ts): import('typescript').TransformerFactory<import('typescript').SourceFile> {
  return (context) => (sourceFile) => {
    const visit = (node: import('typescript').Node): import('typescript').Node =>
      ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword
        ? context.factory.createCallExpression(context.factory.createIdentifier(IMPORT_META), undefined, [])
        : ts.visitEachChild(node, visit, context);
    return ts.visitNode(sourceFile, visit) as import('typescript').SourceFile;
  };
}

type Ts = typeof import('typescript');
const ModuleInternals = Module as unknown as { _cache: Record<string, NodeJS.Module>; _nodeModulePaths(dir: string): string[]; wrap(code: string): string };
/** Set after the compiler was loaded without a usable code cache: writes one once the compiler has done some work. */
let saveTypescriptCodeCache: (() => void) | undefined;

/**
 * `require('typescript')`, with V8's compiled code for the 9 MB compiler kept on disk: parsing and compiling it is
 * most of the cost of a cache miss. The module is registered in require's cache, so `stack check` shares it.
 */
function loadTypescript(): Ts {
  const path = require.resolve('typescript');
  const loaded = ModuleInternals._cache[path];
  if (loaded) return loaded.exports as Ts;
  const dir = cacheDir();
  const codeCache = dir && join(dir, `typescript-${cacheSalt().replace(/\W+/g, '_')}-${process.version}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = codeCache ? readFileSync(codeCache) : undefined;
  } catch {
    /* first run */
  }
  const script = new Script(ModuleInternals.wrap(readFileSync(path, 'utf8')), { filename: path, cachedData });
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
  if (codeCache && (cachedData === undefined || script.cachedDataRejected)) {
    saveTypescriptCodeCache = () => {
      saveTypescriptCodeCache = undefined;
      writeCache(codeCache, script.createCachedData());
    };
  }
  return mod.exports as Ts;
}

function cacheSalt(): string {
  if (salt === undefined) {
    let tsVersion = 'unknown';
    try {
      // The package.json, not the compiler: reading the version must stay cheap.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      tsVersion = (require('typescript/package.json') as { version: string }).version;
    } catch {
      /* an unknown version still caches; the key changes when the source does */
    }
    salt = `${CACHE_VERSION}\0${tsVersion}`;
  }
  return salt;
}

function cacheDir(): string | undefined {
  if (process.env.STACKFILE_CACHE === '0') return undefined;
  return process.env.STACKFILE_CACHE_DIR ?? join(tmpdir(), `stackfile-${process.getuid?.() ?? 'user'}`, 'transpiled');
}

function cachePath(key: string): string | undefined {
  const dir = cacheDir();
  return dir && join(dir, `${key}.js`);
}

/** Best effort: a read-only or full disk only costs speed. Written under a temporary name so readers never see half a file. */
function writeCache(path: string, output: string | Buffer): void {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, output);
    renameSync(tmp, path);
  } catch {
    /* ignore */
  }
}
