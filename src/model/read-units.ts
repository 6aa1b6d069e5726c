/** Readers for Compose's units (durations, sizes, CPUs) that record an issue with a hint when the text is wrong. */
import { parseByteSize, parseDuration } from './duration';
import type { Reader } from './reader';

/** `'1m30s'`, `'500ms'`, `10` (seconds) → milliseconds. */
export function readDuration(r: Reader, value: unknown, path: string): number | undefined {
  const ms = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
  if (ms === undefined) r.issue(path, `${JSON.stringify(value)} is not a duration`, "write it like '1m30s', '500ms' or '10s'");
  return ms;
}

/** `'512m'`, `'1g'`, a number of bytes → bytes. */
export function readBytes(r: Reader, value: unknown, path: string): number | undefined {
  const n = typeof value === 'string' || typeof value === 'number' ? parseByteSize(value) : undefined;
  if (n === undefined) r.issue(path, `${JSON.stringify(value)} is not a size`, "write it like '512m', '1g' or a number of bytes");
  return n;
}

/** `0.5` or `'1.5'` CPUs → nano-CPUs, as the Engine API counts them. */
export function readCpus(r: Reader, value: unknown, path: string): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (Number.isFinite(n) && n > 0) return Math.round(n * 1e9);
  r.issue(path, `expected a positive number of CPUs, got ${JSON.stringify(value)}`);
  return undefined;
}
