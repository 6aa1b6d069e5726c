/**
 * The exporter's YAML writer as it was before it was rewritten for speed (src/export/kubernetes/yaml-text.ts, December
 * 2026), kept unchanged as the reference the rewrite is compared with: exported files must stay byte for byte the
 * same, or every user's re-export would show a diff (and rewrite every file). Test code only.
 */

/** Printable ASCII without leading or trailing spaces: what a plain scalar may hold here. */
const PRINTABLE = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;
/** A first character that is a YAML indicator (a `-` followed by more, as in `-c`, is fine). */
const INDICATOR = /^([?:,[\]{}#&*!|>'"%@`]|-( |$))/;
/** Plain scalars YAML 1.1 or 1.2 resolves to something other than a string: booleans, null, numbers, dates. */
const NOT_A_STRING = /^(true|false|yes|no|on|off|y|n|null|~|<<|=)$/i;
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
  const plain = PRINTABLE.test(s) && !INDICATOR.test(s) && !NOT_A_STRING.test(s) && !NUMBER.test(s) && !DATE.test(s) && !s.endsWith(':') && !s.includes(': ') && !s.includes(' #');
  return plain ? s : JSON.stringify(s);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The lines of `value` at `indent`, as the value of a mapping key (`key:` is written by the caller). */
function block(value: unknown, indent: string, out: string[], prefix: string): void {
  if (Array.isArray(value)) {
    if (value.length === 0) return void out.push(`${prefix} []`);
    out.push(prefix);
    for (const item of value) sequenceItem(item, `${indent}  `, out);
  } else if (isObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return void out.push(`${prefix} {}`);
    out.push(prefix);
    for (const [k, v] of entries) block(v, `${indent}  `, out, `${indent}  ${scalar(k)}:`);
  } else if (typeof value === 'string' && literal(value)) {
    // Text of several lines (a config file) as a literal block, as one would write it by hand.
    out.push(`${prefix} |${value.endsWith('\n') ? '' : '-'}`);
    for (const line of value.replace(/\n$/, '').split('\n')) out.push(line ? `${indent}  ${line}` : '');
  } else out.push(`${prefix} ${scalar(value)}`);
}

/** Text a literal block keeps exactly: several lines, printable, no trailing spaces, no blank end, no leading space. */
function literal(text: string): boolean {
  return text.includes('\n') && !text.endsWith('\n\n') && !text.startsWith(' ') && !/[^\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/.test(text) && !/ \n|^\n| $/.test(text);
}

/** A sequence item: `- scalar`, or `- key: ...` with the mapping's other keys aligned under the first. */
function sequenceItem(value: unknown, indent: string, out: string[]): void {
  if (isObject(value) && Object.keys(value).length > 0) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.forEach(([k, v], i) => block(v, `${indent}  `, out, `${i === 0 ? `${indent}- ` : `${indent}  `}${scalar(k)}:`));
  } else if (Array.isArray(value) && value.length > 0) {
    out.push(`${indent}-`);
    for (const inner of value) sequenceItem(inner, `${indent}  `, out);
  } else out.push(`${indent}- ${isObject(value) ? '{}' : Array.isArray(value) ? '[]' : scalar(value)}`);
}

/** One YAML document (without the `---` separator): a mapping at the top level. */
export function referenceYamlDocument(value: Record<string, unknown>): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) if (v !== undefined) block(v, '', out, `${scalar(k)}:`);
  return `${out.join('\n')}\n`;
}
