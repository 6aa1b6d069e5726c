/**
 * The swarm target's apply on the real two-node swarm, through the library: scale in place, spread across nodes,
 * secret rotation (a new version, the old one removed), dependsOn order, build + push + deploy by digest, and the
 * errors that name a service (an image no node can pull, a placement no node satisfies, a port already published).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secret } from '../../src/model/secret';
import { manager, useSwarm } from '../helpers/swarm';
import { plan, runningTasks, service, stack, stackSecrets, up, web } from './swarm-stack';

const swarm = useSwarm();

describe('swarm apply', () => {
  it('scales 1 → 3 → 1 in place (the same service, a scale in the plan), and replicas: 2 with a spread preference puts one task on each node', async () => {
    const { baseImage, nodes } = swarm.cluster();
    const project = swarm.newProject('sw-scale');
    const make = (replicas: number, spread = false) => stack({ name: project, services: { web: web(baseImage, 'hi', { replicas, ...(spread ? { deploy: { endpointMode: 'dnsrr', placement: { preferences: [{ spread: 'node.id' }] } } } : {}) }) } });
    await up(make(1));
    const id = (await service(project, 'web')).ID;
    expect((await runningTasks(project, 'web')).length).toBe(1);

    const p = await plan(make(3));
    const step = p.services.find((s) => s.service === 'web')!;
    expect([step.action, step.scale, step.rolling]).toEqual(['update', { from: 1, to: 3 }, false]);
    await up(make(3));
    expect((await runningTasks(project, 'web')).length).toBe(3);
    await up(make(1));
    expect((await runningTasks(project, 'web')).length).toBe(1);
    expect((await service(project, 'web')).ID).toBe(id);

    await up(make(2, true));
    const placed = (await runningTasks(project, 'web')).map((t) => t.NodeID).sort();
    expect(placed).toEqual([nodes.manager, nodes.worker].sort());
  }, 240_000);

  it('a changed secret is a new version: the service rolls to it, its tasks read the new value, the old version is removed', async () => {
    const { baseImage } = swarm.cluster();
    const project = swarm.newProject('sw-secret');
    const make = (value: string) =>
      stack({
        name: project,
        services: {
          app: {
            image: baseImage,
            init: true,
            // Serves the secret file so the test can read what the task sees (through exec into a local task).
            command: ['sh', '-c', 'sleep 3600'],
            secrets: { api_key: secret.value(value) },
            deploy: { placement: { constraints: ['node.role == manager'] } },
          },
        },
      });
    await up(make('first-value'));
    const [v1] = await stackSecrets(project);
    expect(v1).toMatch(new RegExp(`^${project}_api_key\\.[0-9a-f]{12}$`));
    expect(await readInTask(project, 'app', '/run/secrets/api_key')).toBe('first-value');

    const p = await plan(make('second-value'));
    const step = p.services.find((s) => s.service === 'app')!;
    expect(step.action).toBe('update');
    expect(step.reasons).toContain('secret api_key changed');
    expect(JSON.stringify(p)).not.toContain('second-value');
    await up(make('second-value'));
    const after = await stackSecrets(project);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(v1);
    expect(await readInTask(project, 'app', '/run/secrets/api_key')).toBe('second-value');
  }, 240_000);

  it('creates a service only after its dependencies are healthy (docker stack deploy would start both at once)', async () => {
    const { baseImage } = swarm.cluster();
    const project = swarm.newProject('sw-order');
    const desired = stack({
      name: project,
      services: {
        // Healthy only ~3 s after it starts.
        db: {
          image: baseImage,
          init: true,
          command: ['sh', '-c', 'sleep 3; touch /ready; exec sleep 3600'],
          healthcheck: { test: ['CMD-SHELL', 'test -f /ready'], interval: '500ms', timeout: '1s', retries: 30 },
        },
        api: { image: baseImage, init: true, command: ['sleep', '3600'], dependsOn: { db: 'healthy' } },
      },
    });
    await up(desired);
    const db = await service(project, 'db');
    const api = await service(project, 'api');
    const [dbTask] = await runningTasks(project, 'db');
    // The db task reported running (= healthy: swarm reports running only once the healthcheck passed) before api existed.
    expect(Date.parse(api.CreatedAt!)).toBeGreaterThan(Date.parse(dbTask.Status!.Timestamp!));
    expect(Date.parse(api.CreatedAt!) - Date.parse(db.CreatedAt!)).toBeGreaterThan(2500);
    expect(api.Spec?.Labels?.['io.stackfile.depends-on']).toBe('db');
  }, 180_000);

  it('build on swarm: builds, pushes to the registry every node pulls from, deploys by digest; the worker runs the same bytes', async () => {
    const { baseImage, registry, nodes } = swarm.cluster();
    const project = swarm.newProject('sw-build');
    const context = mkdtempSync(join(tmpdir(), 'swarm-build-'));
    writeFileSync(join(context, 'Dockerfile'), `FROM ${baseImage}\nRUN echo built-${project} > /built\n`);
    const image = `${registry}/${project}/app:1`;
    const desired = stack({
      name: project,
      services: { app: { image, build: context, init: true, command: ['sleep', '3600'], deploy: { placement: { constraints: [`node.id == ${nodes.worker}`] } } } },
    });
    const p = await plan(desired);
    expect(p.images).toEqual([expect.objectContaining({ action: 'build', ref: image, services: ['app'] })]);
    await up(desired);
    const s = await service(project, 'app');
    const pinned = (s.Spec?.TaskTemplate as { ContainerSpec?: { Image?: string } }).ContainerSpec?.Image ?? '';
    expect(pinned).toMatch(new RegExp(`^${image.replace(/[./]/g, '\\$&')}@sha256:[0-9a-f]{64}$`));
    const manifest = await fetch(`http://${registry}/v2/${project}/app/manifests/1`, { method: 'HEAD', headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } });
    expect(pinned.endsWith(manifest.headers.get('docker-content-digest') ?? 'none')).toBe(true);
    const [task] = await runningTasks(project, 'app');
    expect(task.NodeID).toBe(nodes.worker);
    // Deployed again unchanged: no update.
    expect((await plan(desired)).services.find((x) => x.service === 'app')!.action).toBe('noop');
  }, 240_000);

  it('errors name the service: an image no registry has (nothing changed), a placement no node satisfies', async () => {
    const { baseImage, registry } = swarm.cluster();
    const project = swarm.newProject('sw-errors');
    const missing = stack({ name: project, services: { ghost: { image: `${registry}/nothing-here/app:1`, command: ['true'] } } });
    await expect(up(missing)).rejects.toThrow(`image ${registry}/nothing-here/app:1 of service ghost cannot be pulled by the swarm's nodes`);
    expect(await manager.listServices({ filters: { name: [`${project}_`] } })).toEqual([]);

    const unplaceable = stack({ name: project, services: { pinned: { image: baseImage, command: ['sleep', '3600'], deploy: { placement: { constraints: ['node.labels.nowhere == true'] } } } } });
    await expect(up(unplaceable)).rejects.toThrow(/service pinned: swarm cannot place its tasks: no suitable node/);
  }, 180_000);

  it('a port already published by another stack is an error naming the service', async () => {
    const { baseImage } = swarm.cluster();
    const first = swarm.newProject('sw-port-a');
    const second = swarm.newProject('sw-port-b');
    const port = 30000 + Math.floor(Math.random() * 2000);
    const withPort = (name: string) => stack({ name, services: { web: { image: baseImage, command: ['sleep', '3600'], ports: [`${port}:8080`] } } });
    await up(withPort(first));
    await expect(up(withPort(second))).rejects.toThrow(new RegExp(`service ${second}_web: .*${port}.*already in use`));
  }, 180_000);
});

/** Runs `cat FILE` in the service's running task on the manager (this test machine's engine). */
async function readInTask(project: string, name: string, file: string): Promise<string> {
  const [task] = await runningTasks(project, name);
  const container = manager.getContainer(task.Status!.ContainerStatus!.ContainerID!);
  const exec = await container.exec({ Cmd: ['cat', file], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve());
  });
  const raw = Buffer.concat(chunks);
  let out = '';
  for (let i = 0; i + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(i + 4);
    out += raw.subarray(i + 8, i + 8 + size).toString();
    i += 8 + size;
  }
  return out.trim();
}
