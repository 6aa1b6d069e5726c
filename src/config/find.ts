import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StackNotFoundError } from '../errors';

export const STACK_FILE_NAMES = ['stack.ts', 'stack.mts', 'stack.cts'];

/** Finds stack.ts: the `-f` path if given (a file or a folder holding one), else the nearest one from cwd upwards. */
export function findStackFile(cwd: string, file?: string): string {
  if (file) {
    const p = resolve(cwd, file);
    if (!existsSync(p)) throw new StackNotFoundError(`${file} does not exist`, { searched: file, file, hint: 'check the -f/--file path' });
    if (statSync(p).isDirectory()) {
      const inside = STACK_FILE_NAMES.map((n) => join(p, n)).find(isFile);
      if (!inside && STACK_FILE_NAMES.includes(basename(p))) {
        throw new StackNotFoundError(`${file} is a folder, not a file`, { searched: file, file, hint: `stack.ts must be a file: rename or remove the folder ${p}, or point -f at a stack file` });
      }
      if (!inside) throw new StackNotFoundError(`no stack.ts in ${file}`, { searched: file, file, hint: folderHint(p) ?? 'create one with stack init, or point -f at the file' });
      return inside;
    }
    return p;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found = STACK_FILE_NAMES.map((n) => join(dir, n)).find(isFile);
    if (found) return found;
    // A folder named stack.ts is not a stack file: say so here rather than search on and fail far away.
    const folder = folderHint(dir);
    if (folder) throw new StackNotFoundError(`${join(dir, 'stack.ts')} is a folder, not a file`, { searched: cwd, hint: folder });
    if (dirname(dir) === dir) break;
  }
  throw new StackNotFoundError(`no stack.ts found in ${cwd} or any folder above it`, {
    searched: cwd,
    hint: 'run stack in a folder holding stack.ts, pass -f path/to/stack.ts, or create one with stack init',
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The hint for a folder whose stack.ts is itself a folder (a `mkdir stack.ts` or an unpacked archive). */
function folderHint(dir: string): string | undefined {
  const folder = STACK_FILE_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p) && statSync(p).isDirectory());
  return folder && 'stack.ts must be a file: rename or remove that folder, or pass -f to the stack file inside it';
}
