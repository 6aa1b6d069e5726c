import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { ROOT, ensureBuilt, runStack } from '../helpers/run-stack.mjs';

beforeAll(ensureBuilt);

test('stack init writes the starter stack.ts, which resolves and type-checks, and never overwrites one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stackfile-init-'));
  const first = runStack(['init'], { cwd: dir });
  expect(first.code).toBe(0);
  expect(readFileSync(join(dir, 'stack.ts'), 'utf8')).toBe(readFileSync(join(ROOT, 'templates', 'stack.ts'), 'utf8'));
  const config = runStack(['config', '--format', 'json'], { cwd: dir });
  expect(config.code, config.stderr).toBe(0);
  expect(Object.keys(JSON.parse(config.stdout).services)).toEqual(['web', 'api']);
  expect(runStack(['check'], { cwd: dir }).code).toBe(0);
  const again = runStack(['init'], { cwd: dir });
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/stack\.ts already exists/);
  expect(existsSync(join(dir, 'stack.ts'))).toBe(true);
});
