import { loadStack, loadStackCollect, type LoadStackOptions } from '../config/load-stack';
import { ValidationError } from '../errors';

/**
 * stack.ts as `stack dev` runs it: with the env given (`--env`, `STACK_ENV`), else with env `dev` when stack.ts
 * defines `envs.dev`, else with none. A broken dev overlay is reported as such, not hidden by falling back.
 */
export async function loadDevStack(options: LoadStackOptions): Promise<Awaited<ReturnType<typeof loadStack>>> {
  if (options.env) return loadStack(options);
  const withDev = await loadStackCollect({ ...options, env: 'dev' });
  if (definesEnv(withDev.loaded.definition, 'dev')) {
    if (withDev.issues.length > 0 || !withDev.desired) throw new ValidationError(withDev.issues, withDev.loaded.file);
    return { desired: withDev.desired, loaded: withDev.loaded };
  }
  // No envs.dev: loaded again without an env, since ctx.env and the env files differ.
  return loadStack({ ...options, env: undefined });
}

function definesEnv(definition: unknown, env: string): boolean {
  const envs = (definition as { envs?: unknown } | undefined)?.envs;
  return typeof envs === 'object' && envs !== null && env in envs;
}
