/**
 * The library and the CLI load a stack one way: the same env files, the same validation, the same errors (typed, with
 * fields, so callers switch on the class rather than the wording). No daemon: only loading and resolving.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type * as Api from '../../src/api';
import type * as Errors from '../../src/errors';
import { foldersForFile } from '../helpers/folders';
import { ensureBuilt, requireDist, runStackAs, runStackAsync, stackTraceLines } from '../helpers/run-stack.mjs';

let api: typeof Api;
let errors: typeof Errors;
const folder = foldersForFile('stackfile-library');

beforeAll(async () => {
  await ensureBuilt();
  // Built, through require, as the CLI runs it: the loader installs require hooks.
  api = requireDist('api.js') as typeof Api;
  errors = requireDist('errors.js') as typeof Errors;
});

const FUNCTION_FORM = `import { defineStack } from 'stackfile';
export default defineStack((ctx) => ({ name: 'lib', services: { web: { image: ctx.vars.require('IMAGE'), environment: { TIER: ctx.vars.TIER ?? 'none' } } } }));
`;

/** A stack whose variables come from .env, .env.prod and .env.prod.local, the process environment winning. */
function layeredStack(): string {
  return folder({
    'stack.ts': FUNCTION_FORM,
    '.env': 'IMAGE=from-dotenv\nTIER=base\n',
    '.env.prod': 'TIER=prod\n',
    '.env.prod.local': 'IMAGE=from-prod-local\n',
  });
}

// Each test has folders of its own, so they run side by side: most of this file's time is CLI processes starting.
// Side by side on a loaded machine, one test can take a minute (a limit against a hang, not a speed check).
describe.concurrent('one load path', { timeout: 120_000 }, () => {
  test('load() reads the env files as the CLI does, and returns the files the stack depends on', async () => {
    const dir = layeredStack();
    const stack = await api.load({ cwd: dir, env: 'prod', vars: {} });
    expect(stack.project).toBe('lib');
    expect(stack.env).toBe('prod');
    expect(stack.file).toBe(join(dir, 'stack.ts'));
    expect(stack.desired.services.web.image).toBe('from-prod-local');
    expect(stack.desired.services.web.environment).toEqual({ TIER: 'prod' });
    expect(stack.files).toEqual(expect.arrayContaining([join(dir, 'stack.ts'), join(dir, '.env'), join(dir, '.env.prod'), join(dir, '.env.prod.local'), join(dir, '.env.local')]));

    // The CLI shows exactly what the library resolved.
    const cli = await runStackAsync(['config', '--env', 'prod', '--format', 'json'], { cwd: dir, env: { IMAGE: undefined, TIER: undefined } });
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout).services.web).toMatchObject({ image: 'from-prod-local', environment: { TIER: 'prod' } });
  });

  test('resolve() of a value reads the env files of its dir too; the environment given wins over them', async () => {
    const dir = layeredStack();
    const fn = ((ctx: { vars: Record<string, string | undefined> & { require(n: string): string } }) => ({
      name: 'lib',
      services: { web: { image: ctx.vars.require('IMAGE'), environment: { TIER: ctx.vars.TIER ?? 'none' } } },
    })) as unknown as Parameters<typeof api.resolve>[0];
    const fromFiles = await api.resolve(fn, { dir, env: 'prod', vars: {} });
    expect(fromFiles.desired.services.web.image).toBe('from-prod-local');
    expect(fromFiles.desired.services.web.environment).toEqual({ TIER: 'prod' });
    const overridden = await api.resolve(fn, { dir, env: 'prod', vars: { TIER: 'from-process' } });
    expect(overridden.desired.services.web.environment).toEqual({ TIER: 'from-process' });
  });

  test('an --env nothing defines is an error in the library as in the CLI (env files for it make it known)', async () => {
    const dir = folder({ 'stack.ts': "import { defineStack } from 'stackfile';\nexport default defineStack({ name: 'e', services: { web: { image: 'x' } } });\n" });
    const error = await api.load({ cwd: dir, env: 'prdo', vars: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.ValidationError);
    const cli = await runStackAsync(['config', '--env', 'prdo'], { cwd: dir });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain((error as Error).message.split('\n')[1]);
    const known = folder({ 'stack.ts': "import { defineStack } from 'stackfile';\nexport default defineStack({ name: 'e', services: { web: { image: 'x' } } });\n", '.env.staging': 'A=1\n' });
    expect((await api.load({ cwd: known, env: 'staging', vars: {} })).env).toBe('staging');
  });

  test('services named narrow the scope to them and their dependencies, as the plan does', async () => {
    const dir = folder({
      'stack.ts': "import { defineStack } from 'stackfile';\nexport default defineStack({ name: 's', services: { db: { image: 'x' }, api: { image: 'x', dependsOn: ['db'] }, web: { image: 'x', dependsOn: ['api'] }, other: { image: 'x' } } });\n",
    });
    const stack = await api.load({ cwd: dir, services: ['api'], vars: {} });
    expect(stack.selected).toEqual(['api']);
    expect(stack.scope).toEqual(['db', 'api']);
    expect((await api.load({ cwd: dir, vars: {} })).scope).toEqual(['db', 'api', 'web', 'other']);
  });
});

