import { realpathSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModuleDefinition, ModuleFactory, ModuleInstance, ModuleInstanceInfo, ModuleOptions, RequiredParams } from './module-types';
import type { NoUnknownKeys } from '../no-unknown-keys';
import { isPlainObject } from './overlay';

/** A one-argument module must not have required parameters: it has no `required` list to check them by. */
type NoRequiredParams<P> = [RequiredParams<P>] extends [never] ? unknown : { 'list the required parameters: defineModule({ required: [...] }, fn)': RequiredParams<P> };
/** Every required parameter is in `required`, so the runtime check matches the types. */
type AllRequiredListed<P, R> = [Exclude<RequiredParams<P>, R>] extends [never] ? unknown : { required: readonly R[] & { 'required parameters not listed': Exclude<RequiredParams<P>, R> } };

/**
 * What a module's function returns, checked key by key as defineStack's function form is: an object a function
 * returns is inferred, not checked against a declared type, so a misspelt key would pass. `outputs` are the module's
 * own, any shape.
 */
type CheckedDefinition<D> = NoUnknownKeys<D, Omit<ModuleDefinition, 'outputs'> & { outputs?: unknown }>;
/** The outputs a module's definition returns, as the type its instances carry. */
type OutputsOf<D> = D extends { outputs?: infer O } ? (O extends object ? O : {}) : {};

/**
 * Declares a stack module: a typed, parameterised piece of a stack (services, volumes, networks) that stacks list
 * under `modules`, from a local file, another folder or an npm package. The function returns the resources and
 * `outputs`, typed values the stack reads from the instance. Relative paths in the result resolve against the
 * module's own folder. A module with required parameters lists them in `required`, so a stack that skipped the
 * type-check gets a clear error instead of a TypeError from inside the module.
 * @example
 * export const postgres = defineModule(
 *   { name: 'postgres', required: ['password'] },
 *   (p: { name?: string; version?: string; password: Secret }) => {
 *     const name = p.name ?? 'postgres';
 *     return {
 *       services: { [name]: { image: `postgres:${p.version ?? '16'}`, environment: { POSTGRES_PASSWORD: p.password } } },
 *       outputs: { service: name, url: `postgres://postgres@${name}:5432/postgres` },
 *     };
 *   },
 * );
 * // stack.ts
 * const db = postgres({ name: 'db', password: secret('PG_PASSWORD') });
 * export default defineStack({
 *   modules: [db],
 *   services: { api: { build: './api', environment: { DATABASE_URL: db.url }, dependsOn: { [db.service]: 'healthy' } } },
 * });
 */
export function defineModule<P extends object = {}, D extends ModuleDefinition<object> = {}, const R extends RequiredParams<P> = never>(
  options: ModuleOptions<P> & { required?: readonly R[] } & AllRequiredListed<P, R>,
  create: (params: P) => CheckedDefinition<D>,
): ModuleFactory<P, OutputsOf<D>>;
/**
 * Declares a stack module whose parameters are all optional (or that takes none); a module with required parameters
 * uses the two-argument form, `defineModule({ required: [...] }, fn)`, so they are checked at run time too.
 * @example export const redis = defineModule((p: { name?: string }) => ({ services: { [p.name ?? 'redis']: { image: 'redis:7' } } }));
 */
export function defineModule<P extends object = {}, D extends ModuleDefinition<object> = {}>(create: ((params: P) => CheckedDefinition<D>) & NoRequiredParams<P>): ModuleFactory<P, OutputsOf<D>>;
export function defineModule(a: unknown, b?: unknown): unknown {
  const [options, create] = (typeof a === 'function' ? [{}, a] : [a ?? {}, b]) as [ModuleOptions<Record<string, unknown>>, (p: unknown) => unknown];
  if (typeof create !== 'function') throw new TypeError('defineModule needs a function that returns the module\'s resources: defineModule((params) => ({ services: { ... } }))');
  const file = callerFile();
  const name = options.name ?? (create.name || (file ? basename(file, extname(file)) : 'module'));
  const dir = options.dir ?? (file ? dirname(file) : process.cwd());
  const required = (options.required ?? []) as readonly string[];
  const factory = (params?: unknown) => instantiate({ version: 1, module: name, ...(file ? { file } : {}), dir }, required, create, params);
  Object.defineProperty(factory, 'name', { value: name });
  Object.defineProperty(factory, 'moduleName', { value: name, enumerable: true });
  return factory;
}

