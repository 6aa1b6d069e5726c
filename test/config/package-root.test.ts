import { dirname } from 'node:path';
import { expect, test } from 'vitest';
import { PACKAGE_ENTRY, PACKAGE_ROOT } from '../../src/package-root';

test("package-root finds what node's own resolution of the package by name finds", () => {
  expect(PACKAGE_ROOT).toBe(dirname(require.resolve('stackfile/package.json')));
  // package.json's `main` (read here) and its `exports` (what node reads) name the same file.
  expect(PACKAGE_ENTRY).toBe(require.resolve('stackfile'));
});
