import type { LoadOptions, StackOptions } from '../api';
import type { LoadStackOptions, ResolveStackOptions } from './load-stack';

/** The library's load options (the CLI's flags) → what the loader takes: one mapping for `load` and the exports. */
export function loadStackOptions(options: LoadOptions): LoadStackOptions {
  return { ...resolveStackOptions(options), cwd: options.cwd, file: options.file };
}

export function resolveStackOptions(options: Omit<StackOptions, 'dir'>): ResolveStackOptions {
  return { env: options.env, projectName: options.projectName, profile: options.profiles, services: options.services, processEnv: options.vars, target: options.target };
}
