#!/usr/bin/env node
/**
 * The `stack` command. The CLI runs from one file, dist/cli.bundle.js (src/cli/run.ts and everything it imports,
 * bundled by scripts/bundle.mjs), with V8's compiled code for it kept in the user's cache: finding, reading and
 * compiling some 150 modules one by one was a third of a no-op `stack up` (docs/benchmarks.md).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache';
import { compileWithCodeCache } from './code-cache';

const bundle = join(__dirname, 'cli.bundle.js');
// esbuild escapes everything outside ASCII, so latin1 reads the same text as utf8, faster.
const source = readFileSync(bundle, 'latin1');
const dir = cacheDir();
// One cache per command: V8 keeps the functions that ran before the cache was written, and `up` runs other ones
// than `config` does.
const command = /^[a-z]{2,12}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
const version = createHash('sha1').update(source).digest('hex').slice(0, 16);
const cli = compileWithCodeCache(bundle, source, dir && join(dir, `cli-${version}-${command}-${process.version}.v8`));
// Before it runs: a command may end in process.exit() (--help does) before run() returns.
if (cli.saveCodeCache) process.once('exit', cli.saveCodeCache);
cli.run();
