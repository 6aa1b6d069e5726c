import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { EXAMPLES, ensureBuilt, fixture, runStack, stackTraceLines } from '../helpers/run-stack.mjs';

interface Shown {
  name: string;
  env?: string;
  services: Record<string, Record<string, unknown> & { environment?: Record<string, string>; dependsOn?: Record<string, string> }>;
  volumes?: Record<string, { name: string }>;
  networks?: Record<string, { name: string; internal?: boolean }>;
}

beforeAll(ensureBuilt);

function config(args: string[], options?: Parameters<typeof runStack>[1]): Shown {
  const r = runStack(['config', ...args], options);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return parse(r.stdout) as Shown;
}

/** Runs a command expected to fail with a user error: exit 1, nothing on stdout, no stack trace. */
function userError(args: string[], options?: Parameters<typeof runStack>[1]): string {
  const r = runStack(args, options);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(stackTraceLines(r.stderr)).toEqual([]);
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).toMatch(/\nhint: .+\n$/);
  return r.stderr;
}

describe('stack config in an example folder', () => {
  const cwd = join(EXAMPLES, 'three-tier');

  test('prints the resolved stack, finding stack.ts from the current folder', () => {
    const shown = config([], { cwd });
    expect(shown.name).toBe('three-tier');
    expect(shown.env).toBeUndefined();
    expect(Object.keys(shown.services)).toEqual(['db', 'api', 'web']);
    expect(shown.services.api.dependsOn).toEqual({ db: 'healthy' });
    expect(shown.services.web.dependsOn).toEqual({ api: 'started' });
    expect(shown.services.db.volumes).toEqual(['three-tier_dbdata:/data']);
    expect(shown.volumes?.dbdata.name).toBe('three-tier_dbdata');
    expect(shown.networks?.backend).toMatchObject({ name: 'three-tier_backend', internal: true });
    expect(shown.services.db.healthcheck).toMatchObject({ test: ['CMD-SHELL', expect.stringContaining('wget')], interval: '1s' });
    expect(shown.services.api.environment).toEqual({ LOG_LEVEL: 'info', DB_URL: 'http://db:5432' });
  });

  test('--env prod shows the prod overlay applied', () => {
    const shown = config(['--env', 'prod'], { cwd });
    expect(shown.env).toBe('prod');
    expect(shown.services.api).toMatchObject({ replicas: 2, restart: 'unless-stopped' });
    // The overlay's null removed DB_URL; its LOG_LEVEL replaced the base's.
    expect(shown.services.api.environment).toEqual({ LOG_LEVEL: 'warn' });
    expect(shown.services.web.ports).toEqual(['80:8080/tcp']);
    expect(shown.services.db.stopGracePeriod).toBe('30s');
  });

  test('STACK_ENV selects the env like --env; --env dev differs from prod', () => {
    expect(config([], { cwd, env: { STACK_ENV: 'prod' } }).env).toBe('prod');
    const dev = config(['--env', 'dev'], { cwd });
    expect(dev.services.api.environment?.LOG_LEVEL).toBe('debug');
    expect(dev.services.db.ports).toEqual(['127.0.0.1:5432:5432/tcp']);
    expect(dev.networks?.backend.internal).toBeUndefined();
  });

  test('secrets are masked', () => {
    const r = runStack(['config'], { cwd });
    expect(parse(r.stdout).services.db.environment).toEqual({ DB_PASSWORD: '(secret)' });
    expect(r.stdout).not.toContain('dev-only-password');
  });

  test('--format json prints the same stack as JSON', () => {
    const r = runStack(['config', '--format', 'json'], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(parse(runStack(['config'], { cwd }).stdout));
  });

  test('the hello example uses the local test image', () => {
    expect(config([], { cwd: join(EXAMPLES, 'hello') }).services.web).toMatchObject({ image: 'stackfile-test/busybox:latest', ports: ['8080:8080/tcp'] });
  });

  test('an env the stack does not define is a user error listing the defined ones', () => {
    const err = userError(['config', '--env', 'staging'], { cwd });
    expect(err).toContain('envs: env "staging" is not defined (defined envs: dev, prod)');
  });
});

describe('loading fixtures', () => {
  test('a CommonJS stack without a package.json of its own', () => {
    const shown = config(['-f', fixture('basic')], { env: { DB_MODE: 'replica' } });
    expect(shown.services.web.dependsOn).toEqual({ db: 'healthy' });
    expect(shown.services.db.environment).toEqual({ PASSWORD: '(secret)', MODE: 'replica' });
    expect(config(['-f', fixture('basic'), '--env', 'prod']).services.web).toMatchObject({ replicas: 2, ports: ['8080-8081:8080/tcp'] });
  });

  test('a stack in a "type": "module" package importing ./lib/helper.js (a .ts file) and an ESM-only package', () => {
    expect(config(['-f', fixture('esm-package')]).services.app.command).toEqual(['echo', 'hello from esm']);
  });

  test('a stack importing a local .ts helper without an extension', () => {
    expect(config(['-f', fixture('local-helper')]).services.beta.command).toEqual(['sh', '-c', 'echo beta; sleep 3600']);
  });

  test('the function form gets ctx.env and ctx.vars layered from .env files, and the process environment wins', () => {
    const base = config(['-f', fixture('function-form')]);
    expect(base.services.app.image).toBe('stackfile-test/busybox:from-dotenv');
    expect(base.services.app.environment).toEqual({ STACK_ENV: 'none', GREETING: 'hello-local', REGION: 'eu' });
    const prod = config(['-f', fixture('function-form'), '--env', 'prod'], { env: { REGION: 'from-process' } });
    expect(prod.services.app.image).toBe('stackfile-test/busybox:prod-tag');
    expect(prod.services.app.environment).toEqual({ STACK_ENV: 'prod', GREETING: 'hello-local', REGION: 'from-process' });
    expect(prod.services.app.replicas).toBe(3);
  });

  test('a package with top-level await loads through import() in the function form', () => {
    expect(config(['-f', fixture('top-level-await/dynamic')]).services.web.image).toBe('stackfile-test/busybox:latest');
  });

  test('50 services load', () => {
    const shown = config(['-f', fixture('fifty-services')]);
    expect(Object.keys(shown.services)).toHaveLength(50);
    expect(shown.services.svc49.dependsOn).toEqual({ svc48: 'started' });
  });
});

describe('user errors: exit 1, every problem with its path and a hint, no stack trace', () => {
  test('three mistakes are reported together', () => {
    const err = userError(['config', '-f', fixture('three-mistakes')]);
    expect(err).toContain(`3 problems in ${join(fixture('three-mistakes'), 'stack.ts')}:`);
    expect(err).toContain('- services.api.restat: unknown key "restat" (did you mean "restart"?)');
    expect(err).toContain('- services.api.dependsOn.dbb: depends on "dbb", which is not a service in this stack (services are: api, web)');
    expect(err).toContain('- services.web.ports[0]: host port 8080/tcp is already published by services.api.ports[0] (8080:80/tcp) (each host port can be published once; change one of them)');
  });

  test('a syntax error points at file:line:col with a code frame', () => {
    const file = join(fixture('syntax-error'), 'stack.ts');
    const err = userError(['config', '-f', file]);
    expect(err).toContain(`${file}:5:51: ',' expected.`);
    expect(err).toMatch(/^> 5 \|.*image: 'stackfile-test\/busybox:latest' ports:/m);
    // The caret sits under column 51 of line 5.
    const lines = err.split('\n');
    const caret = lines[lines.findIndex((l) => l.startsWith('> 5 |')) + 1];
    expect(caret.indexOf('^') - caret.indexOf('|') - 2).toBe(50);
  });

  test('an error thrown inside stack.ts names the file and line', () => {
    const err = userError(['config', '-f', fixture('throws')]);
    expect(err).toContain(`${join(fixture('throws'), 'stack.ts')}:4:9: stack file threw: WEB_IMAGE is not set`);
  });

  test('a dependency cycle prints as a path', () => {
    expect(userError(['config', '-f', fixture('cycle')])).toContain('services.api.dependsOn: dependency cycle: api => worker => api');
  });

  test('bad durations, bad ports and containerName with replicas are reported', () => {
    const err = userError(['config', '-f', fixture('bad-values')]);
    expect(err).toContain('4 problems');
    expect(err).toContain('services.api.ports[0]: container port "http" is not a port number');
    expect(err).toContain('services.api.healthcheck.interval: "5 seconds" is not a duration');
    expect(err).toContain('services.api.stopGracePeriod: "a while" is not a duration');
    expect(err).toContain('services.api.containerName: containerName "the-api" cannot be used with replicas: 2');
  });

  test('a package with top-level await cannot be required, and the error says what to do', () => {
    const err = userError(['config', '-f', fixture('top-level-await')]);
    expect(err).toContain('top-level await');
    expect(err).toMatch(/hint: .*await import\(/);
  });

  test('a missing package names itself and the importing file', () => {
    const err = userError(['config', '-f', fixture('missing-import')]);
    expect(err).toContain("Cannot find module 'not-installed-anywhere'");
    expect(err).toContain(join(fixture('missing-import'), 'stack.ts'));
  });

  test('no stack.ts anywhere up from the current folder', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'stackfile-empty-'));
    expect(userError(['config'], { cwd })).toContain(`no stack.ts found in ${cwd}`);
  });

  test('-f to a path that does not exist', () => {
    expect(userError(['config', '-f', 'nope/stack.ts'])).toContain('nope/stack.ts does not exist');
  });
});

