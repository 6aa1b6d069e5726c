import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { LoadedStack } from '../../src/config/load';
import type { StackLoadError, TranspileError, UserError } from '../../src/errors';
import { ensureBuilt, fixture, requireDist } from '../helpers/run-stack.mjs';

type LoadStackFile = (file: string, options?: { env?: string; processEnv?: NodeJS.ProcessEnv }) => Promise<LoadedStack>;
let loadStackFile: LoadStackFile;

beforeAll(async () => {
  await ensureBuilt();
  // The loader installs require hooks, so it is tested built, through require, as the CLI runs it.
  ({ loadStackFile } = requireDist('config/load.js') as { loadStackFile: LoadStackFile });
});

const stackOf = (name: string) => join(fixture(name), 'stack.ts');
type Services = { services: Record<string, Record<string, unknown>> };

describe('loadStackFile', () => {
  test('returns the definition and, as dependencies, just stack.ts when it imports nothing local', async () => {
    const loaded = await loadStackFile(stackOf('basic'), { processEnv: {} });
    expect(loaded.isFunction).toBe(false);
    expect(loaded.dir).toBe(fixture('basic'));
    expect(Object.keys((loaded.definition as Services).services)).toEqual(['db', 'web']);
    expect(loaded.dependencies).toEqual([stackOf('basic')]);
  });

  test('lists a local helper among the dependencies', async () => {
    const loaded = await loadStackFile(stackOf('local-helper'), { processEnv: {} });
    expect(loaded.dependencies).toEqual([stackOf('local-helper'), join(fixture('local-helper'), 'services.ts')]);
  });

  test('in an ESM package: ./lib/helper.js maps to helper.ts, and the ESM-only package is not a local dependency', async () => {
    const loaded = await loadStackFile(stackOf('esm-package'), { processEnv: {} });
    expect((loaded.definition as Services).services.app.command).toEqual(['echo', 'hello from esm']);
    expect((loaded.definition as Services).services.app.labels).toEqual({ origin: 'esm-only-greeting', module: 'esm-package/stack.ts' });
    expect(loaded.dependencies).toEqual([stackOf('esm-package'), join(fixture('esm-package'), 'lib', 'helper.ts')]);
  });

  test('calls the function form with the env and layered vars, and lists the .env files it read', async () => {
    const dir = fixture('function-form');
    const loaded = await loadStackFile(stackOf('function-form'), { env: 'prod', processEnv: { GREETING: 'from-process' } });
    expect(loaded.isFunction).toBe(true);
    expect(loaded.vars).toMatchObject({ TAG: 'prod-tag', GREETING: 'from-process', REGION: 'us' });
    expect((loaded.definition as Services).services.app).toMatchObject({ image: 'stackfile-test/busybox:prod-tag', replicas: 3 });
    expect(loaded.dependencies).toEqual([stackOf('function-form'), ...['.env', '.env.local', '.env.prod', '.env.prod.local'].map((f) => join(dir, f))]);
  });

  test('reloading sees edits to imported helpers (dev mode reloads in one process)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-reload-'));
    cpSync(fixture('local-helper'), dir, { recursive: true });
    const command = async () => ((await loadStackFile(join(dir, 'stack.ts'), { processEnv: {} })).definition as Services).services.alpha.command;
    expect(await command()).toEqual(['sh', '-c', 'echo alpha; sleep 3600']);
    const helper = join(dir, 'services.ts');
    writeFileSync(helper, readFileSync(helper, 'utf8').replace('sleep 3600', 'sleep 60'));
    expect(await command()).toEqual(['sh', '-c', 'echo alpha; sleep 60']);
  });

  test('an error thrown while evaluating becomes a UserError naming the file and line', async () => {
    const error = (await loadStackFile(stackOf('throws'), { processEnv: {} }).catch((e: unknown) => e)) as StackLoadError;
    expect(error.name).toBe('StackLoadError');
    expect(error.files).toEqual([stackOf('throws')]);
    expect(error.message).toBe(`${stackOf('throws')}:4:9: stack file threw: WEB_IMAGE is not set`);
    expect(error.hint).toContain('your stack file');
  });

  test('a syntax error becomes a UserError with the position and a code frame', async () => {
    const error = (await loadStackFile(stackOf('syntax-error'), { processEnv: {} }).catch((e: unknown) => e)) as TranspileError;
    expect(error.name).toBe('TranspileError');
    expect(error.files).toEqual([stackOf('syntax-error')]);
    expect(error.diagnostics).toEqual([{ file: stackOf('syntax-error'), line: 5, column: 51, message: "',' expected." }]);
    expect(error.message).toContain(`${stackOf('syntax-error')}:5:51: ',' expected.`);
    expect(error.message).toMatch(/> 5 \|/);
  });

  test('a stack without a default export is a UserError', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-noexport-'));
    writeFileSync(join(dir, 'stack.ts'), "export const services = {};\n");
    const error = (await loadStackFile(join(dir, 'stack.ts'), { processEnv: {} }).catch((e: unknown) => e)) as UserError;
    expect(error.message).toBe(`${join(dir, 'stack.ts')} has no default export`);
  });
});

describe('errors from helpers and the function form', () => {
  test('a throw inside a helper called by the function form names the helper and its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-helper-throws-'));
    writeFileSync(join(dir, 'need.ts'), ['// a helper', 'export function need(name: string, value: string | undefined): string {', '  if (value === undefined) throw new Error(`${name} is required`);', '  return value;', '}', ''].join('\n'));
    writeFileSync(
      join(dir, 'stack.ts'),
      ["import { defineStack } from 'stackfile';", "import { need } from './need';", '', 'export default defineStack((ctx) => ({', "  services: { web: { image: need('IMAGE', ctx.vars.IMAGE) } },", '}));', ''].join('\n'),
    );
    const error = (await loadStackFile(join(dir, 'stack.ts'), { processEnv: {} }).catch((e: unknown) => e)) as StackLoadError;
    expect(error.message).toBe(`${join(dir, 'need.ts')}:3:34: stack file threw: IMAGE is required`);
    // stack dev watches these, so fixing the helper is seen.
    expect(error.files).toEqual([join(dir, 'stack.ts'), join(dir, 'need.ts')]);
  });
});

describe('loadStack', () => {
  test("counts services' env files, secret files and every env file that may appear among the dependencies, so stack dev reloads on them", async () => {
    const { loadStack } = requireDist('config/load-stack.js') as typeof import('../../src/config/load-stack');
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-deps-'));
    writeFileSync(join(dir, 'api.env'), 'A=1\n');
    writeFileSync(join(dir, 'key.pem'), 'K');
    writeFileSync(join(dir, '.env'), 'X=1\n');
    writeFileSync(join(dir, 'stack.ts'), `import { defineStack, secret } from 'stackfile';
export default defineStack({ name: 'deps', envs: { dev: {} }, services: { api: { image: 'x', envFile: './api.env', secrets: { key: secret.file('./key.pem') } } } });
`);
    const { loaded } = await loadStack({ file: dir, env: 'dev' });
    expect([...loaded.dependencies].sort()).toEqual(['.env', '.env.dev', '.env.dev.local', '.env.local', 'api.env', 'key.pem', 'stack.ts'].map((f) => join(dir, f)));
  });
});
