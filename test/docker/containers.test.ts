import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerEvent } from '../../src/docker/client';
import { connectAndCreate } from './connect-and-create';
import { createDockerClient } from '../../src/docker/connect';
import { additionalNetworks, networkCreateBody, volumeCreateBody } from '../../src/docker/create-options';
import { LABEL } from '../../src/docker/labels';
import { appliedService, configHash } from '../../src/model/applied';
import type { DesiredNetwork, DesiredVolume } from '../../src/model/desired';
import { DockerError } from '../../src/errors';
import { cleanupProject, uniqueProject } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';
import { desiredService } from './desired-service';

const docker = createDockerClient();
const project = uniqueProject('sf-containers');

const front: DesiredNetwork = { key: 'front', name: `${project}_front`, driver: 'bridge', driverOpts: {}, internal: false, attachable: false, labels: {}, external: false };
const back: DesiredNetwork = { ...front, key: 'back', name: `${project}_back` };
const data: DesiredVolume = { key: 'data', name: `${project}_data`, driver: 'local', driverOpts: {}, labels: {}, external: false };

const web = desiredService({
  name: 'web',
  image: TEST_IMAGE,
  // Output on both streams for the log tests; the marker file makes the healthcheck pass only once the command ran.
  command: ['sh', '-c', 'echo hello-out; echo hello-err >&2; echo second-line; touch /data/ready; exec sleep 3600'],
  ports: [{ target: 8080, protocol: 'tcp', hostIp: '' }],
  volumes: [{ type: 'volume', source: data.name, target: '/data', readOnly: false }],
  networks: { [front.name]: { aliases: ['www'] }, [back.name]: { aliases: [] } },
  dependsOn: { db: 'healthy' },
  healthcheck: { test: ['CMD-SHELL', 'test -f /data/ready'], intervalMs: 300, timeoutMs: 2000, retries: 10 },
  init: true,
  labels: { team: 'core' },
});

const events: DockerEvent[] = [];
const stopEvents = new AbortController();
let eventsDone: Promise<void>;
let webId = '';

beforeAll(async () => {
  // Subscribe before anything happens, so the start event cannot be missed.
  eventsDone = docker.events(project, (e) => events.push(e), stopEvents.signal);
  await docker.createNetwork(networkCreateBody(front, project));
  await docker.createNetwork(networkCreateBody(back, project));
  await docker.createVolume(volumeCreateBody(data, project));
  webId = await connectAndCreate(docker, web, project, 1);
  await docker.startContainer(webId);
});

afterAll(async () => {
  stopEvents.abort();
  await cleanupProject(project);
});

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('observing', () => {
  it('lists the container with its labels, applied spec, ports and networks', async () => {
    const [c, ...others] = await docker.listContainers(project);
    expect(others).toEqual([]);
    expect(c).toMatchObject({
      id: webId,
      name: `${project}-web-1`,
      service: 'web',
      number: 1,
      state: 'running',
      image: TEST_IMAGE,
      configHash: configHash(appliedService(web)),
      applied: JSON.parse(JSON.stringify(appliedService(web))),
      dependsOn: ['db'],
    });
    expect(c!.imageId).toMatch(/^sha256:/);
    expect(c!.networks.sort()).toEqual([back.name, front.name].sort());
    expect(c!.ports).toHaveLength(1);
    expect(c!.ports[0]).toMatchObject({ target: 8080, protocol: 'tcp', hostIp: '' });
    expect(c!.ports[0]!.published).toBeGreaterThan(0);
  });

  it('becomes healthy, as inspect reports', async () => {
    const details = await until('healthy', async () => {
      const d = await docker.inspectContainer(webId);
      return d.health === 'healthy' ? d : undefined;
    });
    expect(details.state).toBe('running');
    expect(details.healthLog.at(-1)?.exitCode).toBe(0);
    expect(details.ports[0]).toMatchObject({ target: 8080, protocol: 'tcp' });
    const listed = await until('healthy in the list', async () => (await docker.listContainers(project)).find((c) => c.health === 'healthy'));
    expect(listed.ports[0]!.published).toBe(details.ports[0]!.published);
  });

  it("finds the project's networks and its volume", async () => {
    expect((await docker.listNetworks(project)).map((n) => n.key).sort()).toEqual(['back', 'front']);
    const [vol] = await docker.listVolumes(project);
    expect(vol).toMatchObject({ name: data.name, key: 'data', applied: { driver: 'local' } });
    // The name filter matches substrings; only exact names come back.
    const found = await docker.findNetworks([front.name, `${project}_fr`, 'bridge']);
    expect(found.map((n) => n.name).sort()).toEqual(['bridge', front.name]);
    expect(found.find((n) => n.name === 'bridge')!.key).toBeUndefined();
    expect((await docker.findVolumes([data.name, `${project}_dat`])).map((v) => v.name)).toEqual([data.name]);
  });

  it('reports events for the project', async () => {
    const start = await until('start event', () => events.find((e) => e.type === 'container' && e.action === 'start' && e.id === webId));
    expect(start.attributes[LABEL.project]).toBe(project);
    expect(start.attributes[LABEL.service]).toBe('web');
    await until('health event', () => events.find((e) => e.action === 'health_status: healthy'));
    expect(events.every((e) => e.type !== 'container' || e.attributes[LABEL.project] === project)).toBe(true);
  });
});

