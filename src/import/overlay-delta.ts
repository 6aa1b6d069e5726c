/**
 * What an env overlay must say for stack.ts to become `full` over `base`, in stackfile's overlay semantics
 * (objects merge key by key, arrays and other values replace, `null` removes). Compose merged the override file
 * already (ports by target, environment by name...), so a changed list is written whole, as Compose's result.
 */
import { isPlainObject } from '../model/overlay';
import { Code, notesOf, sameValue, todo } from './code';

/** The overlay taking `base` to `full`; undefined when they are the same. */
export function overlayDelta(base: unknown, full: unknown): unknown {
  if (sameValue(base, full)) return undefined;
  if (full === undefined) return null;
  if (!isObject(base) || !isObject(full)) return full;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(full)) {
    const d = key in base ? overlayDelta(base[key], value) : value;
    if (d !== undefined) out[key] = d;
  }
  for (const key of Object.keys(base)) if (!(key in full)) out[key] = null;
  // TODOs the override brought in stay with the keys they are about.
  const had = new Set(notesOf(base)?.todos ?? []);
  for (const line of notesOf(full)?.todos ?? []) if (!had.has(line)) todo(out, line);
  return Object.keys(out).length || notesOf(out)?.todos.length ? out : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && !(v instanceof Code);
}
