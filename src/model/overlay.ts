import { isSecret } from './secret';

/**
 * Deep merge for env overlays, with Compose-override semantics users expect: objects merge key by key, arrays and
 * scalars replace, and `null` removes the key. Inputs are never mutated.
 */
export function deepMerge<T>(base: T, overlay: unknown): T {
  // A secret is one value: an overlay's secret replaces the base's, never merges into it.
  if (!isPlainObject(base) || !isPlainObject(overlay) || isSecret(base) || isSecret(overlay)) return (overlay === undefined ? base : overlay) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === null) delete out[key];
    else if (value !== undefined) out[key] = key in out ? deepMerge(out[key], value) : value;
  }
  return out as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  // A secret() marker is a value, not a map: an overlay replaces it whole.
  if ('__stackfileSecret' in value) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
