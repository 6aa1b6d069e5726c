/**
 * TypeScript → CommonJS for the loader, without type checking, cached on disk (keyed by path and content), so a
 * stack.ts that hasn't changed since the last run costs a file read.
 *
 * A changed file is stripped of its types by swc (~25 ms, a native compiler that loads in-process). ts-node, in
 * transpile-only mode, does what swc does not: `import.meta` (rewritten for CommonJS by a TypeScript transformer) and
 * the error messages for a file that does not parse, in TypeScript's words with its line and column. It is also the
 * fallback where swc's native binary is missing for the platform. ts-node loads the 9 MB TypeScript compiler, about
 * 130 ms even from V8's code cache, which was most of an `up` after an edit (docs/benchmarks.md).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir, pruneCache, writeCache } from '../cache';
import { compileWithCodeCache } from '../code-cache';
import { hashText } from '../hash-text';
import { PACKAGE_ROOT } from '../package-root';

/**
 * Syntax errors TypeScript found while transpiling, thrown from inside require(); the loader turns them into the
 * code-framed TranspileError (errors.ts) that names stack.ts too.
 */
export class TranspileFailure extends Error {
  constructor(readonly diagnostics: readonly TranspileDiagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'));
    this.name = 'TranspileFailure';
  }

  /**
   * Recognised by a mark rather than `instanceof`: the `.ts` hook is process-wide, and the copy of this module that
   * registered it may not be the one catching (the library's dist/ and the CLI bundle, or two installed versions,
   * in one process). A test run that loaded both copies got a "stack file threw: TranspileFailure" instead of the
   * code-framed syntax error.
   */
  static is(err: unknown): err is TranspileFailure {
    return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[TRANSPILE_FAILURE] === true;
  }
}
const TRANSPILE_FAILURE = Symbol.for('stackfile.TranspileFailure');
Object.defineProperty(TranspileFailure.prototype, TRANSPILE_FAILURE, { value: true });

export interface TranspileDiagnostic {
  file: string;
  /** 1-based, as editors count. */
  line: number;
  column: number;
  message: string;
  source: string;
}

// Bump when the emitted code would change for the same input (options, helpers), so stale entries are ignored.
const CACHE_VERSION = '5';
let salt: string | undefined;

/** The CommonJS code (with an inline source map) for a TypeScript file's source text. */
export function transpileToCommonJs(code: string, file: string): string {
  const key = hashText(`${cacheSalt()}\0${file}\0${code}`);
  const cached = cachePath(key);
  if (cached) {
    try {
      return readFileSync(cached, 'utf8');
    } catch {
      /* a miss: transpile below */
    }
  }
  const output = transpile(code, file);
  if (cached) {
    writeCache(cached, output);
    pruneCache(dirname(cached));
  }
  return output;
}

let service: import('ts-node').Service | undefined;

/**
 * ts-node's transpile-only service (the only ts-node user): created on the first cache miss, after the compiler was
 * loaded through `loadTypescript()` so ts-node shares that instance and its code cache.
 */
function tsNode(): import('ts-node').Service {
  if (service) return service;
  const ts = loadTypescript();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { create } = require('ts-node') as typeof import('ts-node');
  service = create({
    transpileOnly: true,
    skipProject: true,
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', esModuleInterop: true, jsx: 'react', sourceMap: true, inlineSources: true },
    transformers: { before: [importMetaToCommonJs(ts)] },
  });
  return service;
}

function transpile(code: string, file: string): string {
  if (!IMPORT_META_USE.test(code)) {
    const js = swcTranspile(code, file);
    if (js !== undefined) return js;
  }
  return tsNodeTranspile(code, file);
}

const IMPORT_META_USE = /\bimport\s*\.\s*meta\b/;
type Swc = typeof import('@swc/core');
/** undefined: not tried yet; null: no usable native binary here. */
let swc: Swc | null | undefined;

/**
 * swc's output for the file, or undefined when ts-node should do it: swc is not available, or the file does not
 * parse (ts-node then reports the error in TypeScript's words). Same semantics as the ts-node options below:
 * CommonJS with esModuleInterop, native dynamic import(), ES2022, classic JSX.
 */
