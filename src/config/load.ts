/**
 * Loads stack.ts: the only place user TypeScript is evaluated. Files are transpiled to CommonJS without type checking
 * whatever the surrounding package's "type" is, so one loader serves CommonJS and ESM projects; ESM-only packages
 * load through Node's require(esm). `stack check` is where types are checked.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import { StackLoadError, TranspileError, UserError } from '../errors';
import { PACKAGE_ENTRY } from '../package-root';
import type { StackContext, StackDefinition } from '../model/types';
import { TranspileFailure, transpileToCommonJs } from './transpile';
import { isLocal, userFrame } from './user-frame';
import { createStackContext, type ContextUse } from './stack-context';
import { loadVars, type LoadedVars } from './vars';

export interface LoadedStack {
  /** Absolute path of stack.ts; undefined for a stack handed to the library as a value. */
  file?: string;
  dir: string;
  /** The definition after calling the function form, before env overlay and validation. */
  definition: unknown;
  /** True when stack.ts exported a function (it may read ctx.env itself, so a missing `envs` entry is fine). */
  isFunction: boolean;
  /** Local files the stack depended on: stack.ts, the .ts/.js files it imported, and the .env files read. */
  dependencies: string[];
  vars: Record<string, string | undefined>;
  /** Every definition of a variable, winner first (for `stack config --explain`). */
  varSources: LoadedVars['sources'];
  /** Env files that existed for the selected env (lowest precedence first). */
  envFiles: string[];
  /** What the function form did with ctx: missing required variables, variables read, whether it read ctx.env. */
  use: ContextUse;
}

type ResolveFilename = (request: string, parent: unknown, ...rest: unknown[]) => string;
type CompilingModule = NodeJS.Module & { _compile(code: string, filename: string): void };
const ModuleInternals = Module as unknown as {
  _resolveFilename: ResolveFilename;
  _cache: Record<string, unknown>;
  _extensions: Record<string, (module: CompilingModule, filename: string) => void>;
};
/** What `import ... from 'stackfile'` names: this installation's public API. */
const SELF = PACKAGE_ENTRY;
const TS_EXTENSIONS = ['.ts', '.cts', '.mts', '.tsx'];
let registered = false;
/** Files the previous load pulled in, purged before the next load so dev mode sees edits to helpers too. */
let previousDependencies: string[] = [];

function register(): void {
  if (registered) return;
  registered = true;
  shareApi();
  // Errors thrown in stack.ts then point at its own lines, not at the transpiled output's.
  process.setSourceMapsEnabled(true);
  for (const ext of TS_EXTENSIONS) {
    ModuleInternals._extensions[ext] = (module, filename) => module._compile(transpileToCommonJs(readFileSync(filename, 'utf8'), filename), filename);
  }
  const original = ModuleInternals._resolveFilename;
  ModuleInternals._resolveFilename = function (request, parent, ...rest) {
    // Every stack file gets this stackfile, whichever copy its own node_modules may hold, so secret() markers and
    // types agree with the loader, and stacks outside any package can still import it.
    if (request === 'stackfile') return SELF;
    try {
      return original.call(this, request, parent, ...rest);
    } catch (err) {
      // ESM-style TypeScript imports name the emitted file ('./lib.js'); map them back to the source ('./lib.ts').
      if (/^\.\.?\//.test(request) && /\.[cm]?js$/.test(request)) {
        try {
          return original.call(this, request.replace(/\.([cm]?)js$/, '.$1ts'), parent, ...rest);
        } catch {
          /* fall through to the original error */
        }
      }
      throw err;
    }
  };
}

/**
 * Makes `require('stackfile')` return the API of the code running now. The CLI runs from a bundle (dist/cli.bundle.js),
 * which holds its own copy of the API, so without this a stack file would get a second one from dist/index.js, whose
 * UserError, say, the loader's `instanceof` would not recognize. Unbundled, the entry is that module itself already.
 */
