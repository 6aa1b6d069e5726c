import { resolveStack } from '../model/normalize';
import type { DesiredState } from '../model/desired';
import { findStackFile } from './find';
import { loadStackFile, type LoadedStack } from './load';
import { trace } from '../trace';

export interface LoadStackOptions {
  cwd?: string;
  /** `-f/--file`: a stack.ts path or a folder holding one. */
  file?: string;
  env?: string;
  /** `-p/--project-name`: overrides the stack's name. */
  projectName?: string;
}

/** stack.ts → validated desired state: find, load, overlay the env, normalise, validate (throws a UserError). */
export async function loadStack(options: LoadStackOptions = {}): Promise<{ desired: DesiredState; loaded: LoadedStack }> {
  const file = findStackFile(options.cwd ?? process.cwd(), options.file);
  const loaded = await loadStackFile(file, { env: options.env });
  trace('stack.ts loaded');
  const desired = resolveStack(loaded.definition, {
    dir: loaded.dir,
    file,
    env: options.env,
    vars: loaded.vars,
    projectName: options.projectName,
    strictEnv: !loaded.isFunction,
  });
  trace('stack resolved and validated');
  return { desired, loaded };
}
