/**
 * One compose file read the way Compose reads it: YAML 1.1 (docker-compose's PyYAML: `yes`/`no` are booleans, so
 * `restart: no` needs quotes there too), anchors and aliases, and `<<` merge keys. The YAML comments come along by
 * path (`services.api.ports`), so the written stack.ts can keep them above the same keys.
 */
import { readFileSync } from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
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
}

/** An anchor (`&name`) and the services that use it: merged in (`<<: *name`), or as a key's whole value. */
export interface Anchor {
  value: unknown;
  /** Comments above the key holding the anchor's definition. */
  comment: string[];
  uses: { service: string; key?: string }[];
}

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

export function parseComposeText(text: string, file: string, shown: string = file): ComposeFile {
  const doc = parseDocument(text, { version: '1.1', merge: true, uniqueKeys: true, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0];
    throw new ImportError(`${shown}${line ? `:${line.line}:${line.col}` : ''}: not valid YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, 'fix the YAML (docker-compose config reports the same), then import again');
  }
  const data: unknown = doc.toJS({ maxAliasCount: 10_000 }) ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ImportError(`${shown}: expected a mapping with services: at the top, got ${Array.isArray(data) ? 'a list' : typeof data}`, 'a compose file starts with services: (and optionally volumes:, networks:, secrets:, configs:)');
  }
  const comments = new Map<string, string[]>();
  if (doc.commentBefore) comments.set('', lines(doc.commentBefore));
  collectComments(doc.contents as Node | null, '', comments);
  return { file, data: data as Record<string, unknown>, comments, anchors: collectAnchors(doc, comments) };
}

/** The anchors services merge in or use as a key's value, each converted to plain data once. */
function collectAnchors(doc: Document, comments: Map<string, string[]>): Map<string, Anchor> {
  const anchors = new Map<string, Anchor>();
  const services = doc.get('services', true);
  if (!isMap(services)) return anchors;
  const use = (alias: Node, service: string, key?: string) => {
    if (!isAlias(alias)) return;
    let anchor = anchors.get(alias.source);
    if (!anchor) {
      const node = alias.resolve(doc);
      if (!node) return;
      // Where the anchor is defined, when at the top (`x-defaults: &defaults`): the comment above it goes along.
      const top = isMap(doc.contents) ? doc.contents.items.find((p) => p.value === node) : undefined;
      const comment = top && isScalar(top.key) ? comments.get(String(top.key.value)) ?? [] : [];
      anchor = { value: node.toJS(doc, { maxAliasCount: 10_000 }), comment, uses: [] };
      anchors.set(alias.source, anchor);
    }
    anchor.uses.push({ service, key });
  };
  for (const pair of services.items) {
    if (!isScalar(pair.key) || !isMap(pair.value)) continue;
    const service = String(pair.key.value);
    for (const item of pair.value.items) {
      if (!isScalar(item.key)) continue;
      const value = item.value as Node;
      // With merge keys on, the parser gives `<<` a symbol for a value (a key `'<<'` in quotes stays a string).
      if (typeof item.key.value === 'symbol' || item.key.value === '<<') for (const a of isSeq(value) ? (value.items as Node[]) : [value]) use(a, service);
      else use(value, service, String(item.key.value));
    }
  }
  return anchors;
}

/**
 * Comments above a key (and a scalar value's comment at the end of its line) under the key's path. A comment above
 * the first entry of a mapping is the mapping's in the YAML tree: it goes to that first entry. Comments inside a
 * list go to the list's key, since stack.ts lists are written on one line when they fit.
 */
function collectComments(node: Node | null | undefined, path: string, out: Map<string, string[]>): void {
  if (!node || isAlias(node)) return;
  const add = (p: string, comment: string | null | undefined) => {
    if (comment) out.set(p, [...(out.get(p) ?? []), ...lines(comment)]);
  };
  if (isMap(node)) {
    node.items.forEach((pair, i) => {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      const key = String(pair.key.value);
      const p = path ? `${path}.${key}` : key;
      if (i === 0 && path) add(p, node.commentBefore);
      add(p, pair.key.commentBefore);
      const value = pair.value as Node | null;
      if (value && isScalar(value)) add(p, value.comment);
      if (value && isSeq(value)) collectListComments(value, p, add);
      else collectComments(value, p, out);
    });
  }
}

function collectListComments(seq: Node, path: string, add: (p: string, c: string | null | undefined) => void): void {
  if (!isSeq(seq)) return;
  add(path, seq.commentBefore);
  for (const item of seq.items) {
    if (isScalar(item)) {
      add(path, item.commentBefore);
      add(path, item.comment);
    }
  }
}

function lines(comment: string): string[] {
  return comment.split('\n').map((l) => l.replace(/^ /, '').trimEnd());
}
