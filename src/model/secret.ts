import type { Secret, SecretSource } from './types';

function make(source: SecretSource): Secret {
  // toString keeps a secret out of template strings and console.log by accident; the value is only read by stackfile.
  return Object.freeze({ __stackfileSecret: true as const, source: Object.freeze(source), toString: () => '(secret)', toJSON: () => '(secret)' });
}

/**
 * A secret read from the layered variables (the process environment, `.env.<env>.local`, `.env.<env>`, `.env.local`,
 * `.env`). A missing variable is an error before anything changes. Its value is never printed, stored in labels or
 * hashed into them; use it in `secrets` (a file in `/run/secrets/`) or, less safely, in `environment`.
 * @example secrets: { db_password: secret('DB_PASSWORD') }
 */
export function secret(variable: string): Secret {
  return make({ kind: 'var', name: String(variable) });
}

/**
 * A secret read from a file, relative to the stack.ts (or module) that names it.
 * @example secrets: { tls_key: secret.file('./certs/key.pem') }
 */
secret.file = function file(path: string): Secret {
  return make({ kind: 'file', path: String(path) });
};

/**
 * A secret whose value stack.ts computed itself (e.g. from `ctx.vars`, or a dev-only default).
 * @example environment: { API_TOKEN: secret.value(ctx.vars.API_TOKEN ?? 'dev-token') }
 */
secret.value = function value(value: string): Secret {
  return make({ kind: 'value', value: String(value) });
};

export function isSecret(value: unknown): value is Secret {
  return typeof value === 'object' && value !== null && (value as Secret).__stackfileSecret === true;
}