describe.concurrent('typed errors', { timeout: 120_000 }, () => {
  test('no stack.ts: StackNotFoundError with the folder searched; ps says how to name a project instead', async () => {
    const dir = folder({ 'readme.txt': 'no stack here' });
    const error = (await api.load({ cwd: dir }).catch((e: unknown) => e)) as Errors.StackNotFoundError;
    expect(error).toBeInstanceOf(errors.StackNotFoundError);
    expect(error.searched).toBe(dir);
    expect(error.file).toBeUndefined();
    const ps = await runStackAsync(['ps'], { cwd: dir });
    expect(ps.code).toBe(1);
    expect(ps.stderr).toBe('error: no stack.ts here to take the project name from\nhint: run it next to stack.ts, or name the project with -p NAME (see docker ps for names)\n');
  });

  test('-f naming a missing path: StackNotFoundError with the file, and ps reports that, not "no stack.ts here"', async () => {
    const dir = folder();
    const error = (await api.load({ cwd: dir, file: 'nope/stack.ts' }).catch((e: unknown) => e)) as Errors.StackNotFoundError;
    expect(error).toBeInstanceOf(errors.StackNotFoundError);
    expect(error.file).toBe('nope/stack.ts');
    const ps = await runStackAsync(['ps', '--file', 'nope/stack.ts'], { cwd: dir });
    expect(ps.stderr).toBe('error: nope/stack.ts does not exist\nhint: check the -f/--file path\n');
  });

  test('a syntax error in a helper: TranspileError naming the helper among its files', async () => {
    const dir = folder({
      'stack.ts': "import { defineStack } from 'stackfile';\nimport { image } from './helper';\nexport default defineStack({ services: { web: { image } } });\n",
      'helper.ts': 'export const image = (;\n',
    });
    const error = (await api.load({ cwd: dir }).catch((e: unknown) => e)) as Errors.TranspileError;
    expect(error).toBeInstanceOf(errors.TranspileError);
    expect(error).toBeInstanceOf(errors.StackLoadError);
    expect(error.file).toBe(join(dir, 'stack.ts'));
    expect(error.files).toEqual([join(dir, 'stack.ts'), join(dir, 'helper.ts')]);
    expect(error.diagnostics[0]).toMatchObject({ file: join(dir, 'helper.ts'), line: 1 });
  });
});

describe.concurrent('misleading messages (issue 14, item 3)', { timeout: 120_000 }, () => {
  /** A user error from the CLI: exit 1, one paragraph and a hint, no stack trace. */
  async function userError(args: string[], cwd: string): Promise<string> {
    const r = await runStackAsync(args, { cwd });
    expect(r.code).toBe(1);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.stderr).toMatch(/\nhint: .+\n$/);
    return r.stderr;
  }

  test('a folder named stack.ts is said to be a folder (was: Cannot find module ... cli.bundle.js, install with npm)', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'stack.ts'));
    const text = await userError(['config'], dir);
    expect(text).toBe(`error: ${join(dir, 'stack.ts')} is a folder, not a file\nhint: stack.ts must be a file: rename or remove that folder, or pass -f to the stack file inside it\n`);
    expect(await userError(['config', '-f', 'stack.ts'], dir)).toContain('stack.ts is a folder, not a file');
  });

  test('an unreadable stack.ts is a permission problem, not "this error comes from your stack file"', async () => {
    // Outside the run's own TMPDIR, which only root may enter.
    const dir = mkdtempSync('/tmp/stackfile-eacces-');
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'stack.ts'), FUNCTION_FORM, { mode: 0o000 });
    // Root reads any file; run as nobody, as a user without the permission would.
    const r = await runStackAs(65534, ['config'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: cannot read ${join(dir, 'stack.ts')}: permission denied\nhint: make it readable for this user (ls -l ${join(dir, 'stack.ts')}; chmod a+r ${join(dir, 'stack.ts')}), or run stack as a user who may read it\n`);
  });

  test('stack logs -f DIR: a path is the stack\'s folder; a folder taken for a service name says to pass --file', async () => {
    const STACK = "import { defineStack } from 'stackfile';\nexport default defineStack({ name: 'logs-dir', services: { web: { image: 'x' } } });\n";
    const root = folder({ 'stack.ts': STACK.replace('logs-dir', 'root'), 'app/stack.ts': STACK });
    // "app" is a folder here, and no service of the stack in the current folder.
    const text = await userError(['logs', '-f', 'app'], root);
    expect(text).toBe('error: no service named app in root\nhint: to show the logs of the stack in the folder app, pass it as --file app (-f is --follow for logs)\n');
    // "./app" can only be a path: the stack there is read, and the command goes on to the daemon (none in this test).
    const r = await runStackAsync(['logs', '-f', './app'], { cwd: root, env: { DOCKER_HOST: 'unix:///nonexistent/stackfile-logs.sock' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot reach the Docker daemon/);
    expect(await userError(['logs', 'wbe'], root)).toBe('error: no service named wbe in root\nhint: services are: web\n');
  });

  test('a used import of a missing module names the line of the import', async () => {
    const dir = folder({
      'stack.ts': "import { defineStack } from 'stackfile';\n\nimport { image } from './lib/images';\nexport default defineStack({ services: { web: { image } } });\n",
    });
    const text = await userError(['config'], dir);
    expect(text).toContain(`error: ${join(dir, 'stack.ts')}:3:`);
    expect(text).toContain("Cannot find module './lib/images'");
    expect(text).toContain('hint: fix the import path');
    const pkg = folder({ 'stack.ts': "import { defineStack } from 'stackfile';\nimport { image } from 'not-installed-anywhere';\nexport default defineStack({ services: { web: { image } } });\n" });
    expect(await userError(['config'], pkg)).toMatch(new RegExp(`^error: ${join(pkg, 'stack.ts')}:2:\\d+: Cannot find module 'not-installed-anywhere'\\nhint: install the package \\(npm install not-installed-anywhere\\)`));
  });
});

