import { dirname, resolve } from 'node:path';
import { UserError } from './errors';

/** What each errno code means for a write, in the user's words. */
const WHY: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file (or a broken link) is where a folder should be',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  EISDIR: 'a folder is in the way',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/**
 * A failed write of a command's output (`-o PATH`): a file where a folder should be, no permission, a place that
 * takes no files. The user's to fix, so a UserError (one paragraph, no stack) naming the path, the part of it that
 * failed when that is another, and why. A UserError, or an error without an errno code (a bug), is thrown on as it is.
 */
export function writeError(path: string, err: unknown, hint: string): never {
  const e = err as NodeJS.ErrnoException;
  if (err instanceof UserError || typeof e?.code !== 'string') throw err;
  const at = e.path && e.path !== path && e.path !== resolve(path) ? ` (${e.path})` : '';
  // makeDirs makes a folder's parents before it, so ENOENT from mkdir means the file system refuses the name itself.
  const why = e.code === 'ENOENT' && e.syscall === 'mkdir' && e.path ? `${dirname(e.path)} takes no new folders (a virtual file system, such as procfs)` : WHY[e.code];
  throw new UserError(`cannot write ${path}${at}: ${e.code}${why ? `, ${why}` : ''}`, { hint, cause: err });
}
