import type { Issue } from '../errors';
import { isPlainObject } from './overlay';
import { didYouMean } from './suggest';

/**
 * Collects problems while the normaliser walks user input, so one run reports every mistake with its path.
 * Each accessor returns undefined (and records an issue) when the value has the wrong type, letting callers continue.
 */
export class Reader {
  readonly issues: Issue[] = [];

  issue(path: string, message: string, hint?: string): void {
    this.issues.push({ path, message, ...(hint ? { hint } : {}) });
  }

  /**
   * A plain object whose keys must be among `keys`; unknown keys are reported with a did-you-mean. Compose's
   * extension keys (`x-*`) are allowed wherever keys are checked, and ignored: callers read only known keys.
   */
  object(value: unknown, path: string, keys?: readonly string[]): Record<string, unknown> | undefined {
    if (!isPlainObject(value)) {
      this.issue(path, `expected an object, got ${describe(value)}`);
      return undefined;
    }
    if (keys) {
      for (const key of Object.keys(value)) {
        if (!keys.includes(key) && !key.startsWith('x-')) this.issue(join(path, key), `unknown key "${key}"`, didYouMean(key, keys) ?? `known keys: ${keys.join(', ')}`);
      }
    }
    return value;
  }

  string(value: unknown, path: string): string | undefined {
    if (typeof value === 'string') return value;
    this.issue(path, `expected a string, got ${describe(value)}`);
    return undefined;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (typeof value === 'boolean') return value;
    this.issue(path, `expected true or false, got ${describe(value)}`);
    return undefined;
  }

  integer(value: unknown, path: string, min = 0): number | undefined {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    this.issue(path, `expected a whole number ≥ ${min}, got ${describe(value)}`);
    return undefined;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.issue(path, `expected an array, got ${describe(value)}`);
    return undefined;
  }

  stringArray(value: unknown, path: string): string[] | undefined {
    const items = this.array(value, path);
    if (!items) return undefined;
    const out: string[] = [];
    items.forEach((item, i) => {
      const s = this.string(item, `${path}[${i}]`);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  /** `{ K: 'v' }` where values may be strings, numbers or booleans (stringified, as Compose does). */
  stringRecord(value: unknown, path: string): Record<string, string> | undefined {
    const obj = this.object(value, path);
    if (!obj) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
      else this.issue(join(path, k), `expected a string, number or boolean, got ${describe(v)}`);
    }
    return out;
  }

  /** A record given either as `{ K: 'v' }` or as `['K=v']` (Compose allows both for labels, sysctls, environment). */
  keyValues(value: unknown, path: string): Record<string, string> | undefined {
    return this.readKeyValues(value, path, false);
  }

  /**
   * Labels, as `keyValues`, where a bare `'KEY'` in the list is `KEY: ''`, as Compose reads it: marker labels that
   * tools look for only by name (nextcloud's example has `com.github.jrcs.letsencrypt_nginx_proxy_companion.nginx_proxy`).
   */
  labels(value: unknown, path: string): Record<string, string> | undefined {
    return this.readKeyValues(value, path, true);
  }

  private readKeyValues(value: unknown, path: string, bareIsEmpty: boolean): Record<string, string> | undefined {
    if (!Array.isArray(value)) return this.stringRecord(value, path);
    const out: Record<string, string> = {};
    value.forEach((item, i) => {
      const s = this.string(item, `${path}[${i}]`);
      if (s === undefined) return;
      const eq = s.indexOf('=');
      if (eq < 0 && bareIsEmpty && s !== '') out[s] = '';
      else if (eq <= 0) this.issue(`${path}[${i}]`, `expected "KEY=value", got "${s}"`);
      else out[s.slice(0, eq)] = s.slice(eq + 1);
    });
    return out;
  }

  /** One of a fixed set of strings. */
  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const hint = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
    this.issue(path, `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(value)}`, hint);
    return undefined;
  }
}

/** `services.api` + `ports` → `services.api.ports`; keys that are not identifiers are quoted. */
export function join(path: string, key: string): string {
  const part = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${part}` : part;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'nothing (the key is missing)';
  return `${typeof value} ${String(value)}`;
}
