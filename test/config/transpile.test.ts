import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TranspileFailure } from '../../src/config/transpile';
import { ensureBuilt, requireDist } from '../helpers/run-stack.mjs';

type Transpile = (code: string, file: string) => string;
let transpileToCommonJs: Transpile;
let compilerVersion: (name: string) => string;
const cacheDir = mkdtempSync(join(tmpdir(), 'stackfile-transpile-'));
const saved = process.env.STACKFILE_CACHE_DIR;

beforeAll(async () => {
  await ensureBuilt();
  process.env.STACKFILE_CACHE_DIR = cacheDir;
  ({ transpileToCommonJs, compilerVersion } = requireDist('config/transpile.js') as { transpileToCommonJs: Transpile; compilerVersion: typeof compilerVersion });
});
afterAll(() => {
  if (saved === undefined) delete process.env.STACKFILE_CACHE_DIR;
  else process.env.STACKFILE_CACHE_DIR = saved;
});

/** Runs emitted CommonJS as Node's wrapper would, with `modules` as what require returns; gives its exports. */
function run(js: string, modules: Record<string, unknown> = {}, file = '/src/stack.ts'): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const fakeRequire = (id: string) => {
    if (!(id in modules)) throw new Error(`unexpected require(${id})`);
    return modules[id];
  };
  new Function('exports', 'require', 'module', '__filename', '__dirname', js)(module.exports, fakeRequire, module, file, '/src');
  return module.exports;
}

describe('transpileToCommonJs', () => {
  test('emits CommonJS with an inline source map naming the original file', () => {
    const js = transpileToCommonJs("import { a } from './a';\nimport type { T } from './types';\nexport default (n: number): T => a + n;\n", '/src/stack.ts');
    // The type-only import is gone (require('./types') would throw), the value import is required.
    expect((run(js, { './a': { a: 40 } }).default as (n: number) => number)(2)).toBe(42);
    const map = JSON.parse(Buffer.from(/sourceMappingURL=data:application\/json;base64,(\S+)/.exec(js)![1], 'base64').toString());
    expect(map.sources).toEqual(['/src/stack.ts']);
  });

  test('keeps dynamic import() native, so ESM-only packages load through it', () => {
    expect(transpileToCommonJs("export default async () => (await import('pkg')).x;\n", '/src/dyn.ts')).toMatch(/await import\(['"]pkg['"]\)/);
  });

  test('an .mts file still becomes CommonJS', () => {
    const js = transpileToCommonJs('export const x: number = 1;\n', '/src/stack.mts');
    expect(js).not.toMatch(/^export /m);
    expect(run(js).x).toBe(1);
  });

  test('import.meta is rewritten to values for the file', () => {
    const js = transpileToCommonJs('export const here = import.meta.url;\n', '/src/meta.ts');
    expect(js).not.toContain('import.meta');
    expect(run(js, { 'node:url': { pathToFileURL } }, '/src/meta.ts').here).toBe('file:///src/meta.ts');
  });

  test('swc (the usual path) and ts-node (taken for import.meta) give the same module', () => {
    const src = [
      "import whole from 'cjs';",
      "import * as ns from 'cjs';",
      'enum Color { Red = 1, Blue }',
      'class Port { constructor(public readonly n: number) {} }',
      "export const out = { whole: whole.kind, ns: ns.kind, blue: Color.Blue, port: new Port(3).n, opt: ({} as { a?: { b: number } }).a?.b ?? 'none' };",
      '',
    ].join('\n');
    const cjs = { kind: 'cjs' }; // no __esModule: a default import gets the whole object, as with esModuleInterop
    const swcJs = transpileToCommonJs(src, '/src/same.ts');
    const tsNodeJs = transpileToCommonJs(`${src}export const here = import.meta.url;\n`, '/src/same.ts');
    expect(swcJs).toContain('_interop_require_wildcard'); // swc's helper; TypeScript's is __importStar
    expect(tsNodeJs).toContain('__importStar');
    const expected = { whole: 'cjs', ns: 'cjs', blue: 2, port: 3, opt: 'none' };
    expect(run(swcJs, { cjs }).out).toEqual(expected);
    expect(run(tsNodeJs, { cjs, 'node:url': { pathToFileURL } }, '/src/same.ts').out).toEqual(expected);
  });

  test('syntax errors carry file, line and column', () => {
    let error: TranspileFailure | undefined;
    try {
      transpileToCommonJs('const a = 1;\nconst b = (;\n', '/src/bad.ts');
    } catch (err) {
      error = err as TranspileFailure;
    }
    expect(error?.name).toBe('TranspileFailure');
    expect(error?.diagnostics[0]).toMatchObject({ file: '/src/bad.ts', line: 2, column: 12, message: 'Expression expected.' });
  });

  test('a syntax error from another copy of the module is still recognised as one (the .ts hook is process-wide)', () => {
    let error: unknown;
    try {
      transpileToCommonJs('const b = (;\n', '/src/bad.ts');
    } catch (err) {
      error = err;
    }
    // The built copy threw it; this is the source copy, a different class, as for two installed versions.
    expect(error).not.toBeInstanceOf(TranspileFailure);
    expect(TranspileFailure.is(error)).toBe(true);
    expect(TranspileFailure.is(new Error("',' expected."))).toBe(false);
    expect(TranspileFailure.is(Object.assign(new Error('x'), { name: 'TranspileFailure', diagnostics: [] }))).toBe(false);
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
    expect(run(transpileToCommonJs('export const v = 2;\n', '/src/cached.ts')).v).toBe(2);
    expect(count()).toBe(before + 2);
  });

  test("the cache is keyed by the compilers' versions, read where require finds their package.json", () => {
    for (const name of ['typescript', '@swc/core']) expect(compilerVersion(name)).toBe((require(`${name}/package.json`) as { version: string }).version);
    expect(compilerVersion('no-such-compiler-package')).toBe('unknown');
  });
});

