/**
 * The Compose constructs `stack import` used to leave as TODOs (issue 16): ulimits of -1, links, dependsOn's
 * `restart`/`required`, envFile's `required: false`. How each is normalised and how its mistakes are reported; what the
 * daemon makes of them is in test/integration/compose-import-keys.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appliedService, configHash } from '../../src/model/applied';
import { issues, issuesOf, only, resolve, stack } from './builders';

describe('ulimits', () => {
  test('-1 is unlimited, alone or as either limit', () => {
    expect(only({ image: 'x', ulimits: { memlock: -1, nofile: { soft: 1024, hard: -1 }, core: { soft: -1, hard: -1 } } }).ulimits).toEqual({
      memlock: { soft: -1, hard: -1 },
      nofile: { soft: 1024, hard: -1 },
      core: { soft: -1, hard: -1 },
    });
  });

  test('other negative numbers, and a soft limit above the hard one, are reported at the limit', () => {
    expect(issuesOf({ image: 'x', ulimits: { nofile: -2, nproc: { soft: 10, hard: 5 }, memlock: { soft: -1, hard: 64 }, core: 'big' } })).toEqual([
      { path: 'services.s.ulimits.nofile', message: 'expected a whole number ≥ 0, or -1 for unlimited, got number -2', hint: 'e.g. nofile: { soft: 1024, hard: 65536 } or memlock: -1' },
      { path: 'services.s.ulimits.nproc', message: 'the soft limit 10 is above the hard limit 5', hint: 'the soft limit must be at most the hard one (-1 is unlimited)' },
      { path: 'services.s.ulimits.memlock', message: 'the soft limit unlimited (-1) is above the hard limit 64', hint: 'the soft limit must be at most the hard one (-1 is unlimited)' },
      { path: 'services.s.ulimits.core', message: 'expected a whole number ≥ 0, or -1 for unlimited, got "big"', hint: 'e.g. nofile: { soft: 1024, hard: 65536 } or memlock: -1' },
    ]);
  });
});

describe('envFile long form', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stackfile-envfile-optional-'));
  writeFileSync(join(dir, 'base.env'), 'A=base\nB=base\n');
  writeFileSync(join(dir, 'local.env'), 'B=local\n');

  test('required: false skips a missing file; a present one is read in order', () => {
    const s = only({ image: 'x', envFile: ['base.env', { path: 'missing.env', required: false }, { path: 'local.env', required: false }] }, {}, { dir });
    expect(s.environment).toEqual({ A: 'base', B: 'local' });
  });

  test('a missing file without required: false is reported at its path, with the long form as the way out', () => {
    expect(issuesOf({ image: 'x', envFile: [{ path: 'missing.env' }, 'base.env', { path: 'missing.env', required: 'no' }, { file: 'x' }] }, {}, { dir }).map((i) => [i.path, i.message])).toEqual([
      ['services.s.envFile[2].required', 'expected true or false, got "no"'],
      ['services.s.envFile[3].file', 'unknown key "file"'],
      ['services.s.envFile[3].path', 'expected a string, got nothing (the key is missing)'],
      ['services.s.envFile[0].path', 'cannot read env file missing.env: ENOENT'],
    ]);
    expect(issuesOf({ image: 'x', envFile: [{ path: 'missing.env' }] }, {}, { dir })[0].hint).toBe("paths are relative to the folder of stack.ts; if the file is optional, write { path: 'missing.env', required: false }");
  });

  test('an optional file that is missing is still an input, so stack dev reloads when it appears', () => {
    const s = resolve(stack({ s: { image: 'x', envFile: [{ path: 'missing.env', required: false }] } }), { dir });
    expect(s.inputs).toEqual([join(dir, 'missing.env')]);
  });
});

describe('links', () => {
  test('SERVICE or SERVICE:ALIAS; the linked service becomes a started dependency unless dependsOn waits for more', () => {
    const s = resolve(stack({ db: { image: 'x' }, cache: { image: 'x' }, api: { image: 'x', links: ['db:database', 'cache'], dependsOn: { db: 'healthy' } } })).services.api;
    expect(s.links).toEqual([{ service: 'db', alias: 'database' }, { service: 'cache', alias: 'cache' }]);
    expect(s.dependsOn).toEqual({ db: 'healthy', cache: 'started' });
  });

  test('a link to nothing, to itself, to a disabled service, off the first network or with networkMode is reported at its index', () => {
    const found = issues(stack({
      db: { image: 'x', networks: ['back'] },
      debug: { image: 'x', profiles: ['debug'] },
      api: { image: 'x', links: ['dbb', 'api', 'debug', 'db', 'a:b:c'] },
      side: { image: 'x', networkMode: 'host', links: ['db'] },
    }, { networks: { back: {} } }));
    expect(found.map((i) => [i.path, i.message])).toEqual([
      ['services.api.links[4]', 'expected "SERVICE" or "SERVICE:ALIAS", got "a:b:c"'],
      ['services.side.links', "links work on the service's networks, and networkMode replaces them"],
      ['services.api.links[0]', 'links to "dbb", which is not a service in this stack'],
      ['services.api.links[1]', 'service "api" cannot link to itself'],
      ['services.api.links[2]', 'links to "debug", which is disabled (profiles: debug)'],
      ['services.api.links[3]', '"db" is not on app_default, the network api\'s links are made on (its first)'],
    ]);
    expect(found[2].hint).toBe('did you mean "db"?');
  });
});

describe('dependsOn long form', () => {
  test('restart: true and required: false are kept beside the condition, which defaults to started', () => {
    const s = resolve(stack({ db: { image: 'x' }, cache: { image: 'x' }, api: { image: 'x', dependsOn: { db: { condition: 'healthy', restart: true }, cache: { required: false } } } })).services.api;
    expect(s.dependsOn).toEqual({ db: 'healthy', cache: 'started' });
    expect(s.restartWith).toEqual(['db']);
    expect(s.optionalDeps).toEqual(['cache']);
  });

  test('required: false drops a dependency that is absent or disabled; required ones are still reported', () => {
    const state = resolve(stack({ debug: { image: 'x', profiles: ['debug'] }, api: { image: 'x', dependsOn: { debug: { condition: 'started', required: false, restart: true }, gone: { required: false } } } }));
    expect(state.services.api.dependsOn).toEqual({});
    expect(state.services.api).not.toHaveProperty('optionalDeps');
    expect(state.services.api).not.toHaveProperty('restartWith');
    expect(resolve(stack({ debug: { image: 'x', profiles: ['debug'] }, api: { image: 'x', dependsOn: { debug: { required: false } } } }), { profiles: ['debug'] }).services.api.dependsOn).toEqual({ debug: 'started' });
    expect(issues(stack({ api: { image: 'x', dependsOn: { gone: { required: true } } } })).map((i) => i.path)).toEqual(['services.api.dependsOn.gone']);
  });

  test('mistakes are reported at the key', () => {
    expect(issues(stack({ db: { image: 'x' }, api: { image: 'x', dependsOn: { db: { condition: 'ready', restart: 'yes', requird: false } } } })).map((i) => [i.path, i.message])).toEqual([
      ['services.api.dependsOn.db.requird', 'unknown key "requird"'],
      ['services.api.dependsOn.db.condition', 'expected one of "started", "healthy", "completed", got "ready"'],
      ['services.api.dependsOn.db.restart', 'expected true or false, got "yes"'],
    ]);
  });

  test('restartWith and optionalDeps change no container: they are not in the applied spec', () => {
    const plain = resolve(stack({ db: { image: 'x' }, api: { image: 'x', dependsOn: ['db'] } })).services.api;
    const long = resolve(stack({ db: { image: 'x' }, api: { image: 'x', dependsOn: { db: { condition: 'started', restart: true, required: false } } } })).services.api;
    expect(configHash(appliedService(long))).toBe(configHash(appliedService(plain)));
  });
});
