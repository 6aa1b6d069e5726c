import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, writeCache } from '../cache';
import { PACKAGE_ROOT } from '../package-root';

/**
 * Which stacks passed `stack check`, by content: `plan` and `up` load stack.ts without type-checking it (for speed),
 * and say so when it, or a local file it depends on, changed since the last check that passed. One small file per
 * stack.ts path in the user's cache folder, holding a hash of every source file that check read.
 */
export function recordTypeChecked(stackFile: string, sources: readonly string[]): void {
  const path = recordPath(stackFile);
  if (!path) return;
  const files = Object.fromEntries([stackFile, ...sources].map((f) => [f, contentHash(f) ?? '']));
  writeCache(path, JSON.stringify({ version: version(), files }));
}

/** Whether stack.ts and the local source files it depends on are as they were when `stack check` last passed. */
export function typeCheckedSinceChange(stackFile: string, dependencies: readonly string[]): boolean {
  const path = recordPath(stackFile);
  if (!path) return false;
  let record: { version?: string; files?: Record<string, string> };
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as typeof record;
  } catch {
    return false;
  }
  const files = record.files;
  // Another stackfile or TypeScript version checks against other types.
  if (record.version !== version() || !files) return false;
  // A file imported since (the loader sees it) that the check did not read; type-only imports are in the record only.
  if (dependencies.some((f) => isSource(f) && !(f in files))) return false;
  return Object.entries(files).every(([file, hash]) => contentHash(file) === hash);
}

/** The local source files a type-check read: what to record (not node_modules, not declaration files). */
export function isSource(file: string): boolean {
  return /\.[cm]?[jt]sx?$/.test(file) && !/\.d\.[cm]?ts$/.test(file) && !file.includes('/node_modules/');
}

function recordPath(stackFile: string): string | undefined {
  const dir = cacheDir();
  return dir && join(dir, `typecheck-${sha256(stackFile).slice(0, 32)}.json`);
}

function contentHash(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

let cachedVersion: string | undefined;
function version(): string {
  if (cachedVersion === undefined) {
    const read = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    cachedVersion = `${read(join(PACKAGE_ROOT, 'package.json'))}/${read(require.resolve('typescript/package.json'))}`;
  }
  return cachedVersion;
}
