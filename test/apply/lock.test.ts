import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LEASE_MS, lockProject } from '../../src/apply/lock';
import { holderLabels, thisProcess } from '../../src/apply/lock-holder';
import { LOCK_LABEL } from '../../src/docker/labels';
import type { UserError } from '../../src/errors';
import { FakeClock } from './fake-clock';
import { FakeDocker } from './fake-docker';

// The lock's decisions (whose lock, dead or alive, who takes over) against a fake daemon whose clock the test
// moves: a remote holder's lease runs out in no time. The lock on the real daemon is tested in
// test/integration/lock.test.ts.
const LOCK = 'stackfile-lock.p';

function daemon() {
  const clock = new FakeClock();
  return { clock, docker: new FakeDocker(clock) };
}

async function passes(clock: FakeClock, ms: number): Promise<void> {
  const t = clock.sleep(ms);
  clock.advance();
  await t;
}

/** A lock as a holder on another machine would leave it: its process cannot be checked, only its heartbeats. */
async function remoteLock(docker: FakeDocker, token = 'remote-token') {
  await docker.claimVolume(LOCK, { ...holderLabels('p', { ...thisProcess(token), host: 'elsewhere', processSpace: 'another-machine', pid: 99 }) });
}

describe('lockProject', () => {
  it('holds the project until released, refusing a second command meanwhile', async () => {
    const { docker } = daemon();
    const release = await lockProject(docker, 'p');
    expect((await docker.inspectVolume(LOCK))?.labels[LOCK_LABEL.pid]).toBe(String(process.pid));
    await expect(lockProject(docker, 'p')).rejects.toThrow(`another stack command is already changing project "p": \`${thisProcess('x').command}\` (pid ${process.pid} on `);
    await release();
    expect(await docker.inspectVolume(LOCK)).toBeUndefined();
    await (await lockProject(docker, 'p'))();
  });

  it('takes over the lock of a dead holder in this process space', async () => {
    const { docker } = daemon();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    await docker.claimVolume(LOCK, holderLabels('p', { ...thisProcess('dead-token'), pid: gone }));
    const release = await lockProject(docker, 'p');
    expect((await docker.inspectVolume(LOCK))?.labels[LOCK_LABEL.token]).not.toBe('dead-token');
    await release();
    // Nothing left: not the lock, not the claim the takeover used.
    expect([...docker.volumes]).toEqual([]);
  });

  it('does not take a reused pid for the holder: a process that started later is not it', async () => {
    const { docker } = daemon();
    // Our own pid, but a start time that is not ours: the holder died and its pid went to this process.
    await docker.claimVolume(LOCK, holderLabels('p', { ...thisProcess('old-token'), processStart: '1' }));
    await (await lockProject(docker, 'p'))();
  });

  it('refuses a holder elsewhere while its lease runs, and takes over once it has run out', async () => {
    const { clock, docker } = daemon();
    await remoteLock(docker);
    const err = (await lockProject(docker, 'p').then(() => undefined, (e: unknown) => e)) as UserError;
    expect(err.message).toMatch(/`[^`]+` \(pid 99 on elsewhere, since /);
    expect(err.hint).toMatch(/another machine or container, and is taken for dead 30s after its last heartbeat/);
    await passes(clock, LEASE_MS - 1000);
    await expect(lockProject(docker, 'p')).rejects.toThrow(/already changing/);
    await passes(clock, 2000);
    await (await lockProject(docker, 'p'))();
  });

  it('counts a remote holder alive from its last heartbeat, not from when it took the lock', async () => {
    const { clock, docker } = daemon();
    await remoteLock(docker);
    await passes(clock, LEASE_MS + 5000);
    // A heartbeat 1 s ago: alive, though the lock itself is 35 s old.
    await docker.claimVolume(`${LOCK}.alive-remote-token-3`, {});
    await expect(lockProject(docker, 'p')).rejects.toThrow(/already changing/);
    await passes(clock, LEASE_MS + 1);
    const release = await lockProject(docker, 'p');
    expect([...docker.volumes]).toEqual([LOCK]); // the dead holder's heartbeat went with its lock
    await release();
  });

  it('lets exactly one of two commands that find the same dead holder take over', async () => {
    const { clock, docker } = daemon();
    await remoteLock(docker);
    await passes(clock, LEASE_MS + 1);
    const results = await Promise.allSettled([lockProject(docker, 'p'), lockProject(docker, 'p')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(/already changing/);
    await (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<() => Promise<void>>).value();
    expect([...docker.volumes]).toEqual([]);
  });
});
