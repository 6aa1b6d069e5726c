#!/usr/bin/env node
// Times `stack config` on the 50-service fixture, end to end as a user runs it (a fresh node process each time).
// Usage: npm run build && node scripts/bench-config.mjs [runs=15] [stack folder]
// Three figures, since the loader caches transpiled stack files and the compiler's V8 code:
//   warm:   stack.ts unchanged since the last run (the usual case)
//   edited: stack.ts changed (transpile cache empty, compiler code cache present)
//   nocache: caching disabled (STACKFILE_CACHE=0): the worst case, e.g. a read-only temp folder
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);
const stack = resolve(root, process.argv[3] ?? 'test/fixtures/stacks/fifty-services');
const bin = join(root, 'dist', 'bin.js');
const BUDGET_MS = 400;

function once(env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, 'config', '-f', stack], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`stack config failed (exit ${r.status}):\n${r.stderr}`);
  return ms;
}

function measure(label, setup) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(once(setup(i)));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const verdict = median <= BUDGET_MS ? 'ok' : `OVER the ${BUDGET_MS} ms budget`;
  console.log(`${label.padEnd(8)} median ${median.toFixed(0).padStart(4)} ms   min ${times[0].toFixed(0).padStart(4)} ms   max ${times.at(-1).toFixed(0).padStart(4)} ms   ${verdict}`);
  return median;
}

const cacheDir = mkdtempSync(join(tmpdir(), 'stackfile-bench-'));
try {
  console.log(`stack config -f ${stack.replace(`${root}/`, '')}, ${runs} runs each, node ${process.version}`);
  // What this machine charges for starting node at all, to read the figures against (shared CI boxes vary a lot).
  const baseline = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    baseline.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  baseline.sort((a, b) => a - b);
  console.log(`node -e 0 median ${baseline[Math.floor(runs / 2)].toFixed(0).padStart(4)} ms (process start alone)`);
  once({ STACKFILE_CACHE_DIR: cacheDir }); // fills both caches
  const warm = measure('warm', () => ({ STACKFILE_CACHE_DIR: cacheDir }));
  // A fresh transpile cache per run, seeded only with the compiler's code cache, is what a run after an edit sees.
  measure('edited', () => {
    for (const f of readdirSync(cacheDir)) if (f.endsWith('.js')) rmSync(join(cacheDir, f));
    return { STACKFILE_CACHE_DIR: cacheDir };
  });
  measure('nocache', () => ({ STACKFILE_CACHE: '0' }));
  process.exitCode = warm <= BUDGET_MS ? 0 : 1;
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
