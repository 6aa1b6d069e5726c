import { basename, join } from 'node:path';
import { ValidationError, type Issue } from '../errors';
import { resolveStackCollect } from '../model/normalize';
import type { DesiredState } from '../model/desired';
import { findStackFile } from './find';
import { loadStackFile, type LoadedStack } from './load';
import { envFileNames } from '../model/env-file';
import { trace } from '../trace';

export interface LoadStackOptions {
  cwd?: string;
  /** `-f/--file`: a stack.ts path or a folder holding one. */
  file?: string;
  env?: string;
  /** `-p/--project-name`: overrides the stack's name. */
  projectName?: string;
  /** `--profile`: enabled profiles. */
  profile?: string[];
  /** Services named on the command line (naming one enables it whatever its profiles). */
  services?: string[];
}

/** stack.ts → validated desired state: find, load, overlay the env, normalise, validate (throws a UserError). */
export async function loadStack(options: LoadStackOptions = {}): Promise<{ desired: DesiredState; loaded: LoadedStack }> {
  const { desired, issues, loaded } = await loadStackCollect(options);
  if (issues.length > 0 || !desired) throw new ValidationError(issues, loaded.file);
  return { desired, loaded };
}

/**
 * Like loadStack, but returns the problems instead of throwing, with the state as far as it resolved (its project
 * name, say): for commands that can go on without a valid stack, without evaluating stack.ts a second time.
 */
export async function loadStackCollect(options: LoadStackOptions = {}): Promise<{ desired?: DesiredState; issues: Issue[]; loaded: LoadedStack }> {
  const file = findStackFile(options.cwd ?? process.cwd(), options.file);
  const loaded = await loadStackFile(file, { env: options.env });
  trace('stack.ts loaded');
  const { state: desired, issues } = resolveStackCollect(loaded.definition, {
    dir: loaded.dir,
    file,
    env: options.env,
    vars: loaded.vars,
    projectName: options.projectName,
    // An --env is known when the overlay defines it, when the function form looked at ctx.env, or when env files
    // for it exist; otherwise it is most likely a typo and an error lists the known ones.
    strictEnv: !loaded.use.envRead && !loaded.envFiles.some((f) => basename(f).startsWith(`.env.${options.env}`)),
    missingVars: loaded.use.missing,
    profiles: options.profile,
    services: options.services,
  });
  // Env files and secret files count as inputs too: `stack dev` reloads when one changes.
  // So do the env files that could exist for this env: creating .env.local is seen as much as editing it.
  const candidates = envFileNames(options.env).map((name) => join(loaded.dir, name));
  loaded.dependencies = [...new Set([...loaded.dependencies, ...(desired?.inputs ?? []), ...candidates])];
  trace('stack resolved and validated');
  return { desired, issues, loaded };
}
