/**
 * `stack config`'s YAML, written directly when the text is certain to be what the `yaml` package's `stringify` writes,
 * and by `stringify` otherwise. Why: for a 1,000-service stack, building `yaml`'s node tree and stringifying it was a
 * quarter of the command's time (its code runs cold in a fresh process). The output must not change, so this writes
 * only the block style `stringify` uses with its defaults (2-space indent, sequences indented under their key) and
 * only scalars whose form is known: numbers, booleans, null, strings that stay plain, and numbers-as-strings, which
 * `stringify` double-quotes. Anything else (a string that would be quoted or folded, multi-line text, an empty
 * collection, a shared object) hands the whole document to `stringify`. test/model/display-yaml.test.ts compares the
 * two on every fixture and example stack and on generated values.
 *
 * Both writers also double-quote the strings a YAML 1.1 reader would take for something else (`user: "1000:0"`,
 * `KONG_DATABASE: "off"`, see yaml-1-1.ts): people pipe this output into PyYAML-based tools and docker-compose 1.29,
 * which read `1000:0` as 60000 and `off` as false. Strings every reader takes as strings are written as before.
 */
import { notAStringInYaml11 } from './yaml-1-1';

/** Printable ASCII starting with a character that is no YAML indicator (`-` is checked below). */
const PLAIN = /^[A-Za-z0-9_/(.+-][\x20-\x7e]*$/;
/** What makes `stringify` quote a string: `: ` or ` #` inside, a space or `:` at the end, a lone `-` or `- ` first, a document marker. */
const NOT_PLAIN = /:[ ]|[ ]#|[ :]$|^-( |$)|^(---|\.\.\.)/;
/**
 * Strings the YAML 1.2 core schema reads as null, a boolean or a number (a superset of its tags' tests, and the empty
 * string): `stringify` writes them in double quotes.
 */
const QUOTED = /^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|)$/;
/** Other spellings of those (any case, and infinity and NaN), which are left to `stringify`. */
const NOT_A_STRING = /^(null|true|false|[-+]?\.inf|\.nan)$/i;
/** Below this, with the deepest indent here, `stringify` (80 columns) folds no line: every line is then one scalar. */
const FOLD_SAFE = 70;

/** Thrown inside the writer when a value is outside what it writes exactly. */
class Unsure extends Error {}

const plain = (s: string): boolean => PLAIN.test(s) && !NOT_PLAIN.test(s) && !QUOTED.test(s) && !NOT_A_STRING.test(s) && !notAStringInYaml11(s);

/** `key` as `stringify` writes a mapping key. */
function key(k: string): string {
  if (k.length <= 100 && plain(k) && !k.includes(' ')) return k;
  if (k.length <= 40 && QUOTED.test(k)) return `"${k}"`;
  throw new Unsure(`key ${JSON.stringify(k)}`);
}

/** A scalar as `stringify` writes it at `indent` (the columns before its key or dash). */
function scalar(value: unknown, indent: number): string {
  if (typeof value === 'string') {
    if (plain(value) && (!value.includes(' ') || value.length + indent <= FOLD_SAFE)) return value;
    if (value.length <= 40 && QUOTED.test(value)) return `"${value}"`;
    // What the fallback's quoting writes for these: printable ASCII without a quote or backslash, short of any fold.
    if (notAStringInYaml11(value) && /^[\x20-\x7e]*$/.test(value) && !/["\\]/.test(value) && value.length + indent <= FOLD_SAFE) return `"${value}"`;
  }
  if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  throw new Unsure(`value ${JSON.stringify(value)}`);
}

const isPlainObject = (v: object): v is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

class Writer {
  readonly out: string[] = [];
  private readonly seen = new Set<object>();

  /** Guards against shared objects (`stringify` writes anchors for them) and cycles. */
  private enter(v: object): void {
    if (this.seen.has(v)) throw new Unsure("structure");
    this.seen.add(v);
  }

  /** The entries of a mapping whose lines start at `indent` columns; `first` replaces the first line's indentation (`- `). */
  map(obj: Record<string, unknown>, indent: number, first?: string): void {
    this.enter(obj);
    const pad = ' '.repeat(indent);
    let lead = first ?? pad;
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      const head = `${lead}${key(k)}:`;
      lead = pad;
      this.value(v, indent, head);
    }
  }

  /** `head` (`key:` or `-`) and the value after it: on the same line if a scalar, else on the lines below. */
  private value(v: unknown, indent: number, head: string): void {
    if (typeof v !== 'object' || v === null) {
      this.out.push(`${head} ${scalar(v, indent)}`);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) throw new Unsure("structure");
      this.out.push(head);
      this.seq(v, indent + 2);
      return;
    }
    if (!isPlainObject(v) || Object.keys(v).length === 0) throw new Unsure("structure");
    this.out.push(head);
    this.map(v, indent + 2);
  }

  private seq(items: unknown[], indent: number): void {
    this.enter(items);
    const pad = ' '.repeat(indent);
    for (const item of items) {
      if (typeof item !== 'object' || item === null) this.out.push(`${pad}- ${scalar(item, indent)}`);
      // A mapping item starts on the dash's line, its other keys under the first; lists in lists are left to stringify.
      else if (!Array.isArray(item) && isPlainObject(item) && Object.keys(item).length > 0) this.map(item, indent + 2, `${pad}- `);
      else throw new Unsure("structure");
    }
  }
}

/** The YAML `stringify(value)` writes, when every value in `value` (a non-empty mapping) has a form known here; else undefined. */
export function directYaml(value: Record<string, unknown>): string | undefined {
  if (Object.keys(value).length === 0) return undefined;
  try {
    const w = new Writer();
    w.map(value, 0);
    return `${w.out.join('\n')}\n`;
  } catch (err) {
    if (err instanceof Unsure) return undefined;
    throw err;
  }
}

/**
 * `value` as the `yaml` package's `stringify(value)` writes it, with the strings a YAML 1.1 reader would take for
 * something else (keys too) double-quoted: the fallback writer, and what directYaml's text must equal.
 */
export async function stringifyYaml(value: Record<string, unknown>): Promise<string> {
  const { Document, visit } = await import('yaml');
  const doc = new Document(value);
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && notAStringInYaml11(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString();
}

/** `value` (a mapping) as the YAML document `stack config` prints: stringifyYaml's text, directly when possible. */
export async function displayYaml(value: Record<string, unknown>): Promise<string> {
  return directYaml(value) ?? (await stringifyYaml(value));
}
