// `npm run build`, after tsc: bundles the CLI (dist/cli/run.js and what it imports) into dist/cli.bundle.js, the
// one file dist/bin.js runs. dist/index.js and the rest stay as tsc wrote them, for the library API and stack files.
//
// Left outside the bundle, loaded from node_modules when used: what has native code (@swc/core), the TypeScript
// compiler and ts-node (large, and only for stack check or an unusual stack file), chokidar (dev mode only), and the
// parts of dockerode that src/docker/load-dockerode.ts defers: here they become stand-ins that require the real
// file on first use, from wherever npm installed it.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const loadDockerode = `${root}dist/docker/load-dockerode.js`;
const { DEFERRED } = createRequire(import.meta.url)(loadDockerode);

/** Each deferred require (matched by request and importing file, as the runtime hook matches) → its stand-in. */
const deferred = {
  name: 'deferred',
  setup(b) {
    const requests = new RegExp(`^(${DEFERRED.map((d) => d.request.replace(/[./]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter: requests }, (args) => {
      const index = DEFERRED.findIndex((d) => d.request === args.path && d.parent.test(args.importer));
      return index < 0 ? undefined : { path: String(index), namespace: 'deferred' };
    });
    b.onLoad({ filter: /.*/, namespace: 'deferred' }, (args) => ({
      contents: `const { DEFERRED, standIn, loadDeferred } = require(${JSON.stringify(loadDockerode)});
const d = DEFERRED[${Number(args.path)}];
module.exports = standIn(d.exports, () => loadDeferred(d));`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/**
 * Node modules the bundle's code requires when it loads but uses only in some commands, stood in for by a proxy that
 * requires the real one on first use. commander requires child_process, for running subcommands as separate
 * executables (which `stack` has none of), and with it came net and dgram, a millisecond of every command's start.
 * crypto is required by dotenv (for its encrypted files) and by the modules that hash a container's settings; loading
 * it is ~4 ms, which config and export, hashing nothing with it, no longer pay.
 */
const LAZY_BUILTINS = [
  { name: 'child_process', importer: /[\\/]commander[\\/]/ },
  { name: 'crypto', importer: /./ },
];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(node:)?(${LAZY_BUILTINS.map((l) => l.name).join('|')})$`) }, (args) => {
      // The stand-in's own require is of the real module.
      if (args.namespace === 'lazy-builtin') return { path: args.path, external: true };
      const name = args.path.replace(/^node:/, '');
      return LAZY_BUILTINS.some((l) => l.name === name && l.importer.test(args.importer)) ? { path: name, namespace: 'lazy-builtin' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `let real;\nmodule.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:${args.path}'))[key] });`,
      loader: 'js',
    }));
  },
};

/**
 * picocolors decides on colour when it loads by asking process.stdout whether it is a terminal. That creates the
 * stream, and on a pipe (any command run by a script or a test) loads node's net and stream modules: ~8 ms of every
 * command, most of which write to stdout little or nothing. In the bundle it asks the descriptor instead
 * (src/cli/stdout-is-terminal.ts), with the same answer. The build fails if picocolors stops asking that way.
 */
const PICOCOLORS_ASKS = '(p.stdout || {}).isTTY';
const colorsWithoutStdout = {
  name: 'colors-without-stdout',
  setup(b) {
    b.onLoad({ filter: /[\\/]picocolors[\\/]picocolors\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(PICOCOLORS_ASKS)) throw new Error(`bundle: ${args.path} no longer reads ${PICOCOLORS_ASKS}; see colorsWithoutStdout in scripts/bundle.mjs`);
      const ask = `require(${JSON.stringify(`${root}dist/cli/stdout-is-terminal.js`)}).stdoutIsTerminal()`;
      return { contents: source.replace(PICOCOLORS_ASKS, ask), loader: 'js' };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/run.js'],
  outfile: 'dist/cli.bundle.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // stackfile: stack files import it by that name, and src/package-root.ts falls back to finding itself by it.
  external: ['@swc/core', 'ts-node', 'typescript', 'chokidar', 'stackfile'],
  plugins: [deferred, lazyBuiltins, colorsWithoutStdout],
  // Without the indentation and line breaks the bundle is 1.3 MB instead of 1.8: reading it, and the memory it is
  // read into (~280 fewer pages, each a page fault), cost every command a few ms less. Names are kept, so an internal
  // error's stack still names the functions.
  minifyWhitespace: true,
  // Maps the bundle's positions back to src/ (through tsc's maps) for reading an internal error's stack.
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});
// dist/bin.js itself with the two small modules it loads (cache.js, code-cache.js) written into it: finding, reading
// and compiling them one by one was a millisecond of every command's start.
await build({
  absWorkingDir: root,
  entryPoints: ['dist/bin.js'],
  outfile: 'dist/bin.js',
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});

// A dockerode release that moved a deferred file would quietly bundle it (and what it loads) instead.
const stoodIn = Object.keys(result.metafile.inputs).filter((i) => i.startsWith('deferred:')).length;
if (stoodIn !== DEFERRED.length) throw new Error(`bundle: ${stoodIn} of ${DEFERRED.length} deferred dockerode modules matched; see src/docker/load-dockerode.ts`);

// An all-ASCII bundle decodes as latin1 into a one-byte string (dist/bin.js checks): a copy, where UTF-8 with one
// non-ASCII character anywhere makes a two-byte string of the whole 1.3 MB, slower to decode and to scan. esbuild
// escapes strings and identifiers but leaves regular expressions and kept comments as written (`µs`, `→`). A `\uXXXX`
// means the same there (in a regular expression, with or without the u flag, a surrogate pair of them is the one code
// point), so each such character is written as escapes; the lines it is on get a few columns longer, nothing else moves.
const out = 'dist/cli.bundle.js';
const text = readFileSync(`${root}${out}`, 'utf8');
// eslint-disable-next-line no-control-regex
const ascii = text.replace(/[^\x00-\x7f]/g, (c, at) => {
  // After a backslash (`\µ`, an identity escape) the escape would itself be escaped: say so rather than change meaning.
  if (text[at - 1] === '\\') throw new Error(`bundle: escaped non-ASCII character at offset ${at} of ${out}; write it as \\u${c.charCodeAt(0).toString(16)} in the source`);
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
});

// The bundle's last line names it by a hash of the rest, for dist/bin.js to name V8's code cache after: reading the
// name costs nothing, where hashing the 1.6 MB it was then at every start cost 2 ms (crc32, and loading zlib for it).
const id = createHash('sha256').update(ascii).digest('hex').slice(0, 16);
writeFileSync(`${root}${out}`, `${ascii}${ascii.endsWith('\n') ? '' : '\n'}// bundle id ${id}\n`);
