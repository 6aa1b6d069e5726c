import type { Secret, SecretSource } from './types';

/**
 * What a secret turns into when stack.ts makes text of it (`postgres://u:${secret('PW')}@db`). stackfile cannot put
 * the value inside a larger string without it showing up in output and labels, so validation rejects any string
 * holding this marker, rather than deploying the marker itself.
 */
export const SECRET_IN_TEXT = '[secret() used as text]';

/** What output and stored state show in place of a secret value. */
export const SECRET_MARK = '(secret)';

function make(source: SecretSource): Secret {
  return Object.freeze({ __stackfileSecret: true as const, source: Object.freeze(source), toString: () => SECRET_IN_TEXT, toJSON: () => SECRET_MARK });
}

/**
 * Paths of strings under `value` that hold a secret made into text. A path is written only for a string found: the
 * walk visits every value of the stack, and almost none holds the marker.
 */
export function secretsInText(value: unknown, path: string): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  // The keys from `value` down to the value being visited, and whether each indexes an array.
  const keys: string[] = [];
  const indexes: boolean[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.includes(SECRET_IN_TEXT)) out.push(keys.reduce((p, k, i) => (indexes[i] ? `${p}[${k}]` : p ? `${p}.${k}` : k), path));
    } else if (typeof v === 'object' && v !== null && !isSecret(v) && !seen.has(v)) {
      seen.add(v);
      const array = Array.isArray(v);
      const own = Object.keys(v);
      for (let i = 0; i < own.length; i++) {
        keys.push(own[i]);
        indexes.push(array);
        walk((v as Record<string, unknown>)[own[i]]);
        keys.pop();
        indexes.pop();
      }
    }
  };
  walk(value);
  return out;
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
