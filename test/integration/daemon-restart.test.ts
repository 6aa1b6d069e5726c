import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStackAsync, stackTraceLines } from '../helpers/run-stack.mjs';
import { uniqueProject } from '../helpers/project';
import { SecondDaemon } from '../helpers/second-dockerd';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from './stacks';

// dockerd restarted in the middle of an `up`, on a daemon of the test's own (the main one serves everyone else):
// `up` must fail clearly, and the next `up` converge without losing the volume's data.
let daemon: SecondDaemon;
beforeAll(async () => {
  daemon = await SecondDaemon.start();
  await daemon.load(TEST_IMAGE);
}, 180_000);
afterAll(async () => {
  await daemon?.destroy();
}, 120_000);

/**
 * `a` keeps data in a named volume and is healthy once /data/ok-<V> exists: V=1 creates its own file, V=2 waits for
 * the test to create it, so the second `up` is still waiting when the daemon goes away.
 */
const stack = (name: string, v: number) => `{ name: '${name}', services: { a: {
  image: '${TEST_IMAGE}', init: true, environment: { V: '${v}' }, volumes: ['data:/data'],
  command: ['sh', '-c', 'test "$V" = 1 && touch /data/ok-1; exec sleep 3600'],
  healthcheck: { test: 'test -f /data/ok-$V', interval: '300ms', retries: 1000 },
} }, volumes: { data: {} } }`;

// Restarted (SIGTERM, as `systemctl restart docker`: it stops its containers first) or crashed (SIGKILL: the
// containers run on under containerd). Either way `up` is told, at the latest by its next readiness poll.
describe.each([
  { how: 'restarted', signal: 'SIGTERM' as const, says: /container it-restart-\w+-a-1 exited with code 143 \(terminated: SIGTERM, e\.g\. `docker stop` or the Docker daemon stopping or restarting\)|cannot reach the Docker daemon at unix:\/\/\/tmp\/sfd-/ },
  { how: 'killed', signal: 'SIGKILL' as const, says: /cannot reach the Docker daemon at unix:\/\/\/tmp\/sfd-\w+\/docker\.sock/ },
])('dockerd $how mid-up', ({ signal, says }) => {
  it('fails the up clearly (exit 1, what happened, no stack trace); the next up converges with the data kept', async () => {
    const env = { DOCKER_HOST: daemon.host };
    const name = uniqueProject('it-restart');
    const dir = writeStack(stack(name, 1));
    const first = await runStackAsync(['up'], { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    expect((await runStackAsync(['exec', 'a', '--', 'sh', '-c', 'echo precious > /data/file'], { cwd: dir, env })).code).toBe(0);
    writeStack(stack(name, 2), dir);
    const interrupted = runStackAsync(['up'], { cwd: dir, env });
    // Mid-up: a was recreated with V=2 and up waits for it to be healthy. Then the daemon stops and comes back.
    for (let i = 0; i < 300; i++) {
      const [c] = await daemon.docker.listContainers({ filters: { name: [`${name}-a-1`], label: [`io.stackfile.project=${name}`] } });
      if (c && c.Names[0] === `/${name}-a-1` && (await daemon.docker.getContainer(c.Id).inspect()).Config.Env.includes('V=2')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await daemon.stop(signal);
    const failed = await interrupted;
    await daemon.restart();
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toMatch(says);
    expect(failed.stderr).toMatch(/hint: .*run stack up again/);
    expect(stackTraceLines(failed.stderr)).toEqual([]);

    // What a's healthcheck waits for, written into the volume from a container of the test's own.
    const helper = await daemon.docker.createContainer({ Image: TEST_IMAGE, Cmd: ['touch', '/data/ok-2'], HostConfig: { Binds: [`${name}_data:/data`] } });
    await helper.start();
    await helper.wait();
    await helper.remove();
    const next = await runStackAsync(['up'], { cwd: dir, env });
    expect(next.code, next.stderr).toBe(0);
    expect((await runStackAsync(['exec', 'a', '--', 'cat', '/data/file'], { cwd: dir, env })).stdout.trim()).toBe('precious');
    const containers = await daemon.docker.listContainers({ all: true, filters: { label: [`io.stackfile.project=${name}`] } });
    expect(containers.map((c) => [c.Names[0], c.State])).toEqual([[`/${name}-a-1`, 'running']]);
    // The data volume, and no lock or heartbeat left behind.
    expect(((await daemon.docker.listVolumes()).Volumes ?? []).map((v) => v.Name).filter((v) => v.includes(name)), 'volumes left').toEqual([`${name}_data`]);
    expect((await runStackAsync(['plan'], { cwd: dir, env })).code).toBe(0);
    expect((await runStackAsync(['down'], { cwd: dir, env })).code).toBe(0);
  }, 240_000);
});