function shareApi(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api: unknown = require('../index');
  if (ModuleInternals._cache[SELF]) return;
  const mod = new Module(SELF) as NodeJS.Module & { filename: string; loaded: boolean };
  mod.filename = SELF;
  mod.loaded = true;
  mod.exports = api;
  ModuleInternals._cache[SELF] = mod;
}

/** Loads and evaluates stack.ts; the function form is called with the env and the layered variables. */
export async function loadStackFile(file: string, options: { env?: string; processEnv?: NodeJS.ProcessEnv } = {}): Promise<LoadedStack> {
  register();
  for (const dep of previousDependencies) delete ModuleInternals._cache[dep];
  const before = new Set(Object.keys(ModuleInternals._cache));
  let exported: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(file);
  } catch (err) {
    throw toLoadError(err, file);
  } finally {
    previousDependencies = Object.keys(ModuleInternals._cache).filter((f) => !before.has(f) && isLocal(f));
  }
  const mod = exported as { default?: unknown; __esModule?: boolean } | undefined;
  // A transpiled ES module keeps its export under `default`; a CommonJS one (module.exports = ...) is the value.
  const value = mod && typeof mod === 'object' && (mod.__esModule || 'default' in mod) ? mod.default : exported;
  if (value === undefined || (isEmptyObject(value) && typeof exported === 'object')) {
    throw new StackLoadError(`${file} has no default export`, { file, hint: "end it with export default defineStack({ services: { ... } }) (import { defineStack } from 'stackfile')" });
  }
  return evaluateStack(value, { file, dir: dirname(file), env: options.env, processEnv: options.processEnv, modules: previousDependencies });
}

/**
 * What stack.ts exported (an object or the function form) → the definition, with the variables it saw: the env
 * files of `dir` layered under `processEnv` (default process.env), as for every stack, whether it came from a file or
 * was handed to the library.
 */
export async function evaluateStack(
  value: unknown,
  options: { file?: string; dir: string; env?: string; processEnv?: NodeJS.ProcessEnv; modules?: string[] },
): Promise<LoadedStack> {
  const { file, dir } = options;
  const { vars, files: envFiles, sources } = loadVars(dir, options.env, options.processEnv);
  const { ctx, use } = createStackContext(options.env, vars, dir);
  const isFunction = typeof value === 'function';
  let definition: unknown = value;
  if (isFunction) {
    try {
      definition = await (value as (c: StackContext) => StackDefinition | Promise<StackDefinition>)(ctx);
    } catch (err) {
      if (!file) throw err;
      throw toLoadError(err, file);
    }
  }
  const dependencies = [...new Set([...(file ? [file] : []), ...(options.modules ?? []), ...envFiles])];
  return { file, dir, definition, isFunction, dependencies, vars, varSources: sources, envFiles, use };
}

/**
 * `file:line:column` of the import of `request` in `file`. Read from the source: the transpiled file's requires are
 * hoisted, and their source map points at the first import, not at the one that failed.
 */
function importLine(file: string, request: string | undefined): string | undefined {
  if (request === undefined) return undefined;
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const quoted = new RegExp(`(?:from\\s*|import\\s*\\(?\\s*|require\\s*\\(\\s*)(['"\`])${request.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`);
  for (let i = 0; i < lines.length; i++) {
    const m = quoted.exec(lines[i]);
    if (m) return `${file}:${i + 1}:${m.index + m[0].length - request.length - 1}`;
  }
  return undefined;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}


