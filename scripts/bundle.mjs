// `npm run build`, after tsc: bundles the CLI (dist/cli/run.js and what it imports) into dist/cli.bundle.js, the
// one file dist/bin.js runs. dist/index.js and the rest stay as tsc wrote them, for the library API and stack files.
//
// Left outside the bundle, loaded from node_modules when used: what has native code (@swc/core), the TypeScript
// compiler and ts-node (large, and only for stack check or an unusual stack file), dockerode (src/docker/
// load-dockerode.ts defers parts of it through require, which needs the real files) and chokidar (dev mode only).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/run.js'],
  outfile: 'dist/cli.bundle.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // stackfile: the package finds its own folder and public API by name (src/package-root.ts, src/config/load.ts).
  external: ['@swc/core', 'ts-node', 'typescript', 'dockerode', 'chokidar', 'stackfile'],
  // Maps the bundle's lines back to src/ (through tsc's maps) for reading an internal error's stack.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});
