import { SECRET_MARK } from '../model/secret';
import type { FieldChange } from './types';

/**
 * Field-by-field differences between two applied specs. Objects are walked key by key (so one env var shows as
 * `environment.LOG_LEVEL`); arrays are compared whole, because `ports: [a, b] → [a, c]` reads better than indexes.
 */
export function diffApplied(from: unknown, to: unknown, path = ''): FieldChange[] {
  if (isObject(from) && isObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    return keys.flatMap((k) => diffApplied(from[k], to[k], path ? `${path}.${k}` : k));
  }
  if (equal(from, to)) return [];
  return [{ field: path || '(spec)', from: mask(from), to: mask(to) }];
}

/** Containers made by stackfile ≤ 0.1 stored salted digests of secrets; they still print as "(secret)". */
const LEGACY_DIGEST = 'secret:sha256:';

function mask(value: unknown): unknown {
  return typeof value === 'string' && value.startsWith(LEGACY_DIGEST) ? SECRET_MARK : value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality for JSON values (canonical key order is not assumed). */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => equal(a[k], b[k]));
  }
  return false;
}
