import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXAMPLES, ensureBuilt, fixture, runStack, stackTraceLines } from '../helpers/run-stack.mjs';

beforeAll(ensureBuilt);

describe('stack check', () => {
  test.each([
    ['basic (uses process.env: @types/node is found from the stack\'s folder)', fixture('basic')],
    ['esm-package (ESM package, .js specifier for a .ts helper, typed ESM-only dependency)', fixture('esm-package')],
    ['local-helper', fixture('local-helper')],
    ['function-form', fixture('function-form')],
    ['examples/three-tier', join(EXAMPLES, 'three-tier')],
    ['examples/hello', join(EXAMPLES, 'hello')],
  ])('%s type-checks clean', (_, dir) => {
    const r = runStack(['check', '-f', dir]);
    expect(r.stdout).toBe(`${join(dir, 'stack.ts')}: no type errors\n`);
    expect(r.code).toBe(0);
  });

  test('an invalid key is a type error, printed like tsc, exit 1 without a stack trace', () => {
    const r = runStack(['check', '-f', fixture('three-mistakes')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/three-mistakes\/stack\.ts\(\d+,\d+\): error TS\d+/);
    expect(r.stdout).toContain("'restat' does not exist in type 'ServiceSpec'. Did you mean to write 'restart'?");
    expect(r.stderr).toMatch(/^error: \d+ type errors? in /);
    expect(stackTraceLines(r.stderr)).toEqual([]);
  });

  test('a syntax error is reported with its position', () => {
    const r = runStack(['check', '-f', fixture('syntax-error')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("syntax-error/stack.ts(5,51): error TS1005: ',' expected.");
  });
});
