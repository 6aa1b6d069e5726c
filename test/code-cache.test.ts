import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileWithCodeCache } from '../src/code-cache';
import { foldersForFile } from './helpers/folders';

const folder = foldersForFile('stackfile-code-cache');

// A module that requires a neighbour and imports dynamically, as the CLI bundle and the TypeScript compiler do.
const files = {
  'main.js': "const helper = require('./helper');\nmodule.exports = { twice: (n) => helper.add(n, n), load: () => import('node:path').then((m) => m.sep), file: __filename };\n",
  'helper.js': 'exports.add = (a, b) => a + b;\n',
};

describe('compileWithCodeCache', () => {
  test("runs a CommonJS file as require would, and writes V8's code for it only when asked", async () => {
    const dir = folder(files);
    const path = join(dir, 'main.js');
    const cacheFile = join(dir, 'cache', 'main.v8');
    const { run, saveCodeCache } = compileWithCodeCache(path, readFileSync(path, 'utf8'), cacheFile);
    const exports = run();
    const api = exports as { twice(n: number): number; load(): Promise<string>; file: string };
    expect(api.twice(21)).toBe(42);
    expect(await api.load()).toBe('/');
    expect(api.file).toBe(path);
    expect(require.cache[path]?.exports).toBe(exports);
    expect(existsSync(cacheFile)).toBe(false);
    expect(saveCodeCache).toBeTypeOf('function');
    saveCodeCache!();
    expect(statSync(cacheFile).size).toBeGreaterThan(0);
    delete require.cache[path];

    // With the cache read back, there is nothing to save.
    const again = compileWithCodeCache(path, readFileSync(path, 'utf8'), cacheFile);
    expect((again.run() as typeof api).twice(2)).toBe(4);
    expect(again.saveCodeCache).toBeUndefined();
    delete require.cache[path];
  });

  test('leaves nothing in require’s cache when the file throws', () => {
    const dir = folder({ 'bad.js': "throw new Error('boom');\n" });
    const path = join(dir, 'bad.js');
    const compiled = compileWithCodeCache(path, readFileSync(path, 'utf8'), undefined);
    expect(compiled.saveCodeCache).toBeUndefined();
    expect(() => compiled.run()).toThrow('boom');
    expect(require.cache[path]).toBeUndefined();
  });
});
