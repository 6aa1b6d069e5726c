import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';

/**
 * Parses a service's `envFile` with the same parser and `${VAR}` / `${VAR:-default}` expansion as the stack's own
 * .env files. References resolve against the file itself first, then the stack's variables; unlike those, the file's
 * own keys are not overridden by the shell: they are the container's environment, as with Compose's env_file.
 */
export function parseEnvFile(text: string, vars: Record<string, string | undefined>): Record<string, string> {
  const parsed = parse(text);
  const outer: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) if (v !== undefined && !Object.hasOwn(parsed, k)) outer[k] = v;
  return expand({ parsed, processEnv: outer }).parsed ?? parsed;
}
