/**
 * What every mapping of the Compose export shares: the stack being exported, where the file goes (relative paths
 * are written relative to it), the daemon-name → stack.ts-key lookups, and the notes and warnings for the user.
 */
import { relative, sep } from 'node:path';
import type { DesiredState } from '../../model/desired';

export interface ExportContext {
  state: DesiredState;
  /** Folder of the written file: bind mounts, build contexts and file sources are relative to it. */
  outDir: string;
  /** Daemon names back to stack.ts keys: Compose names volumes and networks by key. */
  volumeKeys: Record<string, string>;
  networkKeys: Record<string, string>;
  /** Said on stderr: what the user must do or know to run the file. */
  notes: string[];
  /** Said on stderr too: where the file does not do what stack.ts does. */
  warnings: string[];
  /** The variables the file has Compose read (`${VAR}`, `environment: VAR`), by name. */
  variables: Map<string, FileVariable>;
  /** Comment lines written inside the node at `path` (keys from the document's root): what only newer Compose reads. */
  comments: ComposeComment[];
}

/** Lines written as YAML comments at the end of the mapping at `path`. */
export interface ComposeComment {
  path: (string | number)[];
  lines: string[];
}

/** A variable the file reads, and where its value comes from in stack.ts. */
export interface FileVariable {
  /** `var`: stack.ts reads the same variable; `file`: the user puts a file's text in it; `computed`: stack.ts computes it. */
  kind: 'var' | 'file' | 'computed';
  /** Where the file uses it, for the note: `services.api.environment.TOKEN`. */
  uses: string[];
  /** The file a `file` variable stands for (relative to the output). */
  path?: string;
  /** The value a computed one stands for: held in memory only, to tell two values wanting one name apart. */
  value?: string;
}

/**
 * The variable the file reads for a value: `wanted` unless another value already claims that name, then `fallback`
 * (numbered if need be). Variables stack.ts itself reads keep their names: Compose reads the same shell and .env.
 */
export function claimVariable(ctx: ExportContext, wanted: string, fallback: string, v: Omit<FileVariable, 'uses'>, use: string): string {
  const same = (have: FileVariable) => have.kind === v.kind && have.path === v.path && have.value === v.value;
  const candidates = [wanted, fallback, ...Array.from({ length: 50 }, (_, i) => `${fallback}_${i + 2}`)];
  const name = candidates.find((c) => !ctx.variables.has(c) || same(ctx.variables.get(c)!)) ?? fallback;
  const have = ctx.variables.get(name);
  if (have) have.uses.push(use);
  else ctx.variables.set(name, { ...v, uses: [use] });
  return name;
}

/** What the user must set before running Compose, one line per kind of variable. */
export function variableNotes(ctx: ExportContext): string[] {
  const all = [...ctx.variables.entries()];
  const of = (kind: FileVariable['kind']) => all.filter(([, v]) => v.kind === kind);
  const notes: string[] = [];
  const read = of('var').map(([name]) => name);
  if (read.length) notes.push(`Compose reads ${read.join(', ')} from the shell or a .env file next to the compose file, as stack.ts reads them`);
  for (const [name, v] of of('file')) notes.push(`set ${name} to the contents of ${v.path} (${v.uses.join(', ')})`);
  for (const [name, v] of of('computed')) notes.push(`set ${name} before running Compose: stack.ts computes it (${v.uses.join(', ')})`);
  return notes;
}

export function exportContext(state: DesiredState, outDir: string): ExportContext {
  return {
    state,
    outDir,
    volumeKeys: Object.fromEntries(Object.values(state.volumes).map((v) => [v.name, v.key])),
    networkKeys: Object.fromEntries(Object.values(state.networks).map((n) => [n.name, n.key])),
    notes: [],
    warnings: [],
    variables: new Map(),
    comments: [],
  };
}

/** An absolute path as Compose wants it in the file: relative to the file, starting with `.`. */
export function relativePath(ctx: ExportContext, path: string): string {
  const rel = relative(ctx.outDir, path).split(sep).join('/');
  if (rel === '') return '.';
  return rel.startsWith('../') || rel === '..' ? rel : `./${rel}`;
}

/**
 * A value Compose must interpolate (`${DB_PASSWORD}`): every other string in the file has its `$` doubled, since
 * Compose would otherwise expand `$HOME` in a command that stack.ts passes as written.
 */
export class Interpolated {
  constructor(readonly text: string) {}
}

/** Doubles `$` in every string (not in keys, which Compose does not interpolate), leaving Interpolated as written. */
export function escapeDollars(value: unknown): unknown {
  if (value instanceof Interpolated) return value.text;
  if (typeof value === 'string') return value.replace(/\$/g, '$$$$');
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDollars(v)]));
  return value;
}

/** Leaves out undefined, and empty lists and maps, so the file holds what the user set. */
export function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0) && !(isMap(v) && Object.keys(v).length === 0))) as Partial<T>;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Interpolated);
}