/** Turns what went wrong while evaluating stack.ts into a user error that points at the user's file and line. */
function toLoadError(err: unknown, file: string): UserError {
  const e = err as Error & { code?: string; path?: string };
  if (TranspileFailure.is(e)) {
    // Only now: @babel/code-frame is not worth loading on every run.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { codeFrameAt } = require('./code-frame') as typeof import('./code-frame');
    const parts = e.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}\n${codeFrameAt(d.source, d.line, d.column)}`);
    const diagnostics = e.diagnostics.map(({ file: f, line, column, message }) => ({ file: f, line, column, message }));
    return new TranspileError(`syntax error in stack file:\n${parts.join('\n')}`, { file, diagnostics });
  }
  if (e instanceof SyntaxError) {
    // A JavaScript file (a .js helper, a package) that Node itself failed to parse.
    const where = /^((?:\/|[A-Za-z]:\\)[^\n]+?):(\d+)\n/.exec(e.stack ?? '');
    return new StackLoadError(`syntax error${where ? ` in ${where[1]}:${where[2]}` : ''}: ${e.message}`, { file, files: where ? [where[1]] : [], hint: 'fix the syntax and run again; nothing was changed' });
  }
  if (e instanceof UserError) return e;
  if ((e?.code === 'EACCES' || e?.code === 'EPERM') && e.path) {
    // Reading the file failed before any of the user's code ran: not their code's fault, nor a missing package.
    return new StackLoadError(`cannot read ${e.path}: permission denied`, { file, files: [e.path], hint: `make it readable for this user (ls -l ${e.path}; chmod a+r ${e.path}), or run stack as a user who may read it`, cause: err });
  }
  if (e?.code === 'EISDIR' && e.path) {
    return new StackLoadError(`${e.path} is a folder, not a file`, { file, files: [e.path], hint: 'a stack file or a file it imports must be a file: rename or remove the folder', cause: err });
  }
  if (e?.code === 'ERR_MODULE_NOT_FOUND' && /^Cannot find package 'stackfile' imported from /.test(e.message)) {
    // The loader hands stackfile to CommonJS and TypeScript files, but an ES module resolves it with Node's resolver.
    return new StackLoadError(e.message.split('\n')[0], { file, hint: 'install stackfile where that package lives: an ES module package of stack modules needs it as a dependency (npm install -D stackfile in its repo, or in the project that installs it)' });
  }
  if (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') {
    const request = /^Cannot find (?:module|package) '([^']+)'/.exec(e.message)?.[1];
    // The importing file: the innermost of the user's frames, else the importer Node names.
    const importer = userFrame(e)?.replace(/:\d+:\d+$/, '') ?? /Require stack:\n- ([^\n]+)/.exec(e.message)?.[1];
    const where = importer && (importLine(importer, request) ?? importer);
    const relative = request !== undefined && /^\.\.?\//.test(request);
    return new StackLoadError(`${where ? `${where}: ` : ''}${e.message.split('\n')[0]}`, {
      file,
      files: importer && isLocal(importer) ? [importer] : [],
      hint: relative ? `fix the import path: no file ${request} (.ts, .js or a folder with index.ts) next to the file importing it` : `install the package (npm install ${request ?? '...'}) or fix the import`,
      cause: err,
    });
  }
  if (e?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
    return new StackLoadError(`${file} imports a package that cannot be loaded with require(): ${e.message.split('\n')[0]}`, {
      file,
      hint: 'if the package only exports an "import" condition, load it inside the function form: export default defineStack(async (ctx) => { const m = await import(\'pkg\'); ... })',
    });
  }
  if (e?.code === 'ERR_REQUIRE_ASYNC_MODULE' || e?.code === 'ERR_REQUIRE_ESM') {
    const why = e.code === 'ERR_REQUIRE_ASYNC_MODULE' ? 'uses top-level await, so it cannot be loaded synchronously' : `cannot be loaded with require() on Node ${process.version} (stackfile needs Node ≥ 20.19)`;
    return new StackLoadError(`${file} imports an ES module that ${why} (${e.message.split('\n')[0]})`, {
      file,
      hint: "import it dynamically inside the function form: export default defineStack(async (ctx) => { const m = await import('pkg'); ... })",
    });
  }
  const message = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(err);
  const at = e instanceof Error ? userFrame(e) : undefined;
  return new StackLoadError(`${at ?? file}: stack file threw: ${message}`, { file, files: at ? [at.replace(/:\d+:\d+$/, '')] : [], hint: 'this error comes from your stack file (or a file it imports), not from stackfile', cause: err });
}
