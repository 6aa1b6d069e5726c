// Dev-mode latencies come from bench/dev-latency.mjs, which drives `stack dev` itself and ends its output with one
// JSON line: {"sync":{"p50":..,"p95":..,"n":..},"reload":{"p50":..,"p95":..,"n":..}} (milliseconds). Until
// `stack dev` is built (dist/cli/dev.js), the report says "not built".
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './runners.mjs';

export function devLatency({ quick, log }) {
  const script = join(ROOT, 'bench', 'dev-latency.mjs');
  if (!existsSync(join(ROOT, 'dist', 'cli', 'dev.js'))) return { status: 'not built', reason: 'no dist/cli/dev.js yet' };
  if (!existsSync(script)) return { status: 'not built', reason: 'bench/dev-latency.mjs is missing' };
  log('  dev: running bench/dev-latency.mjs');
  const r = spawnSync(process.execPath, [script, ...(quick ? ['--quick'] : [])], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 });
  const last = (r.stdout ?? '').trim().split('\n').at(-1);
  try {
    const parsed = JSON.parse(last);
    if (r.status !== 0) throw new Error(`exit ${r.status}`);
    if (!Number.isFinite(parsed.sync?.p50) || !Number.isFinite(parsed.reload?.p50)) throw new Error('sync.p50 or reload.p50 is missing');
    return { status: 'measured', sync: parsed.sync, reload: parsed.reload, fallback: parsed.fallback, large: parsed.large };
  } catch (err) {
    return { status: 'failed', reason: `dev-latency.mjs: ${err.message}; last line: ${last || '(none)'}` };
  }
}
