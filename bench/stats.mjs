// The arithmetic of the benchmark report, kept apart so it has a unit test (test/bench/stats.test.ts): the numbers
// are only worth reading if the median of an even count and a p95 of 20 samples are what the reader assumes.

/**
 * Percentile by linear interpolation between the closest ranks (NumPy's default, Excel's PERCENTILE.INC):
 * p50 of [1, 2, 3, 4] is 2.5, p95 of 20 samples lies between the 19th and 20th.
 */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0..100`);
  const xs = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (xs.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo);
}

export function median(values) {
  return percentile(values, 50);
}

/** What the report prints for one scenario and runner: median, extremes and the sample count. */
export function summarize(values) {
  if (values.length === 0) return { n: 0, median: NaN, min: NaN, max: NaN };
  return { n: values.length, median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** a / b, or undefined when either side is missing or b is zero (a ratio against nothing is not a ratio). */
export function ratio(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return undefined;
  return a / b;
}
