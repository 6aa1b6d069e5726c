import { describe, expect, test } from 'vitest';
import { appliedService, configHash } from '../../src/model/applied';
import { DIR, issuesOf, only, paths, svc } from './builders';

describe('watch rules', () => {
  test('each action in its Compose form normalises: paths resolved against stack.ts, targets absolute', () => {
    const s = only(
      svc({
        build: './api',
        watch: [
          { path: './api/src', action: 'sync', target: '/app/src/', ignore: ['**/*.test.ts'] },
          { path: './api/package.json', action: 'rebuild' },
          { path: './api/config', action: 'sync+restart', target: '/app/config', initialSync: true },
          { path: './api/scripts', action: 'restart' },
          { path: '/abs/src', action: 'sync+exec', target: '/app/src', exec: ['kill', '-HUP', '1'] },
        ],
      }),
    );
    expect(s.watch).toEqual([
      { path: `${DIR}/api/src`, action: 'sync', target: '/app/src', ignore: ['**/*.test.ts'], initialSync: false },
      { path: `${DIR}/api/package.json`, action: 'rebuild', ignore: [], initialSync: false },
      { path: `${DIR}/api/config`, action: 'sync+restart', target: '/app/config', ignore: [], initialSync: true },
      { path: `${DIR}/api/scripts`, action: 'restart', ignore: [], initialSync: false },
      { path: '/abs/src', action: 'sync+exec', target: '/app/src', ignore: [], exec: ['kill', '-HUP', '1'], initialSync: false },
    ]);
  });

  test('a service without rules has an empty list', () => {
    expect(only(svc()).watch).toEqual([]);
  });

  test('every mistake is collected with its path', () => {
    const found = issuesOf(
      svc({
        watch: [
          { path: './src', action: 'sync', target: 'app/src' },
          { path: './src', action: 'sync' },
          { path: './pkg.json', action: 'rebuild' },
          { path: './x', action: 'restart', target: '/x', initialSync: true },
          { path: './y', action: 'sync+exec', target: '/y' },
          { path: './z', action: 'sync', target: '/z', exec: ['true'], ignore: 'tmp' },
          { action: 'synk', path: 3 },
          { path: './w', action: 'sync', target: '/w', ignores: [] },
        ],
      }),
    );
    expect(paths(found)).toEqual([
      'services.s.watch[0].target',
      'services.s.watch[1].target',
      'services.s.watch[2].action',
      'services.s.watch[3].target',
      'services.s.watch[3].initialSync',
      'services.s.watch[4].exec',
      'services.s.watch[5].exec',
      'services.s.watch[5].ignore',
      'services.s.watch[6].path',
      'services.s.watch[6].action',
      'services.s.watch[7].ignores',
    ]);
    expect(found[0].message).toMatch(/"app\/src" must be an absolute path in the container/);
    expect(found[0].hint).toBe("e.g. '/app/app/src'");
    expect(found[2]).toMatchObject({ message: 'a "rebuild" rule needs the service to have build' });
    expect(found[9].hint).toBe('did you mean "sync"?');
    expect(found[10].hint).toBe('did you mean "ignore"?');
  });

  test('watch is not an array: one issue', () => {
    expect(paths(issuesOf(svc({ watch: { path: '.', action: 'sync' } })))).toEqual(['services.s.watch']);
  });

  test('changing a rule does not change the applied spec, so nothing is recreated', () => {
    const a = only(svc({ watch: [{ path: './src', action: 'sync', target: '/app' }] }));
    const b = only(svc({ watch: [{ path: './lib', action: 'restart' }] }));
    const none = only(svc());
    expect(appliedService(a)).not.toHaveProperty('watch');
    expect(configHash(appliedService(a))).toBe(configHash(appliedService(b)));
    expect(configHash(appliedService(a))).toBe(configHash(appliedService(none)));
  });
});
