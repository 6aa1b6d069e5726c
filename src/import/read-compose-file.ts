/**
 * One compose file read the way docker-compose reads it: YAML 1.1 as PyYAML has it (`yes`/`no` are booleans, so
 * `restart: no` needs quotes there too; `1e3` and `09` stay strings; where Compose v2 reads a scalar otherwise and
 * v2's reading is what the author meant, see compose-scalars.ts), anchors and aliases, and `<<` merge keys. The
 * YAML comments come along by path (`services.api.ports`), so the written stack.ts can keep them above the same keys.
 *
 * Read with js-yaml's event parser rather than the `yaml` package the rest of stackfile writes with: on a
 * 50-service file the `yaml` document model took ~130 ms of a cold process, js-yaml's events and construction ~45.
 * js-yaml keeps no comments, but its events carry source offsets: the text between two events holds only
 * indicators, whitespace and comments, so the comments are read from those gaps.
 */
import { readFileSync } from 'node:fs';
import { COLLECTION_STYLE, constructFromEvents, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, YAML11_SCHEMA, YAMLException, type Event } from 'js-yaml';
import { pyyamlBool, pyyamlInt, settleScalars } from './compose-scalars';
import { ImportError } from './import-error';

export interface ComposeFile {
  /** Absolute path. */
  file: string;
  /** The file's content as plain data (anchors expanded, merge keys applied). */
  data: Record<string, unknown>;
  /** Comment lines by the path of the key they sit above (or beside). */
  comments: Map<string, string[]>;
  /** The YAML anchors services use, with their value and where: the importer writes them as constants. */
  anchors: Map<string, Anchor>;
  /** What the user should know about how a value was read (a base-60 port kept as text). */
  notes: string[];
}

/** An anchor (`&name`) and the services that use it: merged in (`<<: *name`), or as a key's whole value. */
export interface Anchor {
  value: unknown;
  /** Comments above the key holding the anchor's definition. */
  comment: string[];
  uses: { service: string; key?: string }[];
}

const COMPOSE_SCHEMA = YAML11_SCHEMA.withTags(pyyamlBool, pyyamlInt);

const FIX_YAML = 'fix the YAML at that line, then import again';

export function readComposeFile(file: string, shown: string = file): ComposeFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportError(`cannot read ${shown}: ${code === 'ENOENT' ? 'no such file' : code ?? (err as Error).message}`, 'give the path of a compose file (docker-compose.yml), relative to the current folder');
  }
  return parseComposeText(text, file, shown);
}

export function parseComposeText(source: string, file: string, shown: string = file): ComposeFile {
  const { text, events, documents } = parseYaml(source, shown);
  if (documents.length > 1) throw new ImportError(`${shown}: holds ${documents.length} YAML documents (separated by ---); a compose file is one`, 'keep the first document, or split the file and import the parts together: stack import a.yml b.yml');
  const data: unknown = documents[0] ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ImportError(`${shown}: expected a mapping with services: at the top, got ${Array.isArray(data) ? 'a list' : typeof data}`, 'a compose file starts with services: (and optionally volumes:, networks:, secrets:, configs:)');
  }
  const notes = settleScalars(data).map((k) => `${shown}: ${k.path}: ${k.text} is kept as the text '${k.text}', as Compose v2 reads it (docker-compose 1.29 reads the base-60 number ${k.value}); quote it in the compose file to mean the same to both`);
  const { comments, anchors } = readComments(text, events, data);
  return { file, data: data as Record<string, unknown>, comments, anchors, notes };
}

/**
 * js-yaml requires the lines inside a flow collection or a quoted scalar to be indented deeper than the key holding
 * it; PyYAML and go-yaml do not, and real files rely on that (getsentry/self-hosted closes a healthcheck's
 * `test: [` with a `]` at the key's indentation). Such a line's leading spaces mean nothing there, so on js-yaml's
 * "deficient indentation" the line is indented one column past the line above it and the text read again; line
 * numbers (and anything after the line) stay as they were.
 */
function parseYaml(source: string, shown: string): { text: string; events: Event[]; documents: unknown[] } {
  let text = source;
  const tries = new Map<number, number>();
  for (;;) {
    try {
      const events = parseEvents(text, { filename: shown });
      // The limits stop alias bombs; a real compose file (1,000 services merging a 20-key anchor) stays far below.
      const documents = constructFromEvents(events, { source: text, schema: COMPOSE_SCHEMA, filename: shown, maxAliases: 100_000, maxTotalMergeKeys: 1_000_000 });
      return { text, events, documents };
    } catch (err) {
      if (!(err instanceof YAMLException)) throw err;
      const line = err.mark?.line ?? -1;
      // One step is enough for a line (it goes past the line above, which js-yaml took); a few in case, then give up.
      const deeper = err.reason === 'deficient indentation' && line >= 0 && (tries.get(line) ?? 0) < 3 ? indentedPast(text, line) : undefined;
      if (deeper !== undefined) {
        tries.set(line, (tries.get(line) ?? 0) + 1);
        text = deeper;
        continue;
      }
      const at = err.mark ? `:${err.mark.line + 1}:${err.mark.column + 1}` : '';
      throw new ImportError(`${shown}${at}: not valid YAML: ${err.reason}`, FIX_YAML);
    }
  }
}