describe('transpile cache', () => {
  test('an edited stack.ts is picked up, not served stale from the cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-edit-'));
    cpSync(fixture('basic'), dir, { recursive: true });
    const cacheDir = mkdtempSync(join(tmpdir(), 'stackfile-cache-'));
    const env = { STACKFILE_CACHE_DIR: cacheDir };
    expect(config(['-f', dir], { env }).services.web.command).toEqual(['httpd', '-f', '-p', '8080']);
    const file = join(dir, 'stack.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("'httpd -f -p 8080'", "'httpd -f -p 9090'"));
    expect(config(['-f', dir], { env }).services.web.command).toEqual(['httpd', '-f', '-p', '9090']);
  });

  test('works with the cache turned off', () => {
    expect(config(['-f', fixture('local-helper')], { env: { STACKFILE_CACHE: '0' } }).services.alpha.image).toBe('stackfile-test/busybox:latest');
  });
});

describe('layered variables (examples/env-layers)', () => {
  const dir = join(EXAMPLES, 'env-layers');

  test('stack config --env prod shows the winner of every layer, with ${VAR} expanded', () => {
    const shown = config(['--env', 'prod'], { cwd: dir, env: { LOG_LEVEL: 'trace' } });
    expect(shown.services.api.environment).toMatchObject({ LOG_LEVEL: 'trace', DB_HOST: 'prod-db.internal', API_URL: 'http://prod-db.internal:8080', GREETING: 'hello from prod-db.internal' });
    expect(shown.services.api).toMatchObject({ replicas: 2, restart: 'always' });
    expect(Object.keys(shown.services)).toEqual(['api']);
    const dev = config(['--env', 'dev'], { cwd: dir });
    expect(dev.services.api.environment).toMatchObject({ LOG_LEVEL: 'debug', DB_HOST: 'db', API_URL: 'http://db:8080' });
  });

  test('--explain names the source of each variable and what it overrode, masking secrets', () => {
    const r = runStack(['config', '--env', 'prod', '--explain'], { cwd: dir, env: { LOG_LEVEL: 'trace' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/LOG_LEVEL="trace"\n\s+from the process environment\n\s+overrides \.env\.prod:3 \("warn"\), \.env\.local:2 \("debug"\), \.env:2 \("info"\)/);
    expect(r.stdout).toMatch(/DB_HOST="prod-db\.internal"\n\s+from \.env\.prod:2\n\s+overrides \.env:3 \("db"\)/);
    expect(r.stdout).toMatch(/API_URL="http:\/\/prod-db\.internal:8080"\n\s+from \.env:4 \(as "http:\/\/\$\{DB_HOST\}:8080", expanded\)/);
    expect(r.stdout).toMatch(/DB_PASSWORD=\(secret\)\n\s+from \.env:5/);
    expect(r.stdout).not.toContain('dev-only-password');
    const one = runStack(['config', '--explain', 'DB_HOST', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(one.stdout)).toEqual([{ name: 'DB_HOST', value: 'db', secret: false, readByStack: true, unsetReferences: [], sources: [{ from: '.env:3', value: 'db' }] }]);
  });

  test('--explain warns about a ${VAR} that is not set, but not about single-quoted text', () => {
    const d = mkdtempSync(join(tmpdir(), 'stackfile-explain-'));
    writeFileSync(join(d, 'stack.ts'), "import { defineStack } from 'stackfile';\nexport default defineStack({ name: 'x', services: { a: { image: 'x' } } });\n");
    writeFileSync(join(d, '.env'), "URL=http://${NOT_SET_HOST}:5432/${DB:-app}\nQ='${NOT_SET_LITERAL}'\n");
    const r = runStack(['config', '--explain'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('URL="http://:5432/app"');
    expect(r.stdout).toMatch(/warning: it uses \$\{NOT_SET_HOST\}, which is not set/);
    expect(r.stdout).not.toMatch(/NOT_SET_LITERAL\}, which/);
    expect(r.stdout).not.toMatch(/\$\{DB\}, which/);
  });

  test('an unknown env lists the known ones, even for the function form', () => {
    expect(userError(['config', '--env', 'staging'], { cwd: dir })).toMatch(/env "staging" is not defined.*defined envs: dev, prod/);
  });

  test('--profile enables a service; a profile nobody has is an error', () => {
    expect(Object.keys(config(['--profile', 'debug'], { cwd: dir }).services)).toEqual(['api', 'debug']);
    expect(Object.keys(config([], { cwd: dir, env: { STACK_PROFILES: 'debug' } }).services)).toEqual(['api', 'debug']);
    expect(userError(['config', '--profile', 'debgu'], { cwd: dir })).toMatch(/no service has profile "debgu".*did you mean "debug"/);
  });
});
