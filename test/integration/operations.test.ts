import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { down, up } from '../../src/api';
import { runStack } from '../helpers/run-stack.mjs';
import { projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from './stacks';

const docker = new Docker();
const project = projectsForFile();

/** A db that turns healthy only after `delay`, and an api that waits for it: exercises the health gate. */
function slowStack(name: string, delay = '1'): string {
  return `{
  name: '${name}',
  services: {
    db: { image: '${TEST_IMAGE}', init: true, command: ['sh', '-c', 'sleep ${delay}; touch /ready; exec sleep 3600'], healthcheck: { test: 'test -f /ready', interval: '200ms', retries: 100 } },
    api: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], dependsOn: { db: 'healthy' } },
    migrate: { image: '${TEST_IMAGE}', command: ['sh', '-c', 'echo migrated'], dependsOn: { db: 'healthy' } },
    web: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], dependsOn: { migrate: 'completed' } },
  },
}`;
}

/** Unix ms of the first `health_status: healthy` event of a container, read back from the daemon's event log. */
async function healthyEventTime(id: string, sinceMs: number): Promise<number> {
  const stream = (await docker.getEvents({ since: Math.floor(sinceMs / 1000) - 1, until: Math.ceil(Date.now() / 1000), filters: { container: [id], event: ['health_status'] } })) as unknown as NodeJS.ReadableStream;
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  const healthy = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { status?: string; timeNano: number }).find((e) => e.status === 'health_status: healthy');
  if (!healthy) throw new Error(`no health_status: healthy event for ${id}`);
  return healthy.timeNano / 1e6;
}

