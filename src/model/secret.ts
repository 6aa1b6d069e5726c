import type { Secret } from './types';

/**
 * Marks a value as secret: it is passed to the container but never printed by `stack config` or `stack plan`, and
 * only a digest of it is stored in the container's labels (so changing it still recreates the container).
 * @example environment: { POSTGRES_PASSWORD: secret(ctx.vars.DB_PASSWORD ?? 'dev-only') }
 */
export function secret(value: string): Secret {
  return Object.freeze({ __stackfileSecret: true as const, value: String(value), toString: () => '********' });
}

export function isSecret(value: unknown): value is Secret {
  return typeof value === 'object' && value !== null && (value as Secret).__stackfileSecret === true;
}