describe('logs', () => {
  it('demultiplexes stdout and stderr into lines', async () => {
    const lines: [string, string][] = [];
    await docker.logs(webId, { follow: false }, (line, stream) => lines.push([stream, line]));
    expect(lines).toEqual(expect.arrayContaining([['stdout', 'hello-out'], ['stderr', 'hello-err'], ['stdout', 'second-line']]));
    expect(lines).toHaveLength(3);
    // Within one stream the order is kept (across streams the daemon does not promise one).
    expect(lines.filter(([s]) => s === 'stdout').map(([, l]) => l)).toEqual(['hello-out', 'second-line']);
  });

  it('returns the last lines of an exited container', async () => {
    const s = desiredService({ name: 'echo', image: TEST_IMAGE, command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done; exit 2'], networks: { [front.name]: { aliases: [] } } });
    const id = await connectAndCreate(docker, s, project, 1);
    await docker.startContainer(id);
    const exited = await until('exit', async () => {
      const d = await docker.inspectContainer(id);
      return d.state === 'exited' ? d : undefined;
    });
    expect(exited.exitCode).toBe(2);
    expect(await docker.logTail(id, 2)).toEqual(['line4', 'line5']);
    expect(await docker.logTail(id, 100)).toHaveLength(5);
  });

  it('follows until aborted', async () => {
    const abort = new AbortController();
    const seen: string[] = [];
    const following = docker.logs(webId, { follow: true }, (line) => {
      seen.push(line);
      if (seen.length === 3) abort.abort();
    }, abort.signal);
    await following;
    expect(seen).toHaveLength(3);
  });

  it('reads a TTY container raw', async () => {
    const s = desiredService({ name: 'tty', image: TEST_IMAGE, tty: true, command: ['sh', '-c', 'echo one; echo two'], networks: { [front.name]: { aliases: [] } } });
    const id = await connectAndCreate(docker, s, project, 1);
    await docker.startContainer(id);
    await until('exit', async () => ((await docker.inspectContainer(id)).state === 'exited' ? true : undefined));
    const lines: [string, string][] = [];
    await docker.logs(id, { follow: false }, (line, stream) => lines.push([stream, line]));
    expect(lines).toEqual([['stdout', 'one'], ['stdout', 'two']]);
  });
});

describe('exec', () => {
  it('passes the exit code through', async () => {
    const out = new PassThrough();
    expect(await docker.exec(webId, ['sh', '-c', 'exit 3'], { tty: false, interactive: false, stdout: out, stderr: out })).toBe(3);
  });

  it('separates stdout from stderr and feeds stdin', async () => {
    const stdout = collect();
    const stderr = collect();
    const code = await docker.exec(webId, ['sh', '-c', 'cat; echo to-err >&2'], { tty: false, interactive: true, stdin: Readable.from(['piped-in\n']), stdout: stdout.stream, stderr: stderr.stream, env: ['X=1'] });
    expect(code).toBe(0);
    expect(stdout.text()).toBe('piped-in\n');
    expect(stderr.text()).toBe('to-err\n');
  });

  it('runs as the user and in the folder asked for', async () => {
    const stdout = collect();
    await docker.exec(webId, ['sh', '-c', 'echo $(id -u) $(pwd) $GREETING'], { tty: false, interactive: false, stdout: stdout.stream, stderr: stdout.stream, user: '1234', workdir: '/data', env: ['GREETING=hi'] });
    expect(stdout.text()).toBe('1234 /data hi\n');
  });
});

describe('lifecycle', () => {
  it('classifies a host port that is already taken, naming it', async () => {
    const { published } = (await docker.inspectContainer(webId)).ports[0]!;
    const clash = desiredService({ name: 'clash', image: TEST_IMAGE, command: ['sleep', '3600'], init: true, ports: [{ target: 80, published: String(published), protocol: 'tcp', hostIp: '' }], networks: { [front.name]: { aliases: [] } } });
    const id = await connectAndCreate(docker, clash, project, 1);
    const err = await docker.startContainer(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerError);
    expect((err as DockerError).kind).toBe('port-allocated');
    expect((err as DockerError).message).toContain(String(published));
    expect((err as DockerError).cause).toBeDefined();
  });

  it('classifies a name clash as a conflict', async () => {
    const err = await connectAndCreate(docker, web, project, 1).catch((e: unknown) => e);
    expect((err as DockerError).kind).toBe('conflict');
  });

  it('renames, restarts, disconnects, stops and removes, idempotently', async () => {
    const s = desiredService({ name: 'worker', image: TEST_IMAGE, command: ['sleep', '3600'], init: true, networks: { [front.name]: { aliases: [] }, [back.name]: { aliases: [] } } });
    const id = await connectAndCreate(docker, s, project, 1, { name: `${project}-worker-1-new` });
    expect((await docker.listContainers(project)).find((c) => c.id === id)?.name).toBe(`${project}-worker-1-new`);
    await docker.renameContainer(id, `${project}-worker-1`);
    expect((await docker.inspectContainer(id)).name).toBe(`${project}-worker-1`);
    await docker.startContainer(id);
    await docker.disconnectNetwork(back.name, id);
    expect((await docker.listContainers(project)).find((c) => c.id === id)?.networks).toEqual([front.name]);
    await docker.restartContainer(id, 1);
    expect((await docker.inspectContainer(id)).state).toBe('running');

    const started = Date.now();
    await docker.stopContainer(id, 10);
    // init: true forwards SIGTERM to sleep, so stop does not wait out the timeout.
    expect(Date.now() - started).toBeLessThan(5000);
    await docker.stopContainer(id);
    expect((await docker.inspectContainer(id)).state).toBe('exited');
    await docker.removeContainer(id);
    await docker.removeContainer(id);
    const missing = await docker.inspectContainer(id).catch((e: unknown) => e);
    expect((missing as DockerError).kind).toBe('not-found');
  });

  it('removes networks and volumes, idempotently', async () => {
    const n: DesiredNetwork = { ...front, key: 'tmp', name: `${project}_tmp` };
    const v: DesiredVolume = { ...data, key: 'tmp', name: `${project}_tmp` };
    const netId = await docker.createNetwork(networkCreateBody(n, project));
    expect(netId).toMatch(/^[0-9a-f]{64}$/);
    await docker.createVolume(volumeCreateBody(v, project));
    await docker.removeNetwork(n.name);
    await docker.removeNetwork(n.name);
    await docker.removeVolume(v.name);
    await docker.removeVolume(v.name);
    expect(await docker.findNetworks([n.name])).toEqual([]);
    expect(await docker.findVolumes([v.name])).toEqual([]);
  });
});

it('stops reading events when aborted', async () => {
  stopEvents.abort();
  await expect(eventsDone).resolves.toBeUndefined();
});

it('connects every network of a service, with aliases', () => {
  expect(additionalNetworks(web)).toEqual([{ name: back.name, aliases: ['web'] }]);
});

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString() };
}
