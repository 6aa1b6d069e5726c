import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

interface PackageJson {
  name?: string;
  main?: string;
}

/**
 * The package.json of stackfile that holds this file: the nearest one above it named stackfile, which is what
 * `require.resolve('stackfile/package.json')` finds from here (a package refers to itself by name), without loading
 * node's ES module resolver for the package's `exports` (3 ms of every command's start). Walking up, because this
 * file is at a different depth in src/, in dist/ and in the one-file CLI bundle.
 */
function ownPackage(): { root: string; json: PackageJson } {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
      if (json.name === 'stackfile') return { root: dir, json };
    } catch {
      // No package.json here (or not one node could read either).
    }
    if (dirname(dir) === dir) break;
  }
  const file = require.resolve('stackfile/package.json');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { root: dirname(file), json: require(file) as PackageJson };
}

const own = ownPackage();

/** The installed package's folder. */
export const PACKAGE_ROOT = own.root;

/**
 * The file `require('stackfile')` loads: the public API, dist/index.js (package.json's `main`, which its `exports`
 * repeats for ES modules; test/config/package-root.test.ts checks that the two agree).
 */
export const PACKAGE_ENTRY = resolve(own.root, own.json.main ?? 'index.js');
