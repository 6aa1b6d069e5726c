import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors';

export const STACK_FILE_NAMES = ['stack.ts', 'stack.mts', 'stack.cts'];

/** Finds stack.ts: the `-f` path if given (a file or a folder holding one), else the nearest one from cwd upwards. */
export function findStackFile(cwd: string, file?: string): string {
  if (file) {
    const p = resolve(cwd, file);
    if (!existsSync(p)) throw new UserError(`${file} does not exist`, { hint: 'check the -f/--file path' });
    if (statSync(p).isDirectory()) {
      const inside = STACK_FILE_NAMES.map((n) => join(p, n)).find((c) => existsSync(c));
      if (!inside) throw new UserError(`no stack.ts in ${file}`, { hint: 'create one with stack init, or point -f at the file' });
      return inside;
    }
    return p;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found = STACK_FILE_NAMES.map((n) => join(dir, n)).find((c) => existsSync(c));
    if (found) return found;
    if (dirname(dir) === dir) break;
  }
  throw new UserError(`no stack.ts found in ${cwd} or any folder above it`, {
    hint: 'run stack in a folder holding stack.ts, pass -f path/to/stack.ts, or create one with stack init',
  });
}
