/**
 * Every example, read as a user would: `stack config` (and `stack check`) of each. The offline one, three-tier, is
 * also brought up on the real daemon in test/integration/examples.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXAMPLES, ensureBuilt, runStack } from '../helpers/run-stack.mjs';
import { readObjects } from '../export/kubernetes/read-output';
import { validateObjects } from '../export/kubernetes/validate-objects';

beforeAll(ensureBuilt);

type Service = { build?: { context: string }; volumes?: string[]; environment?: Record<string, string>; dependsOn?: Record<string, string>; replicas?: number; restart?: string; ports?: string[]; stopGracePeriod?: string; healthcheck?: { interval?: string } };
interface Shown {
  name: string;
  services: Record<string, Service>;
  networks?: Record<string, { internal?: boolean }>;
  volumes?: Record<string, unknown>;
}

function config(args: string[], options: Parameters<typeof runStack>[1] = {}): Shown {
  const r = runStack(['config', '--format', 'json', ...args], options);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Shown;
}

function checkClean(file: string, cwd?: string): void {
  const r = runStack(['check', '-f', file], { cwd });
  expect(r.stdout + r.stderr).toMatch(/stack\.ts: no type errors\n$/);
  expect(r.code).toBe(0);
}

describe('examples/web-api-db-cache', () => {
  const dir = join(EXAMPLES, 'web-api-db-cache');

  test('startup is gated on health: db and cache healthy, migrate completed, api healthy, then web', () => {
    const shown = config(['-f', dir]);
    expect(shown.name).toBe('webshop');
    expect(Object.keys(shown.services)).toEqual(['db', 'cache', 'migrate', 'api', 'web']);
    expect(shown.services.migrate.dependsOn).toEqual({ db: 'healthy' });
    expect(shown.services.api.dependsOn).toEqual({ db: 'healthy', cache: 'healthy', migrate: 'completed' });
    expect(shown.services.web.dependsOn).toEqual({ api: 'healthy' });
    expect(shown.services.api.build?.context).toBe(join(dir, 'api'));
    expect(shown.services.web.volumes).toEqual([`${join(dir, 'web', 'nginx.conf')}:/etc/nginx/conf.d/default.conf:ro`, `${join(dir, 'web', 'public')}:/usr/share/nginx/html:ro`]);
    expect(shown.networks?.backend.internal).toBe(true);
    checkClean(dir);
  });

  test('dev mounts the API source and opens the backend; prod needs the password and scales the API', () => {
    const dev = config(['-f', dir, '--env', 'dev']);
    expect(dev.services.api.volumes).toEqual([`${join(dir, 'api', 'src')}:/app/src`]);
    expect(dev.services.db.ports).toEqual(['127.0.0.1:5432:5432/tcp']);
    expect(dev.networks?.backend.internal).toBeUndefined();
    const noPassword = runStack(['config', '-f', dir, '--env', 'prod']);
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('services.db.environment.POSTGRES_PASSWORD: secret variable POSTGRES_PASSWORD is not set');
    const prod = runStack(['config', '-f', dir, '--env', 'prod'], { env: { POSTGRES_PASSWORD: 'prod-s3cret' } });
    expect(prod.code, prod.stderr).toBe(0);
    expect(prod.stdout).not.toContain('prod-s3cret');
    const shown = config(['-f', dir, '--env', 'prod'], { env: { POSTGRES_PASSWORD: 'prod-s3cret' } });
    expect(shown.services.api).toMatchObject({ replicas: 2, restart: 'unless-stopped', environment: { LOG_LEVEL: 'warn', PGPASSWORD: '(secret)' } });
    expect(shown.services.web.ports).toEqual(['80:80/tcp']);
  });
});

describe('examples/monorepo', () => {
  let root: string;
  beforeAll(() => {
    // A copy installed as its README says (npm install at the monorepo root links the workspaces), minus the
    // stackfile dev dependency: the CLI under test is this checkout's, and linking it makes npm read its whole tree.
    root = realpathSync(mkdtempSync(join(tmpdir(), 'stackfile-monorepo-')));
    cpSync(join(EXAMPLES, 'monorepo'), root, { recursive: true, filter: (src) => !src.includes('node_modules') });
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    expect(pkg.devDependencies?.stackfile).toBe('file:../..');
    delete pkg.devDependencies;
    writeFileSync(join(root, 'package.json'), JSON.stringify(pkg));
    const r = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  test('shop: module services with paths inside the shared package, redis twice, wired by typed outputs', () => {
    const shop = config(['-f', 'apps/shop'], { cwd: root });
    const modules = join(root, 'packages', 'stack-modules');
    expect(Object.keys(shop.services)).toEqual(['db', 'cache', 'sessions', 'api']);
    expect(shop.services.db.volumes).toEqual(['shop_db-data:/var/lib/postgresql/data', `${modules}/initdb:/docker-entrypoint-initdb.d:ro`]);
    for (const redis of ['cache', 'sessions']) expect(shop.services[redis].volumes).toEqual([`${modules}/conf/redis.conf:/usr/local/etc/redis/redis.conf:ro`]);
    expect(shop.services.api.environment).toEqual({ DATABASE_URL: 'postgres://app@db:5432/app', DATABASE_PASSWORD: '(secret)', CACHE_URL: 'redis://cache:6379', SESSION_URL: 'redis://sessions:6379' });
    expect(shop.services.api.dependsOn).toEqual({ db: 'healthy', cache: 'healthy', sessions: 'healthy' });
    expect(config(['-f', 'apps/shop', '--env', 'dev'], { cwd: root }).services.db.ports).toEqual(['127.0.0.1:5432:5432/tcp']);
    expect(config(['-f', 'apps/shop', '--env', 'prod'], { cwd: root, env: { SHOP_DB_PASSWORD: 'x' } }).services.db.stopGracePeriod).toBe('30s');
    checkClean('apps/shop', root);
  });

  test('blog: the same module at another version, changed through overrides', () => {
    const blog = config(['-f', 'apps/blog'], { cwd: root });
    expect(Object.keys(blog.services)).toEqual(['blogdb', 'blog']);
    expect(blog.services.blogdb).toMatchObject({ stopGracePeriod: '30s', healthcheck: { interval: '5s' } });
    expect(blog.services.blog.environment).toEqual({ DB_HOST: 'blogdb', DB_USER: 'app', DB_NAME: 'blog' });
    checkClean('apps/blog', root);
  });

  test.each([['apps/shop', ['--env', 'prod']], ['apps/blog', []]])('%s %j exports Kubernetes objects that all validate (export-kubernetes.test.ts has the other examples)', (app, env) => {
    // The modules bind-mount their initdb scripts and redis.conf, hence the opt-in.
    const r = runStack(['export', 'kubernetes', '-f', app, ...env, '--bind-mounts', 'host-path'], { cwd: root, env: { SHOP_DB_PASSWORD: 'x' } });
    expect(r.code, r.stderr).toBe(0);
    const objects = readObjects(r.stdout);
    expect(objects.filter((o) => o.kind === 'StatefulSet').length).toBeGreaterThan(0);
    expect(validateObjects(objects)).toEqual([]);
  });
});