/**
 * Builds one instance. Problems are kept on the instance rather than thrown, so the stack reports every module's
 * problem at once, as a validation issue at `modules[i]`.
 */
function instantiate(base: ModuleInstanceInfo, required: readonly string[], create: (p: unknown) => unknown, params: unknown): ModuleInstance<object> {
  const failed = (message: string, hint?: string) => makeInstance({}, { ...base, error: { message, ...(hint ? { hint } : {}) } });
  if (params !== undefined && !isPlainObject(params)) return failed(`expects an object of parameters, got ${params === null ? 'null' : typeof params}`, `call it like ${base.module}({ ... })`);
  const given = (params ?? {}) as Record<string, unknown>;
  const missing = required.filter((key) => given[key] === undefined);
  if (missing.length > 0) {
    const list = missing.map((k) => `"${k}"`).join(', ');
    return failed(`needs the parameter${missing.length > 1 ? 's' : ''} ${list}, which ${missing.length > 1 ? 'were' : 'was'} not given`, `pass ${missing.length > 1 ? 'them' : 'it'}: ${base.module}({ ${missing.map((k) => `${k}: ...`).join(', ')} }); stack check finds this before anything runs`);
  }
  let definition: unknown;
  try {
    definition = create(params ?? {});
  } catch (err) {
    const e = err as Error;
    return failed(`threw while building its resources: ${e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(err)}`, `the error comes from the module's code${base.file ? ` in ${base.file}` : ''}; check the parameters passed to it`);
  }
  if (!isPlainObject(definition)) return failed(`returned ${definition === null ? 'null' : Array.isArray(definition) ? 'an array' : typeof definition} instead of { services, volumes, networks, outputs }`);
  const outputs = definition.outputs ?? {};
  if (!isPlainObject(outputs)) return failed('returned outputs that are not an object', 'outputs: { url: ..., service: ... }');
  return makeInstance(outputs, { ...base, definition: definition as ModuleDefinition<object> });
}

function makeInstance(outputs: Record<string, unknown>, info: ModuleInstanceInfo): ModuleInstance<object> {
  const instance = { ...outputs };
  // Not enumerable: printing or spreading an instance shows its outputs only.
  Object.defineProperty(instance, '__stackfileModule', { value: Object.freeze(info), enumerable: false });
  return Object.freeze(instance) as ModuleInstance<object>;
}

/** Whether a value is a module instance, from this copy of stackfile or another (a module package's own). */
export function isModuleInstance(value: unknown): value is ModuleInstance<object> {
  const info = typeof value === 'object' && value !== null ? (value as { __stackfileModule?: ModuleInstanceInfo }).__stackfileModule : undefined;
  return typeof info === 'object' && info !== null && info.version === 1;
}

/**
 * The real path of the file that called defineModule. The loader compiles .ts files under their own paths (inside
 * node_modules too), ES modules report file:// URLs, and a `file:` dependency is a symlink whose target is where
 * the module's files really are.
 */
function callerFile(): string | undefined {
  const savedPrepare = Error.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  let sites: NodeJS.CallSite[] = [];
  try {
    Error.prepareStackTrace = (_, callSites) => callSites;
    Error.stackTraceLimit = 5;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, defineModule);
    sites = (holder.stack as NodeJS.CallSite[] | undefined) ?? [];
  } finally {
    Error.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
  }
  for (const site of sites) {
    const name = site.getFileName();
    if (!name || name.startsWith('node:')) continue;
    const path = name.startsWith('file://') ? fileURLToPath(name) : name;
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  }
  return undefined;
}
