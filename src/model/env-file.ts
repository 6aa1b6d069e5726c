import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';

/** A stack's env file names for an env, lowest precedence first. */
export function envFileNames(env: string | undefined): string[] {
  return ['.env', '.env.local', ...(env ? [`.env.${env}`, `.env.${env}.local`] : [])];
}

/**
 * Parses a service's `envFile` with the same parser and `${VAR}` / `${VAR:-default}` expansion as the stack's own
 * .env files. References resolve against the file itself first, then the stack's variables; unlike those, the file's
 * own keys are not overridden by the shell: they are the container's environment, as with Compose's env_file.
 */
export function parseEnvFile(text: string, vars: Record<string, string | undefined>): Record<string, string> {
  const parsed = parseDotenv(text);
  const outer: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) if (v !== undefined && !Object.hasOwn(parsed, k)) outer[k] = v;
  return expand({ parsed, processEnv: outer }).parsed ?? parsed;
}

const UNQUOTED = /^(\s*(?:export\s+)?[\w.-]+\s*=[ \t]*)([^'"`\s#][^\r\n]*)$/;

/**
 * dotenv's parser, with Compose's rule for comments in unquoted values: `#` starts one only after whitespace, so
 * `PASSWORD=pa#ss` keeps its `#ss` (dotenv alone would silently cut a password there). Such values are handed to
 * dotenv in backticks, which it takes literally, leaving `${VAR}` expansion to the caller as for any value.
 */
export function parseDotenv(text: string): Record<string, string> {
  const lines = text.split(/(\r?\n)/).map((line) => {
    const m = UNQUOTED.exec(line);
    if (!m || !m[2].includes('#') || m[2].includes('`')) return line;
    const value = m[2].replace(/\s+#.*$/, '').trimEnd();
    return `${m[1]}\`${value}\``;
  });
  return parse(lines.join(''));
}
