import { performance } from 'node:perf_hooks';

const enabled = process.env.STACKFILE_TRACE === '1';
let last = 0;

/**
 * A timing mark for finding where a command's time goes: with STACKFILE_TRACE=1, prints the time since the process
 * started (node's own start-up included) and since the previous mark to stderr. Off, it costs a boolean test, so
 * marks can stay in the hot paths the benchmarks measure.
 *
 * @example STACKFILE_TRACE=1 stack up   # trace    212.4 ms  +  35.1  stack.ts loaded
 */
export function trace(label: string): void {
  if (!enabled) return;
  const now = performance.now();
  process.stderr.write(`trace ${now.toFixed(1).padStart(8)} ms  +${(now - last).toFixed(1).padStart(7)}  ${label}\n`);
  last = now;
}
