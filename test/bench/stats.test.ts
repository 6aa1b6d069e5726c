import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, summarize } from '../../bench/stats.mjs';

describe('bench stats', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('interpolates percentiles between the closest ranks', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(20);
    expect(percentile(xs, 50)).toBe(10.5);
    expect(percentile(xs, 95)).toBeCloseTo(19.05, 10);
  });

  it('does not reorder the caller\'s samples', () => {
    const xs = [3, 1, 2];
    percentile(xs, 50);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('rejects a percentile outside 0..100 and has no value for no samples', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('summarizes median, min, max and count', () => {
    expect(summarize([300, 100, 200, 1000])).toEqual({ n: 4, median: 250, min: 100, max: 1000 });
    expect(summarize([]).n).toBe(0);
  });

  it('gives a ratio only when both sides exist and the base is not zero', () => {
    expect(ratio(110, 100)).toBeCloseTo(1.1, 10);
    expect(ratio(1, 0)).toBeUndefined();
    expect(ratio(undefined, 5)).toBeUndefined();
    expect(ratio(NaN, 5)).toBeUndefined();
  });
});
