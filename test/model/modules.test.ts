import { relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/errors';
import { defineModule } from '../../src/model/module';
import { rebaseServices } from '../../src/model/module-paths';
import type { ModuleDefinition, ModuleInstance } from '../../src/model/module-types';
import { resolveStack } from '../../src/model/normalize';
import { isSecret, secret } from '../../src/model/secret';
import type { Secret } from '../../src/model/types';
import { DIR, IMAGE, issues as issuesOf, resolve } from './builders';

const SHARED = '/repos/shared';
/** How messages show this file, where the test modules are defined (their `dir` is SHARED). */
const HERE = relative(DIR, __filename);

/** A Postgres-like module kept in another repo (its folder is SHARED), with a required password. */
const postgres = defineModule({ name: 'postgres', required: ['password'], dir: SHARED }, (p: { name?: string; version?: string; password: Secret }) => {
  const name = p.name ?? 'postgres';
  return {
    services: {
      [name]: {
        image: `${IMAGE}-pg${p.version ?? '16'}`,
        environment: { POSTGRES_PASSWORD: p.password },
        volumes: [`${name}-data:/var/lib/postgresql/data`, './initdb:/docker-entrypoint-initdb.d:ro'],
        healthcheck: { test: ['CMD', 'pg_isready'], interval: '1s' },
      },
    },
    volumes: { [`${name}-data`]: {} },
    outputs: { service: name, url: `postgres://postgres@${name}:5432/postgres` },
  } satisfies ModuleDefinition;
});

const redis = defineModule({ name: 'redis', dir: SHARED }, (p: { name?: string }) => {
  const name = p.name ?? 'redis';
  return { services: { [name]: { image: IMAGE, build: { context: './redis', target: 'prod' } } }, outputs: { service: name, url: `redis://${name}:6379` } };
});

describe('module instances', () => {
  test('add their services and volumes; the stack uses their typed outputs', () => {
    const db = postgres({ name: 'db', password: secret.value('pw') });
    const state = resolve({ name: 'app', modules: [db], services: { api: { image: IMAGE, environment: { DATABASE_URL: db.url }, dependsOn: { [db.service]: 'healthy' } } } });
    expect(Object.keys(state.services)).toEqual(['db', 'api']);
    expect(state.services.api.environment.DATABASE_URL).toBe('postgres://postgres@db:5432/postgres');
    expect(state.services.api.dependsOn).toEqual({ db: 'healthy' });
    expect(state.services.db.environment.POSTGRES_PASSWORD).toBe('pw');
    expect(state.services.db.secretEnv).toEqual(['POSTGRES_PASSWORD']);
    expect(state.volumes['db-data'].name).toBe('app_db-data');
    // Printing an instance shows its outputs only.
    expect(JSON.parse(JSON.stringify(db))).toEqual({ service: 'db', url: 'postgres://postgres@db:5432/postgres' });
  });

  test("resolve relative paths against the module's folder, and the stack's own against stack.ts's", () => {
    const state = resolve({ name: 'app', modules: [redis({ name: 'cache' }), postgres({ password: secret.value('x') })], services: { api: { build: './api', volumes: ['./src:/src'] } } });
    expect(state.services.cache.build?.context).toBe(`${SHARED}/redis`);
    expect(state.services.postgres.volumes.map((v) => [v.type, v.source])).toEqual([['volume', 'app_postgres-data'], ['bind', `${SHARED}/initdb`]]);
    expect(state.services.api.build?.context).toBe(`${DIR}/api`);
    expect(state.services.api.volumes[0].source).toBe(`${DIR}/src`);
  });

  test('rebasing covers string builds, long-form binds, env files, watch paths and secret files, leaving the rest', () => {
    const fileSecret = secret.file('./certs/key.pem');
    const input = {
      web: {
        build: '../web',
        envFile: ['./web.env', '/etc/abs.env'],
        volumes: ['~/cache:/cache', '/abs:/abs', 'named:/data', { type: 'bind', source: './conf', target: '/conf' }, { type: 'volume', source: 'v', target: '/v' }],
        watch: [{ path: './src', action: 'sync', target: '/app/src' }],
        environment: { KEY: fileSecret, TOKEN: secret.value('t'), PLAIN: './not-a-path' },
        secrets: { tls: secret.file('./tls.pem'), abs: secret.file('/run/x') },
      },
      worker: { envFile: 'worker.env' },
    };
    const out = rebaseServices(input, SHARED) as typeof input;
    expect(out.web.build).toBe('/repos/web');
    expect(out.web.envFile).toEqual([`${SHARED}/web.env`, '/etc/abs.env']);
    expect(out.web.volumes).toEqual(['~/cache:/cache', '/abs:/abs', 'named:/data', { type: 'bind', source: `${SHARED}/conf`, target: '/conf' }, { type: 'volume', source: 'v', target: '/v' }]);
    expect(out.web.watch[0].path).toBe(`${SHARED}/src`);
    expect(out.worker.envFile).toBe(`${SHARED}/worker.env`);
    expect(isSecret(out.web.environment.KEY) && out.web.environment.KEY.source).toEqual({ kind: 'file', path: `${SHARED}/certs/key.pem` });
    expect(out.web.environment.TOKEN).toBe(input.web.environment.TOKEN);
    expect(out.web.environment.PLAIN).toBe('./not-a-path');
    expect([out.web.secrets.tls.source, out.web.secrets.abs.source]).toEqual([{ kind: 'file', path: `${SHARED}/tls.pem` }, { kind: 'file', path: '/run/x' }]);
    // The module's own objects are left alone.
    expect(fileSecret.source).toEqual({ kind: 'file', path: './certs/key.pem' });
    expect(input.web.volumes[3]).toEqual({ type: 'bind', source: './conf', target: '/conf' });
  });

  test('one module instantiated twice under different names does not collide', () => {
    const state = resolve({ name: 'app', modules: [redis({ name: 'cache' }), redis({ name: 'sessions' })] });
    expect(Object.keys(state.services)).toEqual(['cache', 'sessions']);
  });

  test('an env overlay applies after modules, so it can change a module service', () => {
    const state = resolve({ name: 'app', modules: [redis()], envs: { prod: { services: { redis: { replicas: 2 } } } } }, { env: 'prod' });
    expect(state.services.redis.replicas).toBe(2);
  });

  test('a function form of defineModule without parameters needs no arguments', () => {
    const hello = defineModule(() => ({ services: { hello: { image: IMAGE } } }));
    expect(Object.keys(resolve({ name: 'app', modules: [hello()] }).services)).toEqual(['hello']);
  });
});

describe('collisions', () => {
  test('a module and the stack defining the same service: one issue naming both', () => {
    const issues = issuesOf({ name: 'app', modules: [postgres({ name: 'db', password: secret.value('x') })], services: { db: { image: IMAGE } } });
    expect(issues).toEqual([
      {
        path: 'services.db',
        message: `defined by module postgres (${HERE}) and by the stack`,
        hint: expect.stringMatching(/list services\.db in overrides/),
      },
    ]);
  });

  test('the same module twice under the same name: the two instances are told apart', () => {
    const [issue, ...rest] = issuesOf({ name: 'app', modules: [redis(), redis()] }, { file: `${DIR}/stack.ts` });
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ path: 'services.redis', message: `defined by module redis (modules[0], ${HERE}) and by module redis (modules[1], ${HERE})` });
    expect(issue.hint).toBe("rename one of them (a module usually takes a name: redis({ name: 'other' })), or list services.redis in overrides to merge the definitions on purpose");
  });

  test('volumes and networks collide too; the stack file is named', () => {
    const net = defineModule({ name: 'net', dir: SHARED }, () => ({ networks: { backend: {} }, volumes: { data: {} } }));
    const issues = issuesOf({ name: 'app', modules: [net()], services: {}, networks: { backend: {} }, volumes: { data: {} } }, { file: `${DIR}/stack.ts` });
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      `volumes.data: defined by module net (${HERE}) and by stack.ts`,
      `networks.backend: defined by module net (${HERE}) and by stack.ts`,
    ]);
  });

  test('overrides merges the definitions on purpose, then applies itself like an overlay', () => {
    const state = resolve({
      name: 'app',
      modules: [postgres({ name: 'db', password: secret.value('x') })],
      services: { db: { environment: { EXTRA: '1' } } },
      overrides: { services: { db: { ports: ['127.0.0.1:5432:5432'], healthcheck: { interval: '5s' } } } },
    });
    expect(state.services.db.environment).toEqual({ POSTGRES_PASSWORD: 'x', EXTRA: '1' });
    expect(state.services.db.ports).toEqual([{ target: 5432, published: '5432', protocol: 'tcp', hostIp: '127.0.0.1' }]);
    expect(state.services.db.healthcheck).toMatchObject({ test: ['CMD', 'pg_isready'], intervalMs: 5000 });
  });

  test("a module's restart and an override's are written, not the default (the Kubernetes export reads the difference)", () => {
    const once = defineModule({ name: 'once', dir: SHARED }, () => ({ services: { seed: { image: IMAGE, restart: 'no' as const }, idle: { image: IMAGE } } }));
    const services = resolve({ name: 'app', modules: [once({})], overrides: { services: { idle: { restart: 'no' } } } }).services;
    expect(services.seed).toMatchObject({ restart: 'no', restartExplicit: true });
    expect(services.idle).toMatchObject({ restart: 'no', restartExplicit: true });
    expect(resolve({ name: 'app', modules: [once({})] }).services.idle.restartExplicit).toBeUndefined();
  });

  test('overrides can remove a module resource with null', () => {
    const state = resolve({ name: 'app', modules: [redis({ name: 'a' }), redis({ name: 'b' })], overrides: { services: { b: null } } });
    expect(Object.keys(state.services)).toEqual(['a']);
  });

  test('overriding a name nobody defines is an issue with a did-you-mean', () => {
    const issues = issuesOf({ name: 'app', modules: [redis({ name: 'cache' })], overrides: { services: { cahce: { replicas: 2 } }, secrets: {} } });
    expect(issues).toEqual([
      { path: 'overrides.secrets', message: 'unknown key "secrets"', hint: expect.any(String) },
      { path: 'overrides.services.cahce', message: 'neither a module nor the stack defines services.cahce, so there is nothing to override', hint: 'did you mean "cache"?' },
    ]);
  });
});

