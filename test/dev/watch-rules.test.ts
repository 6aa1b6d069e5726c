import { describe, expect, test } from 'vitest';
import { outermost } from '../../src/dev/sync';
import { WatchRules, isEphemeral } from '../../src/dev/watch-rules';
import { resolve, stack, svc } from '../model/builders';

const rules = (services: Record<string, unknown>, dockerignore?: string) =>
  new WatchRules(resolve(stack(services)), (file) => (file === '/srv/app/api/.dockerignore' ? dockerignore : undefined));

describe('which rules a changed path triggers', () => {
  test('a path under a rule is relative to it; outside every rule, nothing', () => {
    const r = rules({ api: svc({ watch: [{ path: './api/src', action: 'sync', target: '/app/src' }, { path: './api/package.json', action: 'restart' }] }) });
    expect(r.paths).toEqual(['/srv/app/api/src', '/srv/app/api/package.json']);
    expect(r.match('/srv/app/api/src/lib/a.ts').map((h) => [h.service, h.rule.action, h.rel])).toEqual([['api', 'sync', 'lib/a.ts']]);
    expect(r.match('/srv/app/api/package.json').map((h) => [h.rule.action, h.rel])).toEqual([['restart', '']]);
    expect(r.match('/srv/app/api/srcx/a.ts')).toEqual([]);
    expect(r.match('/srv/app/web/index.html')).toEqual([]);
  });

  test("the rule's ignore patterns apply relative to its path, folders included", () => {
    const r = rules({ api: svc({ watch: [{ path: './api', action: 'sync', target: '/app', ignore: ['**/*.test.ts', 'tmp', 'node_modules'] }] }) });
    expect(r.match('/srv/app/api/src/a.test.ts')).toEqual([]);
    expect(r.match('/srv/app/api/tmp/cache/x')).toEqual([]);
    expect(r.match('/srv/app/api/node_modules')).toEqual([]);
    expect(r.match('/srv/app/api/src/a.ts')).toHaveLength(1);
  });

  test('the build context .dockerignore applies to paths inside the context', () => {
    const r = rules({ api: svc({ build: './api', watch: [{ path: './api/src', action: 'sync', target: '/app/src' }] }) }, 'src/generated\n# comment\n*.md\n');
    expect(r.match('/srv/app/api/src/generated/x.ts')).toEqual([]);
    expect(r.match('/srv/app/api/src/README.md')).toHaveLength(1); // `*.md` matches only at the context's root
    expect(r.match('/srv/app/api/src/main.ts')).toHaveLength(1);
  });

  test('editor temp files and .git never trigger anything', () => {
    const r = rules({ api: svc({ watch: [{ path: './api', action: 'sync', target: '/app' }] }) });
    for (const name of ['.main.ts.swp', '.main.ts.swx', 'main.ts~', '4913', '.#main.ts', '#main.ts#', 'main.ts___jb_tmp___', '.git/index', '.idea/workspace.xml']) {
      expect(r.match(`/srv/app/api/src/${name}`), name).toEqual([]);
    }
    expect(isEphemeral('src/.swp-notes.md')).toBe(false);
  });

  test('one path can trigger rules of several services', () => {
    const r = rules({
      api: svc({ watch: [{ path: './shared', action: 'sync', target: '/app/shared' }] }),
      worker: svc({ watch: [{ path: './shared', action: 'restart' }] }),
    });
    expect(r.match('/srv/app/shared/util.ts').map((h) => h.service)).toEqual(['api', 'worker']);
    expect(r.paths).toEqual(['/srv/app/shared']);
  });
});

describe('folders the watcher need not read', () => {
  test('what every covering rule ignores is skipped; a rule watching inside it, or an !exception, keeps it', () => {
    const r = rules({
      api: svc({ watch: [{ path: './api', action: 'sync', target: '/app', ignore: ['node_modules', 'src'] }, { path: './api/src', action: 'restart' }] }),
      web: svc({ watch: [{ path: './web', action: 'sync', target: '/app', ignore: ['node_modules', '!node_modules/keep'] }] }),
    });
    expect(r.skips('/srv/app/api/node_modules')).toBe(true);
    expect(r.skips('/srv/app/api/.git')).toBe(true);
    expect(r.skips('/srv/app/api/src')).toBe(false);
    expect(r.skips('/srv/app/api')).toBe(false);
    expect(r.skips('/srv/app/web/node_modules')).toBe(false);
    expect(r.skips('/srv/app/elsewhere/node_modules')).toBe(false);
  });
});

describe('batching changed paths', () => {
  test('a folder covers what it holds; the whole rule covers everything', () => {
    expect(outermost(['a/b/c.txt', 'a/b', 'a/bc.txt', 'd.txt', 'a/b'])).toEqual(['a/b', 'a/bc.txt', 'd.txt']);
    expect(outermost(['x', ''])).toEqual(['']);
  });
});
