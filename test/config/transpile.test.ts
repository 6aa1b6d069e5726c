import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TranspileError } from '../../src/config/transpile';
import { ensureBuilt, requireDist } from '../helpers/run-stack.mjs';

type Transpile = (code: string, file: string) => string;
let transpileToCommonJs: Transpile;
const cacheDir = mkdtempSync(join(tmpdir(), 'stackfile-transpile-'));
const saved = process.env.STACKFILE_CACHE_DIR;

beforeAll(async () => {
  await ensureBuilt();
  process.env.STACKFILE_CACHE_DIR = cacheDir;
  ({ transpileToCommonJs } = requireDist('config/transpile.js') as { transpileToCommonJs: Transpile });
});
afterAll(() => {
  if (saved === undefined) delete process.env.STACKFILE_CACHE_DIR;
  else process.env.STACKFILE_CACHE_DIR = saved;
});

describe('transpileToCommonJs', () => {
  test('emits CommonJS with an inline source map naming the original file', () => {
    const js = transpileToCommonJs("import { a } from './a';\nexport default (n: number) => a + n;\n", '/src/stack.ts');
    expect(js).toContain('exports.default');
    expect(js).toContain('require("./a")');
    const map = JSON.parse(Buffer.from(/sourceMappingURL=data:application\/json;base64,(\S+)/.exec(js)![1], 'base64').toString());
    expect(map.sources).toEqual(['/src/stack.ts']);
  });

  test('keeps dynamic import() native, so ESM-only packages load through it', () => {
    expect(transpileToCommonJs("export default async () => (await import('pkg')).x;\n", '/src/dyn.ts')).toMatch(/await import\('pkg'\)/);
  });

  test('an .mts file still becomes CommonJS', () => {
    const js = transpileToCommonJs('export const x: number = 1;\n', '/src/stack.mts');
    expect(js).toContain('exports.x = 1');
    expect(js).not.toMatch(/^export /m);
  });

  test('import.meta is rewritten to values for the file', () => {
    const js = transpileToCommonJs('export const here = import.meta.url;\n', '/src/meta.ts');
    expect(js).not.toContain('import.meta');
    // Run it as Node's CommonJS wrapper would, with just enough require for the rewrite.
    const exports: { here?: string } = {};
    const fakeRequire = (id: string) => (id === 'node:url' ? { pathToFileURL } : undefined);
    new Function('exports', 'require', 'module', '__filename', '__dirname', js)(exports, fakeRequire, { exports }, '/src/meta.ts', '/src');
    expect(exports.here).toBe('file:///src/meta.ts');
  });

  test('syntax errors carry file, line and column', () => {
    let error: TranspileError | undefined;
    try {
      transpileToCommonJs('const a = 1;\nconst b = (;\n', '/src/bad.ts');
    } catch (err) {
      error = err as TranspileError;
    }
    expect(error?.name).toBe('TranspileError');
    expect(error?.diagnostics[0]).toMatchObject({ file: '/src/bad.ts', line: 2, column: 12, message: 'Expression expected.' });
  });

  test('caches by content: the same source is served from disk, an edit is a new entry', () => {
    const count = () => readdirSync(cacheDir).filter((f) => f.endsWith('.js')).length;
    const before = count();
    const first = transpileToCommonJs('export const v = 1;\n', '/src/cached.ts');
    expect(count()).toBe(before + 1);
    // Tamper with the entry: a hit must return what is on disk without transpiling again.
    const entry = readdirSync(cacheDir).find((f) => f.endsWith('.js') && readFileSync(join(cacheDir, f), 'utf8') === first)!;
    writeFileSync(join(cacheDir, entry), `${first}// from the cache\n`);
    expect(transpileToCommonJs('export const v = 1;\n', '/src/cached.ts')).toContain('// from the cache');
    expect(transpileToCommonJs('export const v = 2;\n', '/src/cached.ts')).toContain('exports.v = 2');
    expect(count()).toBe(before + 2);
  });
});
