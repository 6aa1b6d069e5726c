/**
 * One compose file read the way Compose reads it: YAML 1.1 (docker-compose's PyYAML: `yes`/`no` are booleans, so
 * `restart: no` needs quotes there too), anchors and aliases, and `<<` merge keys. The YAML comments come along by
 * path (`services.api.ports`), so the written stack.ts can keep them above the same keys.
 */
import { readFileSync } from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { ImportError } from './import-error';

export interface ComposeFile {
  /** Absolute path. */
  file: string;
  /** The file's content as plain data (anchors expanded, merge keys applied). */
  data: Record<string, unknown>;
  /** Comment lines by the path of the key they sit above (or beside). */
  comments: Map<string, string[]>;
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
  return { file, data: data as Record<string, unknown>, comments };
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
