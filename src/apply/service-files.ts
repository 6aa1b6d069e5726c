import type { ArchiveFile } from '../docker/archive';
import type { DesiredService } from '../model/desired';
import { contentBytes } from '../model/file-content';

/** The secret and config files a service's containers get, with their exact bytes (a binary file's, decoded). */
export function serviceFiles(s: DesiredService): ArchiveFile[] {
  return [
    ...s.secrets.map((sec) => ({ path: sec.target, content: contentBytes(sec.value, sec.binary), mode: sec.mode, uid: sec.uid, gid: sec.gid })),
    ...(s.configs ?? []).map((c) => ({ path: c.target, content: contentBytes(c.content, c.binary), mode: c.mode, uid: c.uid, gid: c.gid })),
  ];
}
