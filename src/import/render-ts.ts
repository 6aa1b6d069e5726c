/**
 * Import values as stack.ts source: two-space indentation, single quotes, identifiers unquoted, a short list or
 * object on one line, and the notes (YAML comments, TODOs) on their own lines. Written by hand rather than by a
 * formatter because the output must also carry comments and ctx.vars expressions, which JSON cannot.
 */
import { Code, notesOf, reads, typesNamed } from './code';
import { quote } from './interpolate';

const WIDTH = 120;
/** Objects this close to the root (the stack, `services`, one service) always take one line per key. */
const ALWAYS_OPEN = 3;

/** A module-level constant: what a YAML anchor became. */
export interface Constant {
  name: string;
  /** Its TypeScript type, e.g. `ServiceSpec` or `ServiceSpec['logging']`. */
  type: string;
  value: unknown;
  comment: string[];
}

export function renderStack(definition: Record<string, unknown>, header: string[], constants: Constant[] = []): string {
  const usesCtx = reads(definition, 'ctx');
  const usesSecret = reads(definition, 'secret') || constants.some((c) => reads(c.value, 'secret'));
  const usesHome = reads(definition, 'home') || constants.some((c) => reads(c.value, 'home'));
  const body = render(definition, 0, 0);
  const types = typesNamed(definition);
  for (const c of constants) typesNamed(c.value, types);
  if (constants.length) types.add('ServiceSpec');
  const names = ['defineStack', ...(usesSecret ? ['secret'] : []), ...[...types].sort().map((t) => `type ${t}`)];
  const lines = [
    ...header.map((l) => (l ? `// ${l}` : '//')),
    ...(usesHome ? ["import { homedir } from 'node:os';", "import { join } from 'node:path';"] : []),
    `import { ${names.join(', ')} } from 'stackfile';`,
    '',
    ...constants.flatMap((c) => [...c.comment.map((l) => (l ? `// ${l}` : '//')), `const ${c.name}: ${c.type} = ${constantValue(c)};`, '']),
    usesCtx ? `export default defineStack((ctx) => (${body}));` : `export default defineStack(${body});`,
    '',
  ];
  return lines.join('\n');
}

/** A whole-service constant one key a line, like a service; a key's value on one line when it fits. */
function constantValue(c: Constant): string {
  const flat = render(c.value, ALWAYS_OPEN, `const ${c.name}: ${c.type} = `.length);
  return c.type === 'ServiceSpec' || flat.includes('\n') ? render(c.value, 0, 0, 1) : flat;
}

function render(v: unknown, depth: number, column: number, open = ALWAYS_OPEN): string {
  if (v instanceof Code) return v.text;
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  const indent = '  '.repeat(depth);
  const inner = '  '.repeat(depth + 1);
  if (Array.isArray(v)) {
    const items = v.map((x) => render(x, depth + 1, inner.length, open));
    const flat = `[${items.join(', ')}]`;
    if (!flat.includes('\n') && column + flat.length <= WIDTH) return flat;
    return `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`;
  }
  const obj = v as Record<string, unknown>;
  const notes = notesOf(obj);
  const entries = Object.entries(obj).filter(([, x]) => x !== undefined);
  const parts = entries.map(([k, x]) => `${key(k)}: ${render(x, depth + 1, inner.length + key(k).length + 2, open)}`);
  const hasNotes = notes && (notes.todos.length || [...notes.before.keys()].some((k) => k in obj));
  const spreads = (notes?.spreads ?? []).map((n) => `...${n}`);
  parts.unshift(...spreads);
  if (parts.length === 0 && !hasNotes) return '{}';
  const flat = `{ ${parts.join(', ')} }`;
  if (depth >= open && !hasNotes && !flat.includes('\n') && column + flat.length <= WIDTH) return flat;
  const lines: string[] = spreads.map((s) => `${inner}${s},`);
  entries.forEach(([k], i) => {
    for (const c of notes?.before.get(k) ?? []) lines.push(c ? `${inner}// ${c}` : `${inner}//`);
    lines.push(`${inner}${parts[i + spreads.length]},`);
  });
  for (const t of notes?.todos ?? []) lines.push(`${inner}// ${t}`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function key(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
}
