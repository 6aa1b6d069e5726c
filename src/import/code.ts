/**
 * The values the importer builds stack.ts from: plain data, plus `Code` for a TypeScript expression written as is
 * (`ctx.vars.TAG ?? 'dev'`, `secret.file('./pw.txt')`), and notes attached to an object's keys (YAML comments
 * carried over, `// TODO` for what could not be translated). The renderer turns them into source text.
 */

/**
 * A TypeScript expression, written into stack.ts verbatim. `ctx`: it reads the context (needs the function form);
 * `secret`, `home`: it calls `secret` or `homedir()`/`join()`, which stack.ts must import; `types`: the types it
 * names (a cast), imported from stackfile.
 */
export class Code {
  constructor(
    readonly text: string,
    readonly reads: { ctx?: boolean; secret?: boolean; home?: boolean; types?: string[] } = {},
  ) {}
}

/** Comment lines written above an object's keys, TODO lines written at its end, constants spread at its start. */
export interface Notes {
  before: Map<string, string[]>;
  todos: string[];
  spreads: string[];
}

const NOTES = Symbol('stackfile.import.notes');

type Annotated = Record<string, unknown> & { [NOTES]?: Notes };

export function notesOf(obj: object): Notes | undefined {
  return (obj as Annotated)[NOTES];
}

function ensureNotes(obj: object): Notes {
  const a = obj as Annotated;
  if (!a[NOTES]) Object.defineProperty(a, NOTES, { value: { before: new Map(), todos: [], spreads: [] }, enumerable: false });
  return a[NOTES]!;
}

/** Comment lines to write above `key` in `obj`. */
export function commentKey(obj: object, key: string, lines: string[]): void {
  if (!lines.length) return;
  const notes = ensureNotes(obj);
  notes.before.set(key, [...(notes.before.get(key) ?? []), ...lines]);
}

/** A `// TODO` line written inside `obj` (after its keys). */
export function todo(obj: object, line: string): void {
  ensureNotes(obj).todos.push(line);
}

/** `...name` written first in `obj`: its keys come from the constant `name` unless `obj` sets them again. */
export function spread(obj: object, name: string): void {
  ensureNotes(obj).spreads.push(name);
}

/** Deep equality over import values (Code compares by its text); notes are not part of the value. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Code || b instanceof Code) return a instanceof Code && b instanceof Code && a.text === b.text;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  if (Array.isArray(a)) return a.every((v, i) => sameValue(v, (b as unknown[])[i]));
  return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whether a value holds Code that reads `what` anywhere inside. */
export function reads(value: unknown, what: 'ctx' | 'secret' | 'home'): boolean {
  if (value instanceof Code) return value.reads[what] === true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((v) => reads(v, what));
}

/** The types Code anywhere inside a value names. */
export function typesNamed(value: unknown, into = new Set<string>()): Set<string> {
  if (value instanceof Code) for (const t of value.reads.types ?? []) into.add(t);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) typesNamed(v, into);
  return into;
}
