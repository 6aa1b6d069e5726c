/**
 * The dev watcher on a real folder (no daemon): what it watches is counted in the kernel's own inotify table for
 * this process, so "an ignored folder is never read" is checked where it matters, not in chokidar's bookkeeping.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { FileWatcher } from '../../src/dev/file-watcher';
import { WatchRules } from '../../src/dev/watch-rules';
import { resolve, stack, svc } from '../model/builders';

/** inotify watches this process holds (one per folder or file chokidar watches). */
function inotifyWatches(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fdinfo')) {
    let info = '';
    try {
      info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
    } catch {
      continue; // closed since listed
    }
    n += info.split('\n').filter((l) => l.startsWith('inotify wd:')).length;
  }
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the dev watcher', () => {
  let dir: string;
  let watcher: FileWatcher | undefined;

  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  test('a folder every rule ignores (node_modules) is never read or watched, and changes in it are not reported', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stackfile-watcher-'));
    for (let d = 0; d < 5; d++) {
      mkdirSync(join(dir, 'app', 'src', `m${d}`), { recursive: true });
      writeFileSync(join(dir, 'app', 'src', `m${d}`, 'a.ts'), 'x');
    }
    for (let p = 0; p < 200; p++) {
      mkdirSync(join(dir, 'app', 'node_modules', `pkg${p}`, 'lib'), { recursive: true });
      writeFileSync(join(dir, 'app', 'node_modules', `pkg${p}`, 'lib', 'index.js'), 'x');
    }
    const desired = resolve(stack({ api: svc({ watch: [{ path: './app', action: 'sync', target: '/app', ignore: ['node_modules'] }] }) }), { dir });
    const rules = new WatchRules(desired);
    const asked: string[] = [];
    const changed: string[] = [];
    const before = inotifyWatches();
    watcher = await FileWatcher.start(rules.paths, {
      onChange: (p) => changed.push(p),
      onError: (err) => {
        throw err;
      },
      skip: (p) => {
        asked.push(p);
        return rules.skips(p);
      },
    });
    const watches = inotifyWatches() - before;
    // app, src and its five folders (chokidar may also watch a file or two); 400 more if node_modules were read.
    expect(watches).toBeGreaterThanOrEqual(7);
    expect(watches).toBeLessThan(30);
    // The folder itself was looked at (to skip it), nothing inside it ever was.
    expect(asked).toContain(join(dir, 'app', 'node_modules'));
    expect(asked.filter((p) => p.startsWith(join(dir, 'app', 'node_modules') + '/'))).toEqual([]);

    writeFileSync(join(dir, 'app', 'node_modules', 'pkg0', 'lib', 'index.js'), 'changed');
    writeFileSync(join(dir, 'app', 'src', 'm0', 'a.ts'), 'changed');
    for (let i = 0; i < 100 && !changed.length; i++) await sleep(20);
    await sleep(100);
    expect(changed).toEqual([join(dir, 'app', 'src', 'm0', 'a.ts')]);
  });
  test('a save right after a reported change (within chokidar\'s 50 ms) is reported too, so its content is synced', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stackfile-watcher-'));
    const file = join(dir, 'latest.txt');
    writeFileSync(file, 'save 0\n');
    const reports: string[] = [];
    watcher = await FileWatcher.start([dir], {
      // What a sync would copy: the file as it is when the change is reported.
      onChange: (p) => reports.push(readFileSync(p, 'utf8')),
      onError: (err) => {
        throw err;
      },
      skip: () => false,
    });
    for (let i = 1; i <= 5; i++) {
      const seen = reports.length;
      writeFileSync(file, `save ${i}a\n`);
      while (reports.length === seen) await sleep(1);
      // The first save's change was reported and read; this one comes inside chokidar's window, which drops it.
      writeFileSync(file, `save ${i}b\n`);
      await sleep(150);
      expect(reports.at(-1)).toBe(`save ${i}b\n`);
    }
  });
});
