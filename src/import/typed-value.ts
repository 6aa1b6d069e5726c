/**
 * Values for the keys stack.ts types as something narrower than a string: booleans, unions such as `restart`, and
 * the strings where Compose takes `''` as "not set". Compose interpolates first and converts after, so
 * `restart: ${RESTART:-always}` and `enable_ipv6: ${IPV6:-true}` are valid there; the import writes code that
 * type-checks and means the same: a cast for a union (the model still checks the value when stack.ts runs),
 * Compose's reading of a boolean, `|| undefined` where an empty value means "not set".
 */
import { Code } from './code';
import { pieces } from './interpolate';

/** A union: the TypeScript type a variable read is cast to, and the types stack.ts must import for it. */
export class OneOf {
  constructor(
    readonly type: string,
    readonly imports: string[] = [],
  ) {}
}

/** `boolean`, a union, or `optional`: a string in which Compose reads `''` as not set (a platform, a duration). */
export type Kind = 'boolean' | 'optional' | OneOf;

// Compose v2's words for a boolean that came from a variable (compose-go's toBoolean); 1.29 takes the same.
const TRUE = /^(true|yes|y|on)$/i;
const FALSE = /^(false|no|n|off)$/i;

/** `v`, the value converted from the Compose value `raw`, as a value of `kind`. */
export function typedValue(v: unknown, raw: unknown, kind: Kind): unknown {
  if (typeof raw !== 'string') return v;
  if (kind === 'boolean') {
    if (v instanceof Code) return new Code(`${TRUE}.test(${v.text})`, v.reads);
    // `init: "true"` is a string in YAML, converted by Compose as a variable's value would be.
    return typeof v === 'string' && TRUE.test(v) ? true : typeof v === 'string' && FALSE.test(v) ? false : v;
  }
  if (!(v instanceof Code)) return v;
  const read = emptyMeansUnset(raw);
  if (kind === 'optional') return read ? new Code(`${read} || undefined`, v.reads) : v;
  const expr = read ? `(${read} || undefined)` : /^[\w.$]+$|^`[^`]*`$/.test(v.text) ? v.text : `(${v.text})`;
  return new Code(`${expr} as ${kind.type}`, { ...v.reads, types: [...(v.reads.types ?? []), ...kind.imports] });
}

/**
 * The variable read for a value that is one reference which may come out empty (`${X}`, `${X:-}`, `${X-}`): Compose
 * then sees `''`, which it takes as the key not set. Undefined for anything else.
 */
function emptyMeansUnset(raw: string): string | undefined {
  const parts = pieces(raw);
  if (parts.length !== 1 || !('name' in parts[0])) return undefined;
  const { name, op, arg } = parts[0];
  if (op !== undefined && !((op === ':-' || op === '-') && arg === '')) return undefined;
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `ctx.vars.${name}` : `ctx.vars['${name}']`;
}
