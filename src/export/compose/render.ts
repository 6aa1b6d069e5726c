/** The export as YAML text both Compose versions read, with a header saying where it came from and how to run it. */
import { Document } from 'yaml';
import type { DesiredState } from '../../model/desired';
import type { ComposeExport } from './to-compose';

/** How every file the compose export writes starts: `export compose -o FILE` replaces only files that start so. */
export const COMPOSE_HEADER = '# Written by stack export compose';

/**
 * YAML 1.1 quoting: docker-compose 1.29 reads YAML 1.1, where a bare `no`, `on` or `0755` is a boolean or an octal
 * number; written as 1.1 they are quoted, and every YAML 1.2 reader (docker compose v2) reads them the same.
 */
export function renderCompose(exp: ComposeExport, state: DesiredState, file: string): string {
  const doc = new Document(exp.document, { version: '1.1' });
  const from = state.file ? ` from ${state.file}` : '';
  doc.commentBefore = [
    `${COMPOSE_HEADER.slice(1)}${from} (project ${state.project}${state.env ? `, env ${state.env}` : ''}).`,
    ` docker-compose 1.29 takes no top-level name, so give the project's: docker compose -p ${state.project} -f ${file} up -d`,
  ].join('\n');
  for (const c of exp.comments ?? []) {
    const node = doc.getIn(c.path, true) as { comment?: string | null } | undefined;
    if (node) node.comment = [node.comment, ...c.lines.map((l) => ` ${l}`)].filter(Boolean).join('\n');
  }
  return doc.toString({ lineWidth: 0 });
}
