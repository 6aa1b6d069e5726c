/**
 * YAML text for the exporter's objects (plain data: objects, arrays, strings, numbers, booleans), written directly.
 *
 * Why not the `yaml` package's stringify, which `stack config` uses: for the 600 objects of a 100-service stack it
 * takes 100-600 ms in a fresh process (its node model runs cold), three times the whole command's budget. This is the
 * block style it writes, for a closed set of value types. Strings are plain only when no YAML parser could read them
 * as anything else, in YAML 1.2 or in the YAML 1.1 of kubectl's parser (where `on`, `yes` and `n` are booleans and
 * `0644` is octal); every other string is written as a JSON string, which is a valid YAML double-quoted scalar. The
 * tests parse every output back with the `yaml` package, as 1.1 and as 1.2, and compare it with the objects.
 *
 * The code runs once per export in a fresh process, mostly before V8 has optimized any of it, so it is written for
 * few steps and allocations per line: each value returns its text (V8 joins the pieces without copying until the file
 * is written), indents come from a table, no entry arrays are built, and loops count (unoptimized, a `for...of`
 * allocates a result object per step).
 */
import { YAML_WORDS } from '../../model/yaml-1-1';

/** Printable ASCII without leading or trailing spaces: what a plain scalar may hold here. */
const PRINTABLE = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;
/** A first character that is a YAML indicator (a `-` followed by more, as in `-c`, is fine). */
const INDICATOR = /^([?:,[\]{}#&*!|>'"%@`]|-( |$))/;
/**
 * Numbers and dates, as plain scalars YAML 1.1 or 1.2 may resolve (booleans and null are YAML_WORDS), matched more
 * widely than any reader does (`1.2.3`, `10.0.0.1`), so no reader's variant is missed.
 */
const NUMBER = /^[-+]?([0-9_.:]+([eE][-+]?[0-9]+)?|0[xob][0-9a-f_]+|\.(inf|nan))$/i;
const DATE = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/;

/** Keys and short values repeat across hundreds of objects (`name`, `TCP`, label keys): each is checked once. */
const written = new Map<string, string>();

function scalar(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  const s = String(value);
  const known = written.get(s);
  if (known !== undefined) return known;
  const text = quoted(s);
  if (s.length <= 64) written.set(s, text);
  return text;
}

function quoted(s: string): string {
  const plain = PRINTABLE.test(s) && !INDICATOR.test(s) && !YAML_WORDS.test(s) && !NUMBER.test(s) && !DATE.test(s) && !s.endsWith(':') && !s.includes(': ') && !s.includes(' #');
  return plain ? s : JSON.stringify(s);
}

/** `PAD[depth]`: the indentation of a line `depth` levels (two spaces each) in. */
const PAD = [''];
const pad = (depth: number): string => PAD[depth] ?? (PAD[depth] = `${pad(depth - 1)}  `);

/**
 * What follows `key:` for `value`, whose key is `depth` levels in: ` scalar` and the line's end, or the line's end and
 * the lines of the collection one level further in.
 */
function valueText(value: unknown, depth: number): string {
  if (typeof value !== 'object' || value === null) {
    // Text of several lines (a config file) as a literal block, as one would write it by hand.
    if (typeof value === 'string' && literal(value)) return literalBlock(value, pad(depth + 1));
    return ` ${scalar(value)}\n`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []\n';
    const indent = pad(depth + 1);
    let text = '\n';
    for (let i = 0; i < value.length; i++) text += sequenceItem(value[i], indent, depth + 1);
    return text;
  }
  const indent = pad(depth + 1);
  const keys = Object.keys(value);
  let text = '';
  for (let i = 0; i < keys.length; i++) {
    const v = (value as Record<string, unknown>)[keys[i]];
    if (v !== undefined) text += `${indent}${scalar(keys[i])}:${valueText(v, depth + 1)}`;
  }
  return text === '' ? ' {}\n' : `\n${text}`;
}

/** Text a literal block keeps exactly: several lines, printable, no trailing spaces, no blank end, no leading space. */
function literal(text: string): boolean {
  return text.includes('\n') && !text.endsWith('\n\n') && !text.startsWith(' ') && !/[^\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/.test(text) && !/ \n|^\n| $/.test(text);
}

/** ` |` (or ` |-` without a final newline) and the lines at `indent`, blank lines left empty. */
function literalBlock(value: string, indent: string): string {
  let text = value.endsWith('\n') ? ' |\n' : ' |-\n';
  const lines = value.replace(/\n$/, '').split('\n');
  for (let i = 0; i < lines.length; i++) text += lines[i] ? `${indent}${lines[i]}\n` : '\n';
  return text;
}

/** A sequence item at `indent` (`depth` levels): `- scalar`, or `- key: ...` with the mapping's other keys aligned under the first. */
function sequenceItem(value: unknown, indent: string, depth: number): string {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      if (value.length === 0) return `${indent}- []\n`;
      const inner = pad(depth + 1);
      let text = `${indent}-\n`;
      for (let i = 0; i < value.length; i++) text += sequenceItem(value[i], inner, depth + 1);
      return text;
    }
    const keys = Object.keys(value);
    if (keys.length === 0) return `${indent}- {}\n`;
    // A mapping whose values are all undefined writes nothing, as it always has.
    let text = '';
    for (let i = 0; i < keys.length; i++) {
      const v = (value as Record<string, unknown>)[keys[i]];
      if (v !== undefined) text += `${text === '' ? `${indent}- ` : `${indent}  `}${scalar(keys[i])}:${valueText(v, depth + 1)}`;
    }
    return text;
  }
  return `${indent}- ${scalar(value)}\n`;
}

/** One YAML document (without the `---` separator): a mapping at the top level. */
export function yamlDocument(value: Record<string, unknown>): string {
  const keys = Object.keys(value);
  let text = '';
  for (let i = 0; i < keys.length; i++) {
    const v = value[keys[i]];
    if (v !== undefined) text += `${scalar(keys[i])}:${valueText(v, 0)}`;
  }
  return text === '' ? '\n' : text;
}