describe('module problems are collected issues at modules[i]', () => {
  test('a missing required parameter names the module and the parameter, and hides follow-on issues', () => {
    const db = (postgres as unknown as (p: object) => ModuleInstance<{ url: string; service: string }>)({ name: 'db' });
    const input = { name: 'app', modules: [db], services: { api: { image: IMAGE, environment: { DATABASE_URL: db.url }, dependsOn: { [db.service]: 'healthy' } } } };
    expect(() => resolveStack(input, { dir: DIR, file: `${DIR}/stack.ts` })).toThrow(ValidationError);
    expect(issuesOf(input)).toEqual([
      { path: 'modules[0]', message: `module postgres (${HERE}) needs the parameter "password", which was not given`, hint: expect.stringContaining('postgres({ password: ... })') },
    ]);
    try {
      resolveStack(input, { dir: DIR, file: `${DIR}/stack.ts` });
    } catch (err) {
      expect((err as Error).message).toContain(`1 problem in ${DIR}/stack.ts:\n  - modules[0]: module postgres`);
    }
  });

  test('a module whose function throws, a module listed without calling it, and a non-object definition', () => {
    const broken = defineModule({ name: 'broken', dir: SHARED }, (p: { port?: number }) => {
      if (p.port === undefined) throw new RangeError('port is needed after all');
      return {};
    });
    const weird = defineModule({ name: 'weird', dir: SHARED }, () => 'services' as unknown as ModuleDefinition);
    const issues = issuesOf({ name: 'app', modules: [broken(), redis, weird(), 'redis'] });
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['modules[0]', `module broken (${HERE}) threw while building its resources: RangeError: port is needed after all`],
      ['modules[1]', 'expected a module instance, got a function'],
      ['modules[2]', `module weird (${HERE}) returned string instead of { services, volumes, networks, outputs }`],
      ['modules[3]', 'expected a module instance, got "redis"'],
    ]);
    expect(issues[1].hint).toBe('call the module with its parameters: redis({ ... })');
  });

  test('unknown keys in what a module returns are reported at the module', () => {
    const typo = defineModule({ name: 'typo', dir: SHARED }, () => ({ servces: { a: { image: IMAGE } } }) as ModuleDefinition);
    expect(issuesOf({ name: 'app', modules: [typo()], services: {} })).toEqual([{ path: 'modules[0].servces', message: 'unknown key "servces"', hint: 'did you mean "services"?' }]);
  });

  test('an instance made by another copy of stackfile (a module package\'s own) is accepted', () => {
    const foreign = {};
    Object.defineProperty(foreign, '__stackfileModule', { value: { version: 1, module: 'foreign', dir: SHARED, definition: { services: { f: { image: IMAGE, build: './f' } } } } });
    expect(resolve({ name: 'app', modules: [foreign] }).services.f.build?.context).toBe(`${SHARED}/f`);
  });
});

describe('defineModule', () => {
  test('takes its name and folder from the file that calls it', () => {
    const here = defineModule(() => ({}));
    expect(here.moduleName).toBe('modules.test');
    expect(here().__stackfileModule).toMatchObject({ module: 'modules.test', dir: __dirname, file: __filename });
  });
});
