import { describe, expect, test } from 'vitest';
import { formatByteSize, formatDuration, parseByteSize, parseDuration } from '../../src/model/duration';

describe('parseDuration', () => {
  test.each([
    ['1m30s', 90_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['1.5s', 1500],
    ['10', 10_000],
    ['1h2m3s4ms', 3_723_004],
    ['1500us', 2],
    [' 5s ', 5000],
    [3, 3000],
    [0, 0],
  ] as const)('%j → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', '5 s', '1d', '-1s', '1m30', 's', 'soon', '1.s'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  test('negative and non-finite numbers are not durations', () => {
    expect(parseDuration(-1)).toBeUndefined();
    expect(parseDuration(Number.NaN)).toBeUndefined();
    expect(parseDuration(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  test('formatDuration round-trips', () => {
    for (const text of ['1m30s', '500ms', '2h', '1h2m3s4ms', '0s']) expect(formatDuration(parseDuration(text)!)).toBe(text);
  });
});

describe('parseByteSize', () => {
  test.each([
    ['512m', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1GiB', 1024 ** 3],
    ['64k', 65_536],
    ['64kb', 65_536],
    ['1.5k', 1536],
    ['100', 100],
    ['100b', 100],
    ['2 t', 2 * 1024 ** 4],
    [4096, 4096],
  ] as const)('%j → %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  test.each(['', 'm', '1zb', '1bb', '1ib', '-5m', 'lots'])('%j is not a size', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });

  test('fractional or negative numbers of bytes are not sizes', () => {
    expect(parseByteSize(1.5)).toBeUndefined();
    expect(parseByteSize(-1)).toBeUndefined();
  });
});

describe('formatByteSize', () => {
  test.each([[67108864, '64m'], [1536 * 1024, '1536k'], [1024 ** 3, '1g'], [1000, '1000'], [0, '0']])('%d → %s, which parses back', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
    expect(parseByteSize(text)).toBe(bytes);
  });
});
