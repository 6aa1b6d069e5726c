import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runStack, stackTraceLines } from '../helpers/run-stack.mjs';
import { projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from './stacks';

// The project lock lives on the daemon (a volume named stackfile-lock.<project>), so every spelling of DOCKER_HOST
// and every machine reaching one daemon meet the same lock; its labels name the holder.
const docker = new Docker();
const project = projectsForFile();
const lockVolumes = async (name: string) => ((await docker.listVolumes({ filters: { name: [`stackfile-lock.${name}`] } })).Volumes ?? []).map((v) => v.Name);
const handMade: string[] = [];
afterAll(async () => {
  await Promise.all(handMade.map((v) => docker.getVolume(v).remove().catch(() => undefined)));
});

/** db turns healthy after 3 s; api waits for it: an up that holds the lock for a few seconds. */
const slowStack = (name: string) => `{ name: '${name}', services: {
  db: { image: '${TEST_IMAGE}', init: true, command: ['sh', '-c', 'sleep 3; touch /ready; exec sleep 3600'], healthcheck: { test: 'test -f /ready', interval: '200ms', retries: 100 } },
  api: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], dependsOn: { db: 'healthy' } },
} }`;

/** `stack up` in the background, resolved once it holds the project (db's container exists). */
async function upInBackground(name: string, dir: string, env: Record<string, string | undefined>) {
  const childEnv: Record<string, string | undefined> = { ...process.env, CI: '1', NO_COLOR: '1', ...env };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  const child = spawn(process.execPath, [BIN, 'up'], { cwd: dir, env: childEnv as NodeJS.ProcessEnv });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  for (let i = 0; i < 150 && (await docker.listContainers({ all: true, filters: { name: [`${name}-db-1`] } })).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  return { child, exited, stderr: () => stderr };
}

describe('the project lock', () => {
  it('serialises two ups of one daemon reached by different DOCKER_HOST spellings, naming the holder', async () => {
    const name = project('it-lock-host');
    const dir = writeStack(slowStack(name));
    const first = await upInBackground(name, dir, { DOCKER_HOST: undefined });
    const second = await runStack(['up'], { cwd: dir, env: { DOCKER_HOST: 'unix:///var/run/docker.sock' } });
    expect(second.code, second.stderr).toBe(1);
    // What, where, since when: enough to find the holder and decide to wait or stop it.
    expect(second.stderr).toContain(`another stack command is already changing project "${name}": \`stack up\` (pid ${first.child.pid} on ${hostname()}, since `);
    expect(stackTraceLines(second.stderr)).toEqual([]);
    expect(await first.exited, first.stderr()).toBe(0);
    expect(await lockVolumes(name)).toEqual([]);
  });

  it('takes over at once the lock of a holder killed with kill -9', async () => {
    const name = project('it-lock-dead');
    const dir = writeStack(slowStack(name));
    const first = await upInBackground(name, dir, {});
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await lockVolumes(name)).toEqual([`stackfile-lock.${name}`]); // the dead holder's lock is still there
    // At once: the holder's pid is gone (a lock file used to block every command for ~15 s after a kill -9).
    const next = await runStack(['up'], { cwd: dir });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toContain('already changing');
    expect(await lockVolumes(name)).toEqual([]);
    expect((await runStack(['plan'], { cwd: dir })).code).toBe(0);
  });

  it('refuses while a holder on another machine is alive, naming it and how long its lease lasts', async () => {
    const name = project('it-lock-remote');
    const dir = writeStack(`{ name: '${name}', services: { a: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'] } } }`);
    const lock = `stackfile-lock.${name}`;
    handMade.push(lock);
    await docker.createVolume({
      Name: lock,
      Labels: {
        'io.stackfile.lock': name, 'io.stackfile.lock.token': 'feedface00000000', 'io.stackfile.lock.pid': '4242', 'io.stackfile.lock.host': 'build-server-7',
        'io.stackfile.lock.process-space': 'another-machine', 'io.stackfile.lock.process-start': '1', 'io.stackfile.lock.command': 'stack up --env prod', 'io.stackfile.lock.since': new Date().toISOString(),
      },
    });
    const r = await runStack(['up'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('`stack up --env prod` (pid 4242 on build-server-7, since ');
    expect(r.stderr).toMatch(/taken for dead 30s after its last heartbeat/);
    expect(await docker.listContainers({ all: true, filters: { label: [`io.stackfile.project=${name}`] } })).toEqual([]);
    // Nothing was touched: the other machine's lock is still its own.
    expect((await docker.getVolume(lock).inspect()).Labels['io.stackfile.lock.token']).toBe('feedface00000000');
  });
});
