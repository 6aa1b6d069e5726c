import { describe, expect, it } from 'vitest';
import { PodmanHealth, podmanApiVersion } from '../../src/docker/podman-health';

/** A driver on a hand-moved clock, recording when each check ran. */
function driver() {
  let now = 10_000;
  const runs: { id: string; at: number }[] = [];
  let release: () => void = () => {};
  let hold = false;
  const health = new PodmanHealth(async (id) => {
    runs.push({ id, at: now });
    if (hold) {
      hold = false;
      await new Promise<void>((r) => (release = r));
    }
  }, () => now);
  return { health, runs, advance: (ms: number) => (now += ms), holdNext: () => (hold = true), release: () => release() };
}

describe('PodmanHealth', () => {
  it('runs the first check one interval after the start, then once per interval', async () => {
    const d = driver();
    const startedAt = 10_000;
    expect(await d.health.driveIfDue('db', startedAt, 500)).toBe(false);
    d.advance(499);
    expect(await d.health.driveIfDue('db', startedAt, 500)).toBe(false);
    d.advance(1);
    expect(await d.health.driveIfDue('db', startedAt, 500)).toBe(true);
    expect(await d.health.driveIfDue('db', startedAt, 500)).toBe(false);
    d.advance(500);
    expect(await d.health.driveIfDue('db', startedAt, 500)).toBe(true);
    expect(d.runs).toEqual([{ id: 'db', at: 10_500 }, { id: 'db', at: 11_000 }]);
  });

  it('containers are counted apart, and waiters of one container share one run', async () => {
    const d = driver();
    d.advance(1_000);
    d.holdNext();
    const first = d.health.driveIfDue('db', 10_000, 500);
    const second = d.health.driveIfDue('db', 10_000, 500);
    await Promise.resolve();
    d.release();
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(await d.health.driveIfDue('cache', 10_000, 500)).toBe(true);
    expect(d.runs.map((r) => r.id)).toEqual(['db', 'cache']);
  });

  it('a start time the daemon does not give counts as long ago', async () => {
    const d = driver();
    expect(await d.health.driveIfDue('db', Number.NaN, 30_000)).toBe(false);
    d.advance(30_000);
    expect(await d.health.driveIfDue('db', Number.NaN, 30_000)).toBe(true);
  });
});

describe('podmanApiVersion', () => {
  it("tells Podman's /version from Docker's", () => {
    expect(podmanApiVersion({ Components: [{ Name: 'Podman Engine', Version: '4.3.1', Details: { APIVersion: '4.3.1' } }, { Name: 'Conmon' }] })).toBe('4.3.1');
    expect(podmanApiVersion({ Components: [{ Name: 'Engine', Version: '20.10.24', Details: { APIVersion: '1.41' } }] })).toBeUndefined();
    expect(podmanApiVersion({})).toBeUndefined();
  });
});
