import { dirname } from 'node:path';

/**
 * The installed package's folder. Found through the package's own name rather than from `__dirname`, which is a
 * different depth in src/, in dist/ and in the one-file CLI bundle.
 */
export const PACKAGE_ROOT = dirname(require.resolve('stackfile/package.json'));
