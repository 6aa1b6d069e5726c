import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` that always ends: use it instead of `mkdirSync(path, { recursive: true })`. Node's own (20 and 22) reads
 * ENOENT as "the parent is missing": it makes the parent, which exists, and tries the child again, for ever, at full
 * CPU. procfs answers ENOENT for any new name, so `-o /proc/none/x.yaml` hung the command without a word. Here the
 * folders that are missing are found first (stat, up to the first that exists) and each is made once, from the top
 * down, so a refusal is an error like any other, naming the folder (ENOENT, syscall mkdir, path /proc/none).
 * `mode` is for the folders it makes, as with mkdirSync.
 */
export function makeDirs(path: string, mode?: number): void {
  const missing: string[] = [];
  let dir = resolve(path);
  // A part of the path that is a file throws ENOTDIR here, as mkdir -p reports it.
  let found = statSync(dir, { throwIfNoEntry: false });
  while (found === undefined) {
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
    found = statSync(dir, { throwIfNoEntry: false });
  }
  // A file where the folder should be: EEXIST, as Node's recursive mkdir says.
  if (missing.length === 0 && !found?.isDirectory()) mkdirSync(dir);
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder, mode === undefined ? undefined : { mode });
    } catch (err) {
      // Made meanwhile by another process: what was wanted.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw err;
    }
  }
}
