/**
 * The swarm target on a real engine that is in no swarm (a dockerd of the test's own, so the machine's shared one
 * stays a manager for the other swarm tests): `stack up`/`plan --target swarm` say the engine is not a swarm
 * manager and that `docker swarm init` fixes it, exit 1, and change nothing on it (not even the project's lock).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueProject } from '../helpers/project';
import { ensureBuilt, runStackAsync, stackTraceLines } from '../helpers/run-stack.mjs';
import { SecondDaemon } from '../helpers/second-dockerd';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from '../integration/stacks';

let daemon: SecondDaemon;
beforeAll(async () => {
  await ensureBuilt();
  daemon = await SecondDaemon.start();
}, 180_000);
afterAll(async () => {
  await daemon?.destroy();
}, 120_000);

/** Everything on the daemon that a command could have made. */
async function everything() {
  const [containers, networks, volumes, images] = await Promise.all([
    daemon.docker.listContainers({ all: true }),
    daemon.docker.listNetworks(),
    daemon.docker.listVolumes(),
    daemon.docker.listImages(),
  ]);
  return { containers: containers.map((c) => c.Id), networks: networks.map((n) => n.Name).sort(), volumes: (volumes.Volumes ?? []).map((v) => v.Name), images: images.map((i) => i.Id) };
}

describe('the swarm target on an engine in no swarm', () => {
  it.each([['up'], ['plan']])('stack %s --target swarm: "not a swarm manager", docker swarm init as the fix, exit 1, nothing changed', async (command) => {
    expect((await daemon.docker.info()).Swarm.LocalNodeState).toBe('inactive');
    const before = await everything();
    const project = uniqueProject('sw-nomgr');
    // Two replicas on one host port: fine on swarm, so the only problem left to report is the engine.
    const dir = writeStack(`{ name: '${project}', services: { web: { image: '${TEST_IMAGE}', replicas: 2, ports: ['8080:80'] } }, volumes: { data: {} } }`);
    const r = await runStackAsync([command, '--target', 'swarm'], { cwd: dir, env: { DOCKER_HOST: daemon.host } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain(`the Docker engine at ${daemon.host} is not a swarm manager`);
    expect(r.stderr).toContain('docker swarm init');
    expect(r.stderr).not.toMatch(/host port 8080 cannot be published/);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(await everything()).toEqual(before);
  }, 120_000);
});
