import { basename, join } from 'node:path';
import { ValidationError, type Issue } from '../errors';
import { resolveStackCollect } from '../model/normalize';
import type { DesiredState } from '../model/desired';
import { findStackFile } from './find';
import { evaluateStack, loadStackFile, type LoadedStack } from './load';
import { envFileNames } from '../model/env-file';
import { trace } from '../trace';

/** How a stack is resolved, wherever it came from (a stack.ts file or a value handed to the library). */
export interface ResolveStackOptions {
  env?: string;
  /** `-p/--project-name`: overrides the stack's name. */
  projectName?: string;
  /** `--profile`: enabled profiles. */
  profile?: string[];
  /** Services named on the command line (naming one enables it whatever its profiles). */
  services?: string[];
  /** The environment the env files are layered under (default process.env). */
  processEnv?: NodeJS.ProcessEnv;
  /** `--target`: over stack.ts's `target`. */
  target?: 'containers' | 'swarm';
  /** Secrets from variables and files are not read (see ResolveOptions.skipSecretValues): for the exports only. */
  skipSecretValues?: boolean;
  /** Validate for a Kubernetes export rather than for Docker (see ResolveOptions.exportTo). */
  exportTo?: 'kubernetes';
}

export interface LoadStackOptions extends ResolveStackOptions {
  cwd?: string;
  /** `-f/--file`: a stack.ts path or a folder holding one. */
  file?: string;
}

export interface LoadResult<L extends LoadedStack = LoadedStack> {
  desired?: DesiredState;
  issues: Issue[];
  loaded: L;
}

/** A stack loaded from its file (not a value handed to the library). */
export type LoadedStackFile = LoadedStack & { file: string };

/** stack.ts → validated desired state: find, load, overlay the env, normalise, validate (throws a UserError). */
export async function loadStack(options: LoadStackOptions = {}): Promise<{ desired: DesiredState; loaded: LoadedStackFile }> {
  return valid(await loadStackCollect(options));
}

/**
 * Like loadStack, but returns the problems instead of throwing, with the state as far as it resolved (its project
 * name, say): for commands that can go on without a valid stack, without evaluating stack.ts a second time.
 */
export async function loadStackCollect(options: LoadStackOptions = {}): Promise<LoadResult<LoadedStackFile>> {
  const file = findStackFile(options.cwd ?? process.cwd(), options.file);
  const loaded = await loadStackFile(file, { env: options.env, processEnv: options.processEnv });
  trace('stack.ts loaded');
  return resolveLoaded({ ...loaded, file }, options);
}

/**
 * A stack given as a value (the library's `resolve`/`up`/`plan` with an object or a function): the same layering of
 * env files from `dir` and the same validation as a stack.ts file gets.
 */
export async function resolveValueCollect(value: unknown, options: ResolveStackOptions & { dir: string }): Promise<LoadResult> {
  return resolveLoaded(await evaluateStack(value, { dir: options.dir, env: options.env, processEnv: options.processEnv }), options);
}

/** Throws the problems of a collecting load as one ValidationError. */
export function valid<L extends LoadedStack>(result: LoadResult<L>): { desired: DesiredState; loaded: L } {
  if (result.issues.length > 0 || !result.desired) throw new ValidationError(result.issues, result.loaded.file);
  return { desired: result.desired, loaded: result.loaded };
}

function resolveLoaded<L extends LoadedStack>(loaded: L, options: ResolveStackOptions): LoadResult<L> {
  const { state: desired, issues } = resolveStackCollect(loaded.definition, {
    dir: loaded.dir,
    file: loaded.file,
    env: options.env,
    vars: loaded.vars,
    projectName: options.projectName,
    // An --env is known when the overlay defines it, when the function form looked at ctx.env, or when env files
    // for it exist; otherwise it is most likely a typo and an error lists the known ones.
    strictEnv: !loaded.use.envRead && !loaded.envFiles.some((f) => basename(f).startsWith(`.env.${options.env}`)),
    missingVars: loaded.use.missing,
    notBooleanVars: loaded.use.notBoolean,
    profiles: options.profile,
    services: options.services,
    target: options.target,
    skipSecretValues: options.skipSecretValues,
    exportTo: options.exportTo,
  });
  // Env files and secret files count as inputs too: `stack dev` reloads when one changes.
  // So do the env files that could exist for this env: creating .env.local is seen as much as editing it.
  const candidates = envFileNames(options.env).map((name) => join(loaded.dir, name));
  loaded.dependencies = [...new Set([...loaded.dependencies, ...(desired?.inputs ?? []), ...candidates])];
  trace('stack resolved and validated');
  return { desired, issues, loaded };
}
