/**
 * The types of stack modules: reusable, parameterised pieces of a stack (a Postgres with its volume, a Redis, a web
 * app with its build) that a stack lists under `modules`. They live apart from types.ts because only module authors
 * and `compose-modules.ts` need most of them.
 */
import type { NetworkDefinition, ServiceSpec, VolumeDefinition } from './types';

/**
 * What a module's function returns: the resources it adds to the stack, and the values it hands back to it.
 * Relative paths in it (build contexts, bind mounts, env files, watch paths, `secret.file`) are relative to the
 * module's own file, not to the stack.ts that uses it.
 * @example
 * ({
 *   services: { [name]: { image: `postgres:${version}`, volumes: [`${name}-data:/var/lib/postgresql/data`] } },
 *   volumes: { [`${name}-data`]: {} },
 *   outputs: { service: name, url: `postgres://postgres@${name}:5432/postgres` },
 * })
 */
export interface ModuleDefinition<Outputs extends object = {}> {
  /** Services the module adds, by name. */
  services?: Record<string, ServiceSpec>;
  /** Named volumes the module adds. */
  volumes?: Record<string, VolumeDefinition>;
  /** Networks the module adds. */
  networks?: Record<string, NetworkDefinition>;
  /** Typed values the stack reads from the instance (`db.url`, `db.service`), so a rename is a compile error. */
  outputs?: Outputs;
}

/** What stackfile keeps about one module instance; read by the composer, not by stack.ts. */
export interface ModuleInstanceInfo {
  /** Bumped if this shape changes: instances may come from another copy of stackfile (a module package's own). */
  readonly version: 1;
  /** The module's name, for messages (`module postgres`). */
  readonly module: string;
  /** The file that called `defineModule`, when known. */
  readonly file?: string;
  /** Folder the module's relative paths resolve against. */
  readonly dir: string;
  /** The module function's result; absent when it could not be built (see `error`). */
  readonly definition?: ModuleDefinition<object>;
  /** Why the instance could not be built: a missing required parameter, or the module's function threw. */
  readonly error?: { readonly message: string; readonly hint?: string };
}

/**
 * One use of a module in a stack, e.g. `postgres({ name: 'db', password: secret('PG_PASSWORD') })`: its outputs
 * (`db.url`) plus what stackfile needs to add its resources when it is listed in the stack's `modules`.
 */
export type ModuleInstance<Outputs extends object = {}> = Outputs & { readonly __stackfileModule: ModuleInstanceInfo };

/** The keys of P that callers must pass. */
export type RequiredParams<P> = { [K in keyof P]-?: {} extends Pick<P, K> ? never : K }[keyof P];

/** A module, ready to be called with its parameters (which may be left out when none is required). */
export interface ModuleFactory<Params extends object, Outputs extends object> {
  (...params: {} extends Params ? [params?: Params] : [params: Params]): ModuleInstance<Outputs>;
  /** The module's name, as messages show it. */
  readonly moduleName: string;
}

/** How a module describes itself to stackfile. */
export interface ModuleOptions<Params extends object> {
  /** Name shown in messages (`services.db: defined by module postgres ...`). Default: the defining file's name. */
  name?: string;
  /**
   * The parameters callers must pass, checked before the module's function runs, so a stack whose type-check was
   * skipped gets "module postgres needs the parameter password" instead of a TypeError from inside the module.
   * Type-checked against the function's parameter type: every required parameter must be listed.
   */
  required?: readonly RequiredParams<Params>[];
  /** Folder the module's relative paths resolve against. Default: the folder of the file calling `defineModule`. */
  dir?: string;
}