/** `text` with line `line` (0-based) indented one column deeper than the nearest non-blank line above, or undefined. */
function indentedPast(text: string, line: number): string | undefined {
  const lines = text.split('\n');
  const indent = (l: string) => l.length - l.trimStart().length;
  let above = line - 1;
  while (above >= 0 && !lines[above].trim()) above--;
  if (above < 0 || line >= lines.length) return undefined;
  const want = Math.max(indent(lines[above]), indent(lines[line])) + 1;
  lines[line] = ' '.repeat(want - indent(lines[line])) + lines[line];
  return lines.join('\n');
}

/** A mapping or list being read: its path in the data, and for a mapping the key whose value comes next. */
interface Frame {
  mapping: boolean;
  path: (string | number)[];
  /** `path` joined with dots, as comments are keyed. */
  dotted: string;
  key?: string;
  /** The next item's index (lists). */
  index: number;
  /** Where a comment after a flow collection's closing bracket goes; undefined for a block collection. */
  flowOwner?: string;
  /** A collection used as a mapping key (legal YAML, not Compose): read past, not a value. */
  isKey?: boolean;
}

/**
 * One pass over the events: comments by path, and the anchors services use.
 * - Comment lines above a key go to the key; above the first key of a nested mapping, to that first key; above or
 *   beside a list item, to the list's key (stack.ts lists are written on one line when they fit).
 * - A comment at the end of a line goes to the key or list whose value ends on that line.
 * - The comments at the top of the file up to the last blank line above the first key are the file's header.
 */
