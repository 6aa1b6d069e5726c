import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { installModuleFixture } from '../helpers/module-fixture';
import { ensureBuilt, runStack, stackTraceLines } from '../helpers/run-stack.mjs';

interface Shown {
  services: Record<string, { build?: { context: string }; volumes?: string[]; environment?: Record<string, string>; dependsOn?: Record<string, string> }>;
  volumes?: Record<string, unknown>;
}

beforeAll(ensureBuilt);

function config(cwd: string, args: string[] = []): Shown {
  const r = runStack(['config', ...args], { cwd });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return parse(r.stdout) as Shown;
}

describe.each([
  ['a file: dependency (symlinked, TypeScript source outside node_modules)', 'link' as const],
  ['a packed install (TypeScript source and an ESM-only package inside node_modules)', 'copy' as const],
  ['git dependencies (cloned into node_modules)', 'git' as const],
])('modules from another repo, installed as %s', (_, mode) => {
  let root: string;
  let consumer: string;
  /** Where the consumer sees a package's files: the sibling repo itself when linked, its copy when packed. */
  let pkg: (name: 'second-repo' | 'esm-modules') => string;
  beforeAll(() => {
    root = realpathSync(installModuleFixture(mode));
    consumer = join(root, 'consumer');
    pkg = (name) => (mode === 'link' ? join(root, name) : join(consumer, 'node_modules', '@fixture', name === 'second-repo' ? 'shared-stack' : name));
  });

  test("stack config shows the modules' services with their paths resolved inside the module's repo", () => {
    const shown = config(consumer);
    expect(Object.keys(shown.services)).toEqual(['web', 'cache-a', 'cache-b', 'echo', 'client']);
    const web = shown.services.web;
    expect(web.build?.context).toBe(join(pkg('second-repo'), 'app'));
    expect(web.volumes).toEqual([`${join(pkg('second-repo'), 'content')}:/www:ro`]);
    // The env file and the secret file were read from the module's repo (the secret is masked).
    expect(web.environment).toEqual({ FROM_ENV_FILE: 'second-repo', GREETING: 'hello from the consumer', TOKEN: '(secret)' });
    expect(shown.services.echo.volumes).toEqual([`${join(pkg('esm-modules'), 'files')}:/srv:ro`]);
    // Typed outputs wired the client to the module's service.
    expect(shown.services.client.environment).toEqual({ WEB_URL: 'http://web:8080/' });
    expect(shown.services.client.dependsOn).toEqual({ web: 'healthy' });
    expect(Object.keys(shown.volumes ?? {})).toEqual(['cache-a-data', 'cache-b-data']);
  });

  test('stack check type-checks through the module package: clean stack, then a wrong parameter type', () => {
    const ok = runStack(['check'], { cwd: consumer });
    expect(ok.stdout).toBe(`${join(consumer, 'stack.ts')}: no type errors\n`);
    expect(ok.code).toBe(0);
    const bad = runStack(['check', '-f', 'wrong-type.stack.ts'], { cwd: consumer });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/wrong-type\.stack\.ts\(5,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
    expect(bad.stderr).toMatch(/^error: 1 type error in /);
  });
});

test("a module imported by a relative path from outside the project: its paths are its folder's", () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'stackfile-relative-module-')));
  mkdirSync(join(root, 'shared'));
  mkdirSync(join(root, 'project'));
  writeFileSync(
    join(root, 'shared', 'proxy.ts'),
    "import { defineModule } from 'stackfile';\n" +
      "export const proxy = defineModule((p: { name?: string }) => ({ services: { [p.name ?? 'proxy']: { image: 'nginx:1.27', volumes: ['./conf:/etc/nginx/conf.d:ro'] } }, outputs: { service: p.name ?? 'proxy' } }));\n",
  );
  writeFileSync(
    join(root, 'project', 'stack.ts'),
    "import { defineStack } from 'stackfile';\nimport { proxy } from '../shared/proxy.ts';\n\n" +
      "const edge = proxy({ name: 'edge' });\n" +
      "export default defineStack({ modules: [edge], services: { app: { image: 'nginx:1.27', volumes: ['./conf:/conf'], dependsOn: [edge.service] } } });\n",
  );
  const shown = config(join(root, 'project'));
  expect(shown.services.edge.volumes).toEqual([`${join(root, 'shared', 'conf')}:/etc/nginx/conf.d:ro`]);
  expect(shown.services.app.volumes).toEqual([`${join(root, 'project', 'conf')}:/conf`]);
  expect(shown.services.app.dependsOn).toEqual({ edge: 'started' });
  expect(runStack(['check'], { cwd: join(root, 'project') }).code).toBe(0);
});

describe('module mistakes, as stack config reports them', () => {
  let consumer: string;
  beforeAll(() => {
    consumer = join(realpathSync(installModuleFixture('link')), 'consumer');
  });

  function userError(file: string): string {
    const r = runStack(['config', '-f', file], { cwd: consumer });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(stackTraceLines(r.stderr)).toEqual([]);
    return r.stderr;
  }

  test('a missing required parameter (type-check skipped) names the module, the parameter and stack.ts', () => {
    expect(userError('missing-param.stack.ts')).toBe(
      `error: 1 problem in ${join(consumer, 'missing-param.stack.ts')}:\n` +
        '  - modules[0]: module webapp (../second-repo/src/webapp.ts) needs the parameter "greeting", which was not given (pass it: webapp({ greeting: ... }); stack check finds this before anything runs)\n' +
        'hint: fix these (in stack.ts, its env files or the command line) and run the command again; nothing was changed\n',
    );
  });

  test('two modules defining one service name: both sources are named', () => {
    expect(userError('collision.stack.ts')).toContain('  - services.cache: defined by module webapp (../second-repo/src/webapp.ts) and by module cache (../second-repo/src/cache.ts)');
  });

  test('an ES module package that cannot find stackfile itself says where to install it', () => {
    // Undo what the fixture set up: the ESM package's repo without stackfile installed.
    rmSync(join(consumer, '..', 'esm-modules', 'node_modules'), { recursive: true });
    const err = userError('stack.ts');
    expect(err).toContain(`Cannot find package 'stackfile' imported from ${join(consumer, '..', 'esm-modules', 'index.js')}`);
    expect(err).toMatch(/\nhint: install stackfile where that package lives/);
  });
});
