import { writeSync } from 'node:fs';

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
  // process.uptime() counts from the process's start as performance.now() does, without loading perf_hooks (a
  // millisecond of every command's start, marks or not).
  const now = process.uptime() * 1000;
  // Written past process.stderr, whose creation on a pipe (~8 ms, src/cli/broken-pipe.ts) would be in the figures.
  writeSync(2, `trace ${now.toFixed(1).padStart(8)} ms  +${(now - last).toFixed(1).padStart(7)}  ${label}\n`);
  last = now;
}