describe('operations against the real daemon', () => {
  it('starts dependents only once their dependency is healthy or completed', async () => {
    const name = project('it-gate');
    const dir = writeStack(slowStack(name));
    const r = await runStack(['up'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const inspect = async (svc: string) => docker.getContainer(`${name}-${svc}-1`).inspect();
    const [db, api, migrate, web] = await Promise.all(['db', 'api', 'migrate', 'web'].map(inspect));
    // When db turned healthy, from the daemon's events: its health log keeps only the last five checks, so on a
    // busy machine the first passing check may already be gone from it.
    const healthyAt = await healthyEventTime(db.Id, Date.parse(db.Created));
    expect(Date.parse(api.State.StartedAt)).toBeGreaterThanOrEqual(healthyAt - 50);
    expect(Date.parse(web.State.StartedAt)).toBeGreaterThanOrEqual(Date.parse(migrate.State.FinishedAt) - 50);
    expect(migrate.State).toMatchObject({ Status: 'exited', ExitCode: 0 });
    // A completed job is not run again by the next up.
    const again = await runStack(['up'], { cwd: dir });
    expect(again.stdout).toContain('nothing changed');
  });

  it('refuses a second concurrent up on the same project, and Ctrl-C exits 130 with a converging rerun', async () => {
    const name = project('it-lock');
    // db turns healthy only after the second up and the Ctrl-C below, however slow a busy machine makes them.
    const dir = writeStack(slowStack(name, '10'));
    const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
    const first = spawn(process.execPath, [bin, 'up'], { cwd: dir, env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    let stderr = '';
    first.stderr.on('data', (d: Buffer) => (stderr += d));
    const exited = new Promise<number>((resolve) => first.on('close', (code) => resolve(code ?? -1)));
    // Wait until the first run is waiting for db's health, then race it.
    for (let i = 0; i < 100 && (await docker.listContainers({ filters: { name: [`${name}-db-1`] } })).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const second = await runStack(['up'], { cwd: dir });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`another stack command is already changing project "${name}"`));

    first.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/interrupted; done before stopping/);
    expect(await docker.listContainers({ all: true, filters: { name: [`${name}-api-1`] } })).toEqual([]); // never launched

    const rerun = await runStack(['up'], { cwd: dir });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await runStack(['plan'], { cwd: dir })).code).toBe(0);
  });

  it('finishes an up whose reader goes away (`stack up | head -1`): no crash, nothing half done, no lock left', async () => {
    const name = project('it-epipe');
    const services = ['a', 'b', 'c', 'd'].map((s) => `${s}: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'] }`);
    const dir = writeStack(`{ name: '${name}', services: { ${services.join(', ')} } }`);
    const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'up'], { cwd: dir, env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    // Gone after the first line, as `head -1` would be: every later write fails with EPIPE.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code, stderr).toBe(0);
    const states = await Promise.all(['a', 'b', 'c', 'd'].map(async (s) => (await docker.getContainer(`${name}-${s}-1`).inspect()).State.Status));
    expect(states).toEqual(['running', 'running', 'running', 'running']);
    // The lock went with the process: the next up runs at once instead of finding the project busy.
    const again = await runStack(['up'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing changed');
  });

  it('stops `stack logs -f` whose reader goes away, with the broken-pipe status and no stack trace', async () => {
    const name = project('it-epipe-logs');
    const dir = writeStack(`{ name: '${name}', services: { talk: { image: '${TEST_IMAGE}', init: true, command: ['sh', '-c', 'while true; do echo tick; sleep 0.1; done'] } } }`);
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'logs', '-f'], { cwd: dir, env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.once('data', () => child.stdout.destroy());
    // Following never ends by itself: only the broken pipe can stop it before this test's timeout.
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(141);
    expect(stderr).toBe('');
  });

  it('names the service and port when a fixed host port is taken, and changes nothing else', async () => {
    const name = project('it-port');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const dir = writeStack(`{ name: '${name}', services: { web: { image: '${TEST_IMAGE}', init: true, command: ['httpd', '-f', '-p', '80'], ports: ['${port}:80'] } } }`);
      const r = await runStack(['up'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`web.*${port}`, 's'));
      expect(r.stderr).not.toMatch(/^\s+at /m);
    } finally {
      server.close();
    }
  });

  it('fails a dependsOn cycle before touching the daemon, naming the path', async () => {
    const name = project('it-cycle');
    const dir = writeStack(`{ name: '${name}', services: { api: { image: '${TEST_IMAGE}', dependsOn: ['worker'] }, worker: { image: '${TEST_IMAGE}', dependsOn: ['api'] } } }`);
    const r = await runStack(['up'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('api => worker => api');
    expect(await docker.listNetworks({ filters: { label: [`io.stackfile.project=${name}`] } })).toEqual([]);
  });

  it('logs prefixes lines per service, restart restarts, exec passes the exit code through', async () => {
    const name = project('it-logs');
    const dir = writeStack(`{ name: '${name}', services: {
      a: { image: '${TEST_IMAGE}', init: true, command: ['sh', '-c', 'echo hello from a; exec sleep 3600'] },
      b: { image: '${TEST_IMAGE}', init: true, command: ['sh', '-c', 'echo hello from b; exec sleep 3600'], replicas: 2 },
    } }`);
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    const logs = await runStack(['logs'], { cwd: dir });
    expect(logs.stdout).toMatch(/^a\s+\| hello from a$/m);
    expect(logs.stdout).toMatch(/^b-2\s+\| hello from b$/m);
    const only = await runStack(['logs', 'a', '--tail', '1'], { cwd: dir });
    expect(only.stdout).not.toContain('from b');

    const before = await docker.getContainer(`${name}-a-1`).inspect();
    expect((await runStack(['restart', 'a'], { cwd: dir })).code).toBe(0);
    const after = await docker.getContainer(`${name}-a-1`).inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.State.StartedAt).not.toBe(before.State.StartedAt);

    const exec = await runStack(['exec', '--index', '2', 'b', '--', 'sh', '-c', 'hostname; exit 7'], { cwd: dir });
    expect(exec.code).toBe(7);
    const missing = await runStack(['exec', 'nope', '--', 'true'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no service named nope in project .*\n.*services with containers: a, b/);
  });

  it('works as a library: up() returns container IDs and published ports, down() removes them', async () => {
    const name = project('it-lib');
    const result = await up({ name, services: { web: { image: TEST_IMAGE, init: true, command: ['httpd', '-f', '-p', '80'], ports: ['80'] } } });
    const [container] = result.services.web.containers;
    expect(container.id).toMatch(/^[0-9a-f]{64}$/);
    const port = container.ports.find((p) => p.target === 80)!.published;
    expect(port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect([200, 404]).toContain(res.status); // httpd answers (no index file: 404)
    const removed = await down(name);
    expect(removed.containers).toEqual([`${name}-web-1`]);
  });
});
