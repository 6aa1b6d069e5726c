/**
 * `stack up --target swarm` on the real two-node swarm (scripts/local-swarm.mjs), as a user runs it: deploy, plan
 * right after (no changes), ps, a rolling update watched by a client on the stack's network, a failing update that
 * swarm rolls back, down. This machine has no IPVS, so services use endpointMode 'dnsrr' (see README).
 */
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { writeStack } from '../integration/stacks';
import { ensureBuilt, runStackAsync, stackTraceLines } from '../helpers/run-stack.mjs';
import { manager, STACK_NAMESPACE, useSwarm, worker } from '../helpers/swarm';
import { plan, runningTasks, service, stack, stackSecrets, up, web } from './swarm-stack';

const swarm = useSwarm();

describe('stack up --target swarm (CLI)', () => {
  it('deploys a stack with a secret, a volume and dependsOn; plan right after is no changes; ps lists the tasks; down keeps the volume', async () => {
    await ensureBuilt();
    const { baseImage } = swarm.cluster();
    const project = swarm.newProject('sw-cli');
    const dir = writeStack(`{
      name: '${project}',
      services: {
        db: {
          image: '${baseImage}', init: true,
          command: ['sh', '-c', 'test -f /data/status || echo ready > /data/status; exec httpd -f -p 5432 -h /data'],
          volumes: ['dbdata:/data'],
          secrets: { db_password: secret.value('s3cret-value') },
          healthcheck: { test: ['CMD-SHELL', 'wget -q -O - http://127.0.0.1:5432/status | grep -q ready'], interval: '500ms', timeout: '2s', retries: 20 },
          deploy: { endpointMode: 'dnsrr' },
        },
        web: {
          image: '${baseImage}', init: true,
          command: ['sh', '-c', 'until wget -q -O /tmp/db http://db:5432/status; do sleep 0.3; done; exec httpd -f -p 8080 -h /tmp'],
          dependsOn: { db: 'healthy' },
          deploy: { endpointMode: 'dnsrr', placement: { preferences: [{ spread: 'node.id' }] } },
        },
      },
      volumes: { dbdata: {} },
      envs: { prod: { target: 'swarm', services: { web: { replicas: 2 } } } },
    }`);
    // writeStack imports defineStack only; this stack uses secret too.
    const { writeFileSync, readFileSync } = await import('node:fs');
    const file = `${dir}/stack.ts`;
    writeFileSync(file, readFileSync(file, 'utf8').replace("import { defineStack } from 'stackfile';", "import { defineStack, secret } from 'stackfile';"));

    const deployed = await runStackAsync(['up', '--env', 'prod'], { cwd: dir });
    expect(deployed.stderr + deployed.stdout).not.toContain('s3cret-value');
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stdout).toContain(`${project} is up on the swarm`);

    // docker stack ls / ps see it as a stack.
    const services = await manager.listServices({ filters: { label: [`${STACK_NAMESPACE}=${project}`] } });
    expect(services.map((s) => s.Spec!.Name).sort()).toEqual([`${project}_db`, `${project}_web`]);
    expect((await runningTasks(project, 'web')).length).toBe(2);

    const again = await runStackAsync(['plan', '--env', 'prod'], { cwd: dir });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('No changes.');

    const ps = await runStackAsync(['ps', '--env', 'prod', '--json'], { cwd: dir });
    expect(ps.code, ps.stderr).toBe(0);
    const rows = JSON.parse(ps.stdout) as { service: string; node: string; desired: string; state: string }[];
    const running = rows.filter((r) => r.desired === 'running');
    expect(running.map((r) => r.service).sort()).toEqual(['db', 'web', 'web']);
    expect(new Set(running.filter((r) => r.service === 'web').map((r) => r.node)).size).toBe(2);

    const down = await runStackAsync(['down', '--env', 'prod'], { cwd: dir });
    expect(down.code, down.stderr).toBe(0);
    expect(await manager.listServices({ filters: { label: [`${STACK_NAMESPACE}=${project}`] } })).toEqual([]);
    expect(await stackSecrets(project)).toEqual([]);
    expect(await manager.listNetworks({ filters: { label: [`${STACK_NAMESPACE}=${project}`] } })).toEqual([]);
    // The volume holds the data: down keeps it. It lives on the node that ran db's task, which swarm chose.
    const volumes = [];
    for (const node of [manager, worker]) volumes.push(...((await node.listVolumes({ filters: { label: [`${STACK_NAMESPACE}=${project}`] } })).Volumes ?? []));
    expect(volumes.map((v) => v.Name)).toEqual([`${project}_dbdata`]);
  }, 240_000);

  it('target: swarm in stack.ts is enough: plan shows the services to create, exit 2', async () => {
    await ensureBuilt();
    const { baseImage } = swarm.cluster();
    const project = swarm.newProject('sw-plan');
    const dir = writeStack(`{ name: '${project}', target: 'swarm', services: { web: { image: '${baseImage}', command: ['httpd', '-f', '-p', '8080'] } } }`);
    const r = await runStackAsync(['plan'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain(`create   service ${project}_web`);
    expect(stackTraceLines(r.stderr)).toEqual([]);
  });
});

describe('rolling updates on the swarm', () => {
  it('an env change rolls web start-first: the old task goes only after the new one is healthy, and a client polling it by name sees no failed request', async () => {
    const { baseImage } = swarm.cluster();
    const project = swarm.newProject('sw-roll');
    const make = (version: string) =>
      stack({
        name: project,
        services: {
          web: web(baseImage, `version $VERSION`, {
            environment: { VERSION: version },
            replicas: 2,
            deploy: { endpointMode: 'dnsrr', updateConfig: { order: 'start-first', parallelism: 1, failureAction: 'rollback', monitor: '2s' } },
          }),
        },
      });
    await up(make('1'));

    // A client container on the stack's (attachable) overlay network, polling web by name.
    const client = await new Docker().createContainer({
      Image: baseImage,
      Labels: { [STACK_NAMESPACE]: project },
      Cmd: ['sh', '-c', 'while true; do if out=$(wget -q -O - http://web:8080/); then echo "ok $out"; else echo FAILED; fi; sleep 0.1; done'],
      HostConfig: { Init: true, AutoRemove: false, NetworkMode: `${project}_default` },
    });
    await client.start();
    try {
      await waitFor(async () => (await logs(client)).includes('ok version 1'), 30_000);
      const before = await service(project, 'web');

      const p = await plan(make('2'));
      const step = p.services.find((s) => s.service === 'web')!;
      expect(step.action).toBe('update');
      expect(step.changes).toEqual([{ field: 'environment.VERSION', from: '1', to: '2' }]);

      const result = await up(make('2'));
      expect(result.log).toEqual([`updated service ${project}_web`]);
      expect((await service(project, 'web')).ID).toBe(before.ID);
      await waitFor(async () => (await logs(client)).split('\n').filter((l) => l === 'ok version 2').length >= 5, 30_000);

      const lines = (await logs(client)).split('\n').filter(Boolean);
      expect(lines.filter((l) => l === 'FAILED')).toEqual([]);
      expect(lines.filter((l) => l === 'ok version 1').length).toBeGreaterThan(0);
      // Every task now runs the new spec; plan agrees.
      const tasks = await runningTasks(project, 'web');
      expect(tasks.length).toBe(2);
      expect(tasks.every((t) => ((t.Spec as { ContainerSpec?: { Env?: string[] } }).ContainerSpec?.Env ?? []).includes('VERSION=2'))).toBe(true);
      expect(target_status(await plan(make('2')))).toBe('none');
    } finally {
      await client.remove({ force: true });
    }
  }, 240_000);

  it('an update whose new tasks never become healthy is rolled back by swarm, and up says so with the task errors', async () => {
    const { baseImage } = swarm.cluster();
    const project = swarm.newProject('sw-rollback');
    const make = (healthy: boolean) =>
      stack({
        name: project,
        services: {
          web: web(baseImage, 'v', {
            environment: { BROKEN: String(!healthy) },
            healthcheck: { test: ['CMD-SHELL', healthy ? 'true' : 'false'], interval: '500ms', timeout: '1s', retries: 2 },
            deploy: { endpointMode: 'dnsrr', updateConfig: { failureAction: 'rollback', monitor: '3s' }, rollbackConfig: { parallelism: 1 } },
          }),
        },
      });
    await up(make(true));
    const error = await up(make(false)).then(() => undefined, (err: Error) => err);
    expect(error?.message).toMatch(/service web: the update failed and swarm rolled the service back to its previous spec/);
    const s = await service(project, 'web');
    expect((s.Spec?.TaskTemplate as { ContainerSpec?: { Env?: string[] } }).ContainerSpec?.Env).toContain('BROKEN=false');
    // The next plan says the last update was rolled back and what is still to change.
    const p = await plan(make(false));
    const step = p.services.find((x) => x.service === 'web')!;
    expect(step.action).toBe('update');
    expect(step.reasons.join('; ')).toMatch(/its last update was rolled back/);
  }, 240_000);
});

function target_status(p: { summary: Record<string, number>; blockers: unknown[] }): 'none' | 'changes' {
  return Object.values(p.summary).some((n) => n > 0) || p.blockers.length ? 'changes' : 'none';
}

async function logs(c: Docker.Container): Promise<string> {
  const raw = (await c.logs({ stdout: true, stderr: true })) as Buffer;
  // Non-TTY logs are framed: 8-byte headers before each chunk.
  let out = '';
  for (let i = 0; i + 8 <= raw.length; ) {
    const size = raw.readUInt32BE(i + 4);
    out += raw.subarray(i + 8, i + 8 + size).toString();
    i += 8 + size;
  }
  return out;
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
