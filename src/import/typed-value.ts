/**
 * Values for the keys stack.ts types as something narrower than a string: booleans, unions such as `restart`, and
 * the strings where Compose takes `''` as "not set". Compose interpolates first and converts after, so
 * `restart: ${RESTART:-always}` and `enable_ipv6: ${IPV6:-true}` are valid there; the import writes code that
 * type-checks and means the same: a cast for a union (the model still checks the value when stack.ts runs),
 * `ctx.vars.bool` for a boolean (Compose's words, and an error for any other value), `|| undefined` where an empty
 * value means "not set".
 */
import { booleanWord, TRUE_WORDS } from '../model/boolean-words';
import { varRead } from '../model/compose-var-expression';
import { Code } from './code';
import { pieces, quote } from './interpolate';

/** A union: the TypeScript type a variable read is cast to, and the types stack.ts must import for it. */
export class OneOf {
  constructor(
    readonly type: string,
    readonly imports: string[] = [],
  ) {}
}

/** `boolean`, a union, or `optional`: a string in which Compose reads `''` as not set (a platform, a duration). */
export type Kind = 'boolean' | 'optional' | OneOf;

// What a boolean that is not one variable reference is read with: Compose's true words are true, anything else false.
const TRUE_TEST = `/^(${TRUE_WORDS.join('|')})$/i`;

/** `v`, the value converted from the Compose value `raw`, as a value of `kind`. */
export function typedValue(v: unknown, raw: unknown, kind: Kind): unknown {
  if (typeof raw !== 'string') return v;
  if (kind === 'boolean') {
    if (v instanceof Code) return new Code(booleanRead(raw) ?? `${TRUE_TEST}.test(${v.text})`, v.reads);
    // `init: "true"` is a string in YAML, converted by Compose as a variable's value would be; any other text stays
    // text, which stack.ts's type and its check reject.
    return typeof v === 'string' ? (booleanWord(v) ?? v) : v;
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
  return varRead(name);
}

/**
 * A boolean that is one variable reference, read as Compose reads it: the value must be one of its words, and an
 * unset or empty variable is no boolean either (Compose: `"" is not a valid boolean value`) unless a default stands
 * in. `${X:-d}` replaces an empty value and `${X-d}` only an unset one, so with `-` an empty X is still the error.
 * Undefined for anything else (text around the reference, `${X:+...}`, a default that is no boolean word), which
 * keeps the plain test of the text: Compose's true words are true, anything else false.
 */
function booleanRead(raw: string): string | undefined {
  const parts = pieces(raw);
  if (parts.length !== 1 || !('name' in parts[0])) return undefined;
  const { name, op, arg } = parts[0];
  const bool = (fallback?: boolean) => `ctx.vars.bool(${quote(name)}${fallback === undefined ? '' : `, ${fallback}`})`;
  if (op === undefined || (arg === '' && op !== ':+' && op !== '+')) return bool();
  const fallback = booleanWord(arg);
  if (op === ':-' && fallback !== undefined) return bool(fallback);
  if (op === '-' && fallback !== undefined) return `${varRead(name)} === '' ? ${bool()} : ${bool(fallback)}`;
  // The author's message is kept: require reports it when X is unset or empty.
  if (op === ':?' || op === '?') return `ctx.vars.require(${quote(name)}, ${quote(arg)}) ? ${bool()} : false`;
  return undefined;
}