function swcTranspile(code: string, file: string): string | undefined {
  if (swc === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      swc = require('@swc/core') as Swc;
    } catch {
      swc = null;
    }
  }
  if (!swc) return undefined;
  let out: { code: string; map?: string };
  try {
    out = swc.transformSync(code, {
      filename: file,
      swcrc: false,
      configFile: false,
      sourceMaps: true,
      inlineSourcesContent: true,
      jsc: { parser: { syntax: 'typescript', tsx: /x$/.test(file) }, target: 'es2022', transform: { react: { runtime: 'classic' } } },
      module: { type: 'commonjs', ignoreDynamic: true },
    });
  } catch {
    return undefined;
  }
  return withSourceMap(out.code, out.map ?? '{}', file);
}

/** The code with its source map inline, naming the user's real file (the compilers name the file they were given). */
function withSourceMap(js: string, mapJson: string, file: string): string {
  const map = JSON.parse(mapJson) as { sources?: string[]; file?: string };
  map.sources = [file];
  map.file = file;
  return `${js}${js.endsWith('\n') ? '' : '\n'}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

function tsNodeTranspile(code: string, file: string): string {
  // Under NodeNext a .cts file is emitted as CommonJS that keeps dynamic import() native, so `await import('esm-only')`
  // inside the function form reaches Node's ESM loader (packages with top-level await load that way). Every stack
  // file is compiled under a .cts name so a "type": "module" package (or an .mts file) does not turn it into ESM,
  // which require() cannot run.
  const asCommonJs = file.replace(/\.[cm]?tsx?$/, '.cts');
  let js: string;
  try {
    js = tsNode().compile(code, asCommonJs);
  } catch (err) {
    const diagnostics = (err as { diagnostics?: readonly import('typescript').Diagnostic[] }).diagnostics;
    if (!diagnostics?.length) throw err;
    const ts = loadTypescript();
    throw new TranspileFailure(
      diagnostics.map((d) => {
        const { line, character } = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
        return { file, line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), source: code };
      }),
    );
  }
  saveTypescriptCodeCache?.();
  const MAP_PREFIX = '//# sourceMappingURL=data:application/json;charset=utf-8;base64,';
  const at = js.lastIndexOf(MAP_PREFIX);
  let body = js.slice(0, at);
  // Appended, not prepended, so the source map's lines stay right; a function declaration is hoisted anyway.
  if (body.includes(IMPORT_META)) body += IMPORT_META_FUNCTION;
  return withSourceMap(body, Buffer.from(js.slice(at + MAP_PREFIX.length).trim(), 'base64').toString('utf8'), file);
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
/** Set after the compiler was loaded without a usable code cache: writes one once the compiler has done some work. */
let saveTypescriptCodeCache: (() => void) | undefined;

/**
 * `require('typescript')`, with V8's compiled code for the 9 MB compiler kept on disk: parsing and compiling it is
 * most of the cost of a cache miss. The module is registered in require's cache, so `stack check` shares it.
 */
function loadTypescript(): Ts {
  const path = require.resolve('typescript');
  const loaded = require.cache[path];
  if (loaded) return loaded.exports as Ts;
  const dir = cacheDir();
  // Named after the compiler's version, not its content: hashing 9 MB on every load would cost what the cache saves.
  const codeCache = dir && join(dir, `typescript-${cacheSalt().replace(/\W+/g, '_')}-${process.version}.v8`);
  const { run, saveCodeCache } = compileWithCodeCache(path, readFileSync(path, 'utf8'), codeCache);
  const ts = run() as Ts;
  if (saveCodeCache) {
    saveTypescriptCodeCache = () => {
      saveTypescriptCodeCache = undefined;
      saveCodeCache();
    };
  }
  return ts;
}

/**
 * From the package.json, not the package itself: reading a compiler's version must stay cheap. Read where require
 * finds it from here (in node_modules folders from stackfile's own up), without require's resolution machinery, which
 * cost 1-2 ms of every stack.ts load for the two files.
 */
export function compilerVersion(name: string): string {
  for (let dir = PACKAGE_ROOT; ; dir = dirname(dir)) {
    try {
      return (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // Not in this node_modules.
    }
    if (dirname(dir) === dir) break;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown'; // an unknown version still caches; the key changes when the source does
  }
}

function cacheSalt(): string {
  if (salt === undefined) {
    salt = `${CACHE_VERSION}\0${compilerVersion('typescript')}\0${compilerVersion('@swc/core')}`;
  }
  return salt;
}

function cachePath(key: string): string | undefined {
  const dir = cacheDir();
  return dir && join(dir, `${key}.js`);
}
