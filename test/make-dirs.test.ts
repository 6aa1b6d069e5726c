/** makeDirs: mkdir -p that ends, with the errors mkdir -p gives. */
import { spawnSync } from 'node:child_process';
import { statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { makeDirs } from '../src/make-dirs';
import { foldersForFile } from './helpers/folders';

const ROOT = join(__dirname, '..');
const folder = foldersForFile('stackfile-make-dirs');

test('makes every missing folder, with the mode asked for; folders that exist are left as they are', () => {
  const dir = folder();
  makeDirs(join(dir, 'a', 'b', 'c'), 0o700);
  expect(statSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
  expect(statSync(join(dir, 'a')).mode & 0o777).toBe(0o700);
  makeDirs(join(dir, 'a', 'b'));
  makeDirs(dir);
  expect(statSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
});

test('a file or a broken link where a folder should be is an error naming it, as mkdir -p says', () => {
  const dir = folder();
  writeFileSync(join(dir, 'file'), 'x');
  symlinkSync(join(dir, 'nowhere'), join(dir, 'broken'));
  expect(() => makeDirs(join(dir, 'file'))).toThrow(expect.objectContaining({ code: 'EEXIST', path: join(dir, 'file') }));
  expect(() => makeDirs(join(dir, 'file', 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  expect(() => makeDirs(join(dir, 'broken', 'sub'))).toThrow(expect.objectContaining({ code: 'EEXIST', path: join(dir, 'broken') }));
});

test('a folder the file system refuses (procfs answers ENOENT) is an error, where mkdirSync recursive loops for ever', () => {
  // In a process of its own, with a time limit: a loop inside mkdirSync would hold this test's thread for good.
  const script = `try { require('./src/make-dirs').makeDirs('/proc/none/k8s'); } catch (e) { process.stdout.write(JSON.stringify([e.code, e.syscall, e.path])); }`;
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  expect(r.error).toBeUndefined();
  expect(r.stdout).toBe(JSON.stringify(['ENOENT', 'mkdir', '/proc/none']));
});
