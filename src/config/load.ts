/**
 * Loads stack.ts with ts-node (the only ts-node user in stackfile). Files are transpiled to CommonJS without type
 * checking whatever the surrounding package's "type" is, so one loader serves CommonJS and ESM projects; ESM-only
 * packages load through Node's require(esm). `stack check` is where types are checked.
 */
import Module from 'node:module';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors';
import type { StackContext, StackDefinition } from '../model/types';
import { codeFrameAt } from './code-frame';
import { loadVars } from './vars';

export interface LoadedStack {
  /** Absolute path of stack.ts. */
  file: string;
  dir: string;
  /** The definition after calling the function form, before env overlay and validation. */
  definition: unknown;
  /** True when stack.ts exported a function (it may read ctx.env itself, so a missing `envs` entry is fine). */
  isFunction: boolean;
  /** Local files the stack depended on: stack.ts, the .ts/.js files it imported, and the .env files read. */
  dependencies: string[];
  vars: Record<string, string | undefined>;
}

type ResolveFilename = (request: string, parent: unknown, ...rest: unknown[]) => string;
const ModuleInternals = Module as unknown as { _resolveFilename: ResolveFilename; _cache: Record<string, unknown> };
const SELF = resolve(__dirname, '..', 'index.js');
let registered = false;
/** Files the previous load pulled in, purged before the next load so dev mode sees edits to helpers too. */
let previousDependencies: string[] = [];

function register(): void {
  if (registered) return;
  registered = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsNode = require('ts-node') as typeof import('ts-node');
  tsNode.register({
    transpileOnly: true,
    skipProject: true,
    compilerOptions: { module: 'commonjs', moduleResolution: 'node', target: 'es2022', esModuleInterop: true, sourceMap: true, jsx: 'react' },
    moduleTypes: { '**': 'cjs' },
  });
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

/** Loads and evaluates stack.ts; the function form is called with the env and the layered variables. */
export async function loadStackFile(file: string, options: { env?: string; processEnv?: NodeJS.ProcessEnv } = {}): Promise<LoadedStack> {
  register();
  const dir = dirname(file);
  const { vars, files: envFiles } = loadVars(dir, options.env, options.processEnv);
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
  const dependencies = [...new Set([file, ...previousDependencies, ...envFiles])];
  const mod = exported as { default?: unknown; __esModule?: boolean } | undefined;
  // A transpiled ES module keeps its export under `default`; a CommonJS one (module.exports = ...) is the value.
  const value = mod && typeof mod === 'object' && (mod.__esModule || 'default' in mod) ? mod.default : exported;
  if (value === undefined || (isEmptyObject(value) && typeof exported === 'object')) {
    throw new UserError(`${file} has no default export`, { hint: "end it with export default defineStack({ services: { ... } }) (import { defineStack } from 'stackfile')" });
  }
  const isFunction = typeof value === 'function';
  let definition: unknown = value;
  if (isFunction) {
    const ctx: StackContext = { env: options.env, vars, dir };
    try {
      definition = await (value as (c: StackContext) => StackDefinition | Promise<StackDefinition>)(ctx);
    } catch (err) {
      throw toLoadError(err, file);
    }
  }
  return { file, dir, definition, isFunction, dependencies, vars };
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function isLocal(file: string): boolean {
  return !file.includes(`${'/'}node_modules${'/'}`) && !file.startsWith(resolve(__dirname, '..')) && /\.[cm]?[jt]sx?$|\.json$/.test(file);
}

interface TsDiagnostic {
  file?: { fileName: string; text: string; getLineAndCharacterOfPosition(pos: number): { line: number; character: number } };
  start?: number;
  messageText: string | { messageText: string };
}

/** Turns what went wrong while evaluating stack.ts into a user error that points at the user's file and line. */
function toLoadError(err: unknown, file: string): UserError {
  const e = err as Error & { diagnostics?: TsDiagnostic[]; code?: string };
  if (e && e.name === 'TSError' && e.diagnostics?.length) {
    const parts = e.diagnostics.map((d) => {
      const msg = typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText;
      if (!d.file || d.start === undefined) return msg;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${d.file.fileName}:${line + 1}:${character + 1}: ${msg}\n${codeFrameAt(d.file.text, line + 1, character + 1)}`;
    });
    return new UserError(`syntax error in stack file:\n${parts.join('\n')}`, { hint: 'fix the syntax and run again; nothing was changed' });
  }
  if (e instanceof SyntaxError) {
    const where = /^(\/[^\n]+?):(\d+)\n/.exec(e.stack ?? '');
    return new UserError(`syntax error${where ? ` in ${where[1]}:${where[2]}` : ''}: ${e.message}`, { hint: 'fix the syntax and run again; nothing was changed' });
  }
  if (e instanceof UserError) return e;
  if (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') {
    const req = /Require stack:\n- ([^\n]+)/.exec(e.message);
    return new UserError(`${e.message.split('\n')[0]}${req ? ` (imported from ${req[1]})` : ''}`, { hint: 'install the package (npm install ...) or fix the import path' });
  }
  if (e?.code === 'ERR_REQUIRE_ASYNC_MODULE' || e?.code === 'ERR_REQUIRE_ESM') {
    return new UserError(`${file} imports an ES module stackfile cannot load synchronously: ${e.message.split('\n')[0]}`, {
      hint: 'import it inside the function form instead: export default defineStack(async (ctx) => { const m = await import(...); ... })',
    });
  }
  const message = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(err);
  const frame = (e?.stack ?? '').split('\n').map((l) => /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?$/.exec(l.trim())).find((m) => m && isLocal(m[1]));
  const where = frame ? `${frame[1]}:${frame[2]}:${frame[3]}` : file;
  return new UserError(`${where}: stack file threw: ${message}`, { hint: 'this error comes from your stack file (or a file it imports), not from stackfile', cause: err });
}
