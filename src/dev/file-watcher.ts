import { lstatSync, type Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export interface WatchOptions {
  /** A path was added, changed or deleted. */
  onChange: (path: string) => void;
  onError: (err: unknown) => void;
  /** Paths not worth reading or watching at all (asked again as the rules change). */
  skip: (path: string) => boolean;
}

/**
 * The paths `stack dev` watches (stack.ts, what it loads, the watch rules' paths), as one chokidar watcher whose set
 * of paths follows the stack as it is reloaded. Reports every changed path, added, changed or deleted; what a
 * change means is decided by the caller. Native events, no polling and no write-finish wait: a save is seen in
 * milliseconds, and the caller debounces.
 */
/**
 * chokidar passes on at most one 'change' per path in 50 ms and drops the others, with no trailing event (its
 * `_throttle`). A save within 50 ms of the one before, made after that one's copy read the file, was never synced.
 * So the file is looked at again just after that window: if it changed since the reported change, it is reported
 * again (the caller's debounce merges a report that was not needed).
 */
const CHANGE_RECHECK_MS = 60;
const stamp = (s: Stats): string => `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
function stampOf(path: string): string | undefined {
  try {
    return stamp(lstatSync(path));
  } catch {
    return undefined;
  }
}

export class FileWatcher {
  private readonly watcher: FSWatcher;
  private paths: Set<string>;
  private readonly rechecks = new Map<string, NodeJS.Timeout>();
  private closed = false;

  private constructor(paths: string[], o: WatchOptions) {
    this.paths = new Set(paths);
    const { onChange, onError, skip } = o;
    this.watcher = watch([...this.paths], {
      ignoreInitial: true,
      // A symlink is watched (and synced) as a link, never followed out of the watched path.
      followSymlinks: false,
      // .git churns on every commit and is never synced; ignored folders (node_modules) may be huge: neither is even
      // read, which also keeps clear of the system's limit on watches.
      ignored: (path) => /(^|[\\/])\.git([\\/]|$)/.test(path) || skip(path),
      ignorePermissionErrors: true,
    });
    this.watcher.on('all', (event, path) => {
      // Taken before the caller can read the file, and synchronously: an lstat on the thread pool could run after
      // the next save, which would then look already reported (a busy machine lost one save in six that way).
      const reported = event === 'change' ? stampOf(path) : undefined;
      onChange(path);
      if (event === 'change') this.recheck(path, reported, onChange);
    });
    this.watcher.on('error', onError);
    // chokidar drops symlinks whose target does not exist here (it may well exist in the container). The raw event
    // still names them, so they are reported all the same, and so is their deletion.
    const links = new Set<string>();
    this.watcher.on('raw', (_event, name, details) => {
      const dir = (details as { watchedPath?: unknown }).watchedPath;
      if (typeof dir !== 'string' || typeof name !== 'string' || !name) return;
      const path = join(dir, name);
      lstat(path).then(
        (stat) => {
          if (!stat.isSymbolicLink()) return;
          links.add(path);
          onChange(path);
        },
        () => {
          if (links.delete(path)) onChange(path);
        },
      );
    });
  }

  /** A watcher on `paths`, once it has read them (changes after this resolves are reported). */
  static async start(paths: string[], o: WatchOptions): Promise<FileWatcher> {
    const w = new FileWatcher(paths, o);
    await new Promise<void>((resolve) => w.watcher.once('ready', () => resolve()));
    return w;
  }

  /** Watches exactly `paths` from now on: new ones are added, ones no longer wanted are let go. */
  set(paths: string[]): void {
    const wanted = new Set(paths);
    const gone = [...this.paths].filter((p) => !wanted.has(p));
    const added = [...wanted].filter((p) => !this.paths.has(p));
    if (gone.length) this.watcher.unwatch(gone);
    if (added.length) this.watcher.add(added);
    this.paths = wanted;
  }

  /** Also watches `path` (a file named in an error, which the failed load could not report as loaded). */
  add(path: string): void {
    if (this.paths.has(path)) return;
    this.paths.add(path);
    this.watcher.add(path);
  }

  /** Reports `path` again if it changes within chokidar's window after this reported change (see CHANGE_RECHECK_MS). */
  private recheck(path: string, reported: string | undefined, onChange: (path: string) => void): void {
    clearTimeout(this.rechecks.get(path));
    this.rechecks.set(
      path,
      setTimeout(() => {
        this.rechecks.delete(path);
        if (stampOf(path) !== reported && !this.closed) onChange(path);
      }, CHANGE_RECHECK_MS),
    );
  }

  close(): Promise<void> {
    this.closed = true;
    for (const timer of this.rechecks.values()) clearTimeout(timer);
    this.rechecks.clear();
    return this.watcher.close();
  }
}