function readComments(text: string, events: Event[], data: object): { comments: Map<string, string[]>; anchors: Map<string, Anchor> } {
  const comments = new Map<string, string[]>();
  const add = (path: string, lines: string[]) => {
    if (lines.length === 0) return;
    const kept = trimBlank(lines);
    if (kept.length) comments.set(path, [...(comments.get(path) ?? []), ...kept]);
  };
  const definitions = new Map<string, (string | number)[]>();
  const anchors = new Map<string, Anchor>();
  const stack: Frame[] = [];
  let pending: string[] = [];
  let cursor = 0;
  // Where a comment later on the line of the last value goes.
  let lineOwner: string | undefined;
  let firstTopKey = true;

  for (const ev of events) {
    if (ev.type === EVENT_ID.DOCUMENT) continue;
    if (ev.type === EVENT_ID.POP) {
      const done = stack.pop();
      const parent = stack[stack.length - 1];
      if (done && !done.isKey && parent?.mapping) parent.key = undefined;
      if (done?.flowOwner !== undefined) lineOwner = done.flowOwner;
      continue;
    }
    const start = nodeStart(ev);
    readGap(start);
    // Past this node's text; for a mapping or list, past its anchor and tag only (its items come as events).
    cursor = ev.type === EVENT_ID.SCALAR ? ev.valueEnd : ev.type === EVENT_ID.ALIAS ? ev.anchorEnd : Math.max(ev.anchorEnd, ev.tagEnd) >= 0 ? Math.max(ev.anchorEnd, ev.tagEnd) : ev.start;

    const parent = stack[stack.length - 1];
    if (parent?.mapping && parent.key === undefined) {
      // A key. Only scalar keys have a path (a complex key is legal YAML that no compose file uses).
      const key = ev.type === EVENT_ID.SCALAR ? getScalarValue(text, ev) : '?';
      if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) stack.push({ mapping: ev.type === EVENT_ID.MAPPING, path: [...parent.path, '?'], dotted: '?', index: 0, isKey: true });
      const path = parent.dotted ? `${parent.dotted}.${key}` : key;
      // The file's header: what the first key's comments hold before their last blank line.
      const header = firstTopKey && stack.length === 1 ? pending.lastIndexOf('') : -1;
      if (header >= 0) add('', pending.slice(0, header));
      add(path, pending.slice(header + 1));
      if (stack.length === 1) firstTopKey = false;
      pending = [];
      parent.key = key;
      lineOwner = path;
      continue;
    }
    // A value: of a mapping's key, an item of a list, or the document itself.
    const step = !parent ? undefined : parent.mapping ? (parent.key as string) : parent.index++;
    // A list's items share the list's comments; a mapping's value has its key's.
    const owner = !parent ? '' : !parent.mapping ? parent.dotted : parent.dotted ? `${parent.dotted}.${step}` : String(step);
    const collection = ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE;
    // Above a nested mapping or list, the comments wait for its first key or item.
    if (!collection || (parent && !parent.mapping)) {
      if (parent) add(owner, pending);
      pending = [];
    }
    const anchored = ev.type === EVENT_ID.ALIAS || ev.anchorStart >= 0;
    const path = collection || anchored ? (parent ? [...parent.path, step as string | number] : []) : [];
    if (ev.type !== EVENT_ID.ALIAS && ev.anchorStart >= 0) definitions.set(text.slice(ev.anchorStart, ev.anchorEnd), path);
    if (ev.type === EVENT_ID.ALIAS) useAnchor(text.slice(ev.anchorStart, ev.anchorEnd), path);
    if (collection) {
      const dotted = !parent ? '' : parent.mapping ? owner : parent.dotted ? `${parent.dotted}.${step}` : String(step);
      stack.push({ mapping: ev.type === EVENT_ID.MAPPING, path, dotted, index: 0, flowOwner: ev.style === COLLECTION_STYLE.FLOW ? owner : undefined });
    }
    else {
      if (parent?.mapping) parent.key = undefined;
      lineOwner = owner;
    }
  }
  // After the last value: a comment at the end of its line (comments below it belong to no key).
  readGap(text.length);
  return { comments, anchors };

  /** The text between the last value and `end`: its first line continues the value's line, the rest are above what comes next. */
  function readGap(end: number): void {
    const between = text.slice(cursor, end);
    // Most gaps are `: ` or a line break and indentation: only a blank line can matter there.
    if (!between.includes('#')) {
      if (pending.length && pending[pending.length - 1] !== '' && /\n[ \t\r]*\n/.test(between)) pending.push('');
      return;
    }
    const gap = between.split('\n');
    const sameLine = cursor > 0 && text[cursor - 1] !== '\n';
    gap.forEach((line, i) => {
      const comment = commentIn(line, i === 0 && sameLine ? text[cursor - 1] : '\n');
      if (i === 0 && sameLine) {
        if (comment !== undefined && lineOwner !== undefined) add(lineOwner, [comment]);
      } else if (comment !== undefined) pending.push(comment);
      else if (!line.trim() && pending.length && pending[pending.length - 1] !== '' && i < gap.length - 1) pending.push('');
    });
  }

  /** `services.NAME.KEY: *a`, or `services.NAME.<<: *a` / `[*a, *b]`: the anchor goes into anchors. */
  function useAnchor(name: string, path: (string | number)[]): void {
    if (path[0] !== 'services' || path.length < 3 || path.length > 4 || typeof path[1] !== 'string') return;
    const merged = path[2] === '<<';
    if (path.length === 4 && !(merged && typeof path[3] === 'number')) return;
    let anchor = anchors.get(name);
    if (!anchor) {
      const defined = definitions.get(name);
      if (!defined) return;
      const value = valueAt(data, defined);
      if (value === undefined) return;
      // Where the anchor is defined, when at the top (`x-defaults: &defaults`): the comment above it goes along.
      const comment = defined.length === 1 ? comments.get(String(defined[0])) ?? [] : [];
      anchor = { value, comment, uses: [] };
      anchors.set(name, anchor);
    }
    anchor.uses.push(merged ? { service: path[1] } : { service: path[1], key: String(path[2]) });
  }
}

/** Where a node's text begins: its anchor (`&a`) or tag (`!!str`) if it has one, else its value. */
function nodeStart(ev: Exclude<Event, { type: typeof EVENT_ID.DOCUMENT | typeof EVENT_ID.POP }>): number {
  if (ev.type === EVENT_ID.ALIAS) return ev.anchorStart - 1;
  let start = ev.type === EVENT_ID.SCALAR ? ev.valueStart : ev.start;
  // A quoted scalar's value starts after its quote.
  if (ev.type === EVENT_ID.SCALAR && (ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED)) start -= 1;
  if (ev.anchorStart >= 0) start = Math.min(start, ev.anchorStart - 1);
  if (ev.tagStart >= 0) start = Math.min(start, ev.tagStart);
  return start;
}

/** The comment on one line of a gap between values (a `#` after whitespace, or at the line's start), or undefined. */
function commentIn(line: string, before: string): string | undefined {
  for (let i = line.indexOf('#'); i >= 0; i = line.indexOf('#', i + 1)) {
    const prev = i === 0 ? before : line[i - 1];
    if (prev === ' ' || prev === '\t' || prev === '\n' || prev === '\r') return line.slice(i + 1).replace(/^ /, '').trimEnd();
  }
  return undefined;
}

function trimBlank(lines: string[]): string[] {
  let from = 0;
  let to = lines.length;
  while (from < to && lines[from] === '') from++;
  while (to > from && lines[to - 1] === '') to--;
  return lines.slice(from, to);
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let at = data;
  for (const step of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[step];
  }
  return at;
}
