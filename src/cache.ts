import { readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeDirs } from './make-dirs';

/**
 * Where stackfile keeps what only makes it faster (transpiled stack files, V8's compiled code): in the user's own
 * cache folder, not a shared temp folder, because whoever can write the cache chooses what code runs.
 * `STACKFILE_CACHE_DIR` moves it, `STACKFILE_CACHE=0` turns it off.
 */
export function cacheDir(): string | undefined {
  if (process.env.STACKFILE_CACHE === '0') return undefined;
  if (process.env.STACKFILE_CACHE_DIR) return process.env.STACKFILE_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || (process.platform === 'win32' ? process.env.LOCALAPPDATA : undefined) || join(homedir(), '.cache');
  return join(base, 'stackfile', 'transpiled');
}

/** Best effort: a read-only or full disk only costs speed. Written under a temporary name so readers never see half a file. */
export function writeCache(path: string, output: string | Uint8Array): void {
  try {
    makeDirs(dirname(path), 0o700);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, output);
    renameSync(tmp, path);
  } catch {
    /* ignore */
  }
}

const PRUNE_AFTER_MS = 7 * 24 * 3600 * 1000;

/** Every edit of a stack file leaves an entry behind; a miss (which already costs a transpile) clears the week-old ones. */
export function pruneCache(dir: string): void {
  try {
    const cutoff = Date.now() - PRUNE_AFTER_MS;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).mtimeMs < cutoff) unlinkSync(path);
    }
  } catch {
    /* ignore */
  }
}
