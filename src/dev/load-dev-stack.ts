import { loadStack, type LoadStackOptions } from '../config/load-stack';
import { ValidationError } from '../errors';

/**
 * stack.ts as `stack dev` runs it: with the env given (`--env`, `STACK_ENV`), else with env `dev` when stack.ts
 * defines `envs.dev`, else with none. A broken dev overlay is reported as such, not hidden by falling back.
 */
export async function loadDevStack(options: LoadStackOptions): Promise<Awaited<ReturnType<typeof loadStack>>> {
  if (options.env) return loadStack(options);
  let devError: unknown;
  try {
    const withDev = await loadStack({ ...options, env: 'dev' });
    if (definesEnv(withDev.loaded.definition, 'dev')) return withDev;
  } catch (err) {
    // An object-form stack without envs.dev fails validation with env "dev"; whether it has one is known below.
    if (!(err instanceof ValidationError)) throw err;
    devError = err;
  }
  const plain = await loadStack({ ...options, env: undefined });
  if (devError && definesEnv(plain.loaded.definition, 'dev')) throw devError;
  return plain;
}

function definesEnv(definition: unknown, env: string): boolean {
  const envs = (definition as { envs?: unknown } | undefined)?.envs;
  return typeof envs === 'object' && envs !== null && env in envs;
}
