import { describe, expect, test } from 'vitest';
import { RecentDeletions } from '../../src/dev/sync';

describe('RecentDeletions', () => {
  test('a path under a folder deleted a moment ago is covered; after the TTL it is not', () => {
    let now = 1000;
    const recent = new RecentDeletions(3000, () => now);
    recent.add(['/www/sub']);
    expect(recent.covers('/www/sub')).toBe(true);
    expect(recent.covers('/www/sub/deep/f.txt')).toBe(true);
    expect(recent.covers('/www/subway')).toBe(false);
    now += 3001;
    expect(recent.covers('/www/sub/deep/f.txt')).toBe(false);
  });

  test('a path copied in again is forgotten, so deleting it again is carried out', () => {
    const recent = new RecentDeletions();
    recent.add(['/www/sub']);
    recent.forget(['/www/sub/new.txt']);
    expect(recent.covers('/www/sub/new.txt')).toBe(false);
  });
});
