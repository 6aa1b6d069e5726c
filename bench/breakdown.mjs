#!/usr/bin/env node
// Where a stackfile command's time goes, phase by phase: runs the CLI with STACKFILE_TRACE=1 over a fresh N-service
// stack (cold up, no-op up, one-change up, down; `reps` times) and prints the median duration of each traced phase.
// This is the profile docs/benchmarks.md quotes where a target is missed.
//   node bench/breakdown.mjs [reps=5] [N=10]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { cleanup, sleep } from './daemon.mjs';
import { ROOT } from './runners.mjs';
import { independentServices, toStackTs, withOneEnvChange } from './stack-spec.mjs';
import { median } from './stats.mjs';

const reps = Number(process.argv[2] ?? 5);
const n = Number(process.argv[3] ?? 10);
const cacheDir = mkdtempSync(join(tmpdir(), 'stackfile-bench-cache-'));
const env = { ...process.env, NO_COLOR: '1', CI: '1', STACKFILE_CACHE_DIR: cacheDir, STACKFILE_TRACE: '1' };

/** Phase name → ms since the previous mark; per-container marks are folded into "containers". */
function traced(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(join(ROOT, 'bin', 'stack'), args, { env, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(r.stderr);
  const phases = {};
  let last = 0;
  for (const m of r.stderr.matchAll(/^trace +([\d.]+) ms +\+ *[\d.]+ +(.+)$/gm)) {
    const at = Number(m[1]);
    const label = /^(created|started|replaced) |ready$/.test(m[2]) ? 'container create/start/ready' : m[2];
    phases[label] = (phases[label] ?? 0) + at - last;
    last = at;
  }
  phases['after the last mark (exit)'] = wall - last;
  phases.wall = wall;
  return phases;
}

const samples = {};
const record = (command, phases) => {
  const byPhase = (samples[command] ??= {});
  for (const [k, v] of Object.entries(phases)) (byPhase[k] ??= []).push(v);
};
try {
  for (let rep = 0; rep < reps; rep++) {
    const project = `bench-trace-${randomBytes(3).toString('hex')}`;
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-bench-'));
    try {
      const spec = independentServices(project, n);
      writeFileSync(join(dir, 'stack.ts'), toStackTs(spec));
      traced(['config', '-f', dir]);
      record(`cold up, ${n} services`, traced(['up', '-f', dir]));
      record(`no-op up, ${n} services`, traced(['up', '-f', dir]));
      writeFileSync(join(dir, 'stack.ts'), toStackTs(withOneEnvChange(spec)));
      record(`one-change up, ${n} services`, traced(['up', '-f', dir]));
      record(`down, ${n} services`, traced(['down', '-f', dir]));
    } finally {
      await cleanup(project);
      rmSync(dir, { recursive: true, force: true });
    }
    await sleep(1000);
  }
  for (const [command, byPhase] of Object.entries(samples)) {
    console.log(`\n${command} (median of ${reps}, ms)`);
    for (const [phase, xs] of Object.entries(byPhase)) console.log(`  ${median(xs).toFixed(0).padStart(6)}  ${phase}`);
  }
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
