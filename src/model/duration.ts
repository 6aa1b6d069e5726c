/** Compose-style durations and sizes, parsed into milliseconds and bytes. */

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION_RE = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/;

/** `'1m30s'` → 90000; a bare number is seconds (as Compose). Returns undefined when the text is not a duration. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  let rest = value.trim();
  if (rest === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(rest)) return Number(rest) * 1000;
  let total = 0;
  while (rest.length > 0) {
    const m = DURATION_RE.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `'512m'` → 536870912; a number is bytes. Returns undefined when the text is not a size. */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(?:([kmgt])i?b?|(b))?$/i.exec(value.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * SIZE_UNITS[(m[2] ?? m[3] ?? 'b').toLowerCase()]);
}

/** 90000 → `'1m30s'`: how durations are shown back to users in plans and `stack config`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}

/** 67108864 → `'64m'`: the largest unit that divides the size exactly, so the text parses back to the same bytes. */
export function formatByteSize(bytes: number): string {
  for (const unit of ['t', 'g', 'm', 'k'] as const) {
    if (bytes > 0 && bytes % SIZE_UNITS[unit] === 0) return `${bytes / SIZE_UNITS[unit]}${unit}`;
  }
  return String(bytes);
}
