#!/usr/bin/env node
/**
 * What the `stack` command runs (bin/stack starts node on this file). The CLI runs from one file,
 * dist/cli.bundle.js (src/cli/run.ts and everything it imports, bundled by scripts/bundle.mjs), with V8's compiled
 * code for it kept in the user's cache: finding, reading and compiling some 150 modules one by one was a third of a
 * no-op `stack up` (docs/benchmarks.md).
 */
import { isAscii } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache';
import { compileWithCodeCache } from './code-cache';
import { restoreExtraCaCerts } from './extra-ca-certs';

restoreExtraCaCerts();

const bundle = join(__dirname, 'cli.bundle.js');
const SHORT_COMMANDS = new Set(['config', 'plan', 'export', 'import']);
const BUNDLE_ID = /\/\/ bundle id ([0-9a-f]{16})\n$/;
const bytes = readFileSync(bundle);
// scripts/bundle.mjs writes the bundle in ASCII: then latin1 is the same text as a one-byte string, a plain copy,
// where UTF-8 decoding is slower and a two-byte string slower to scan. A bundle with non-ASCII in it is still read right.
const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
const dir = cacheDir();
// One cache per command: V8 keeps the functions that ran before the cache was written, and `up` runs other ones
// than `config` does.
const command = /^[a-z]{2,12}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
// What the cache is named after must change with the bundle (V8 itself compares only the length): the id that
// scripts/bundle.mjs wrote on its last line (a hash of the rest), and the file's modification time, which a hand edit
// of the bundle changes. A bundle without the line is hashed here (a CRC costs 2 ms with loading zlib, a
// cryptographic hash 6 with loading crypto); the cache folder is the user's own, so there is no forger to beat.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const id = BUNDLE_ID.exec(source.slice(-64))?.[1] ?? (require('node:zlib') as typeof import('node:zlib')).crc32(bytes).toString(16);
const version = `${id}-${bytes.length}-${Math.trunc(statSync(bundle).mtimeMs)}`;
// config, plan, export and import compute over the stack (or a compose file) and exit, in a fraction of a second.
// V8's optimizing compiler does not pay for itself in that time: its jobs compete for the second core, the code it
// optimizes is deoptimized again as the stack's values vary, and node waits for its unfinished jobs before exiting.
// Without it, on 2 cores, a 1,000-service `stack config` took ~320 ms instead of ~470 and `stack plan` ~310 instead
// of ~420; an export of 100 services saved the 3-10 ms its exit waited, and an import of 50 services took ~230 ms
// instead of ~240 (CPU ~220 ms instead of ~290). Set before the bundle is compiled, so that the code cache (which
// records V8's flags) is made and read under the same ones. `stack check` runs TypeScript's compiler for seconds and was 60%
// slower without it; `stack dev` runs until stopped: every other command keeps it.
//
// They also let the young generation grow sixteenfold (V8's default is twofold) when it fills: V8 starts it at 1 MB
// and grows it only as survivors show it is small, so these commands' 10-20 MB of short-lived objects went through
// seven collections, ~11 ms of an export of 100 services; with it, two, ~5 ms. The factor is read at each growth, so
// setting it now works (the starting size is fixed when the heap is made). The space stays within V8's usual maximum.
if (SHORT_COMMANDS.has(command)) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--no-opt --semi-space-growth-factor=16');
}
const cli = compileWithCodeCache(bundle, source, dir && join(dir, `cli-${version}-${command}-${process.version}.v8`));
// Only a run that did the command's work leaves V8's code behind. The cache holds the functions that ran, so one
// made by `--help` or by a run that stopped at an error lacks most of the command's code, and every later run would
// compile it again: an export of 100 services took ~28 ms longer, for as long as the bundle stayed, after a first
// `stack export kubernetes --help`. The bundle judges how the command ended (src/cli/run.ts). Registered before it
// runs, as a command may end in process.exit() before run() returns; such a run (commander's --help) is not kept.
let ran: { worthCaching?: (exitCode: number) => boolean } | undefined;
const { saveCodeCache } = cli;
if (saveCodeCache) process.once('exit', (code) => ran?.worthCaching?.(code) && saveCodeCache());
ran = cli.run() as typeof ran;
