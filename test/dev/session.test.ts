import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeStack } from '../integration/stacks';
import { projectContainers, projectsForFile } from '../helpers/project';
import { runStack } from '../helpers/run-stack.mjs';
import { TEST_IMAGE } from '../helpers/test-image';
import { DevProcess, copyFixture, docker } from './dev-process';

const newProject = projectsForFile();
const sessions: DevProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.end()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function track<T extends DevProcess>(dev: T): T {
  sessions.push(dev);
  return dev;
}

const state = async (name: string) => (await docker.getContainer(name).inspect()).State;

describe('a stack dev session', () => {
  it('one per project: a second is refused naming the first; Ctrl-C stops the containers, keeping them, and exits 0', async () => {
    const dir = copyFixture('dev-sync');
    dirs.push(dir);
    const project = newProject('dev-session');
    const dev = track(await DevProcess.start(['-p', project], dir));

    const second = runStack(['dev', '-p', project], { cwd: dir });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`error: stack dev is already running for project ${project} (pid ${dev.child.pid})`);
    expect((await state(`${project}-web-1`)).Running).toBe(true);

    expect(await dev.interrupt()).toBe(0);
    for (const service of ['web', 'worker']) expect(await state(`${project}-${service}-1`)).toMatchObject({ Running: false, Status: 'exited' });

    // The next session starts the kept containers again (nothing recreated), and --keep leaves them running.
    const webId = (await docker.getContainer(`${project}-web-1`).inspect()).Id;
    const again = track(await DevProcess.start(['-p', project, '--keep'], dir));
    expect(again.stdout).toMatch(/2 containers started/);
    expect((await docker.getContainer(`${project}-web-1`).inspect()).Id).toBe(webId);
    expect(await again.interrupt()).toBe(0);
    expect((await state(`${project}-web-1`)).Running).toBe(true);
  });

  it('Ctrl-C names what it stops and its grace period; a second Ctrl-C kills it and exits at once (130)', async () => {
    const project = newProject('dev-stubborn');
    // Ignores SIGTERM, so a graceful stop waits out the 10 s grace period.
    const dir = writeStack(`{ name: '${project}', services: { slow: { image: '${TEST_IMAGE}', init: true, stopGracePeriod: '10s', command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.2; done'] } } }`);
    dirs.push(dir);
    const dev = track(await DevProcess.start([], dir));
    dev.child.kill('SIGINT');
    await dev.waitForText(/stopping the containers/);
    await dev.waitForText(new RegExp(`stopping ${project}-slow-1 \\(SIGTERM; killed after 10s; Ctrl-C again kills it now\\)`));
    const t0 = Date.now();
    expect(await dev.interrupt()).toBe(130);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(dev.stderr).toContain('killing the containers');
    // Killed, not left to run out its grace period after stack dev is gone.
    expect(await state(`${project}-slow-1`)).toMatchObject({ Running: false, ExitCode: 137 });
    // Its lock on the daemon went with it: no volume of the session is left for the next one to take over.
    expect((await docker.listVolumes({ filters: { name: [`stackfile-dev.${project}`] } })).Volumes ?? []).toEqual([]);
  });

  it('warns when it switches a project last applied with another env (up --env prod) to dev', async () => {
    const project = newProject('dev-envswitch');
    const dir = writeStack(`{ name: '${project}', services: { app: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'] } }, envs: { prod: { services: { app: { environment: { MODE: 'prod' } } } }, dev: { services: { app: { environment: { MODE: 'dev' } } } } } }`);
    dirs.push(dir);
    expect(runStack(['up', '--env', 'prod'], { cwd: dir }).code).toBe(0);
    const dev = track(await DevProcess.start([], dir));
    expect(dev.stderr).toContain(`warning: ${project} was last applied with env prod; this plan is for env dev (pass --env prod to keep it)`);
    expect(await dev.interrupt()).toBe(0);
  });

  it('a stack.ts that does not validate ends it before anything is created', async () => {
    const project = newProject('dev-bad');
    const dir = writeStack(`{ name: '${project}', services: { web: { image: '${TEST_IMAGE}', build: './nope', watch: [{ path: './src', action: 'sync', target: 'app' }, { path: './x', action: 'rebuild', exec: ['true'] }] } } }`);
    dirs.push(dir);
    const r = runStack(['dev'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/2 problems in .*stack\.ts:\n {2}- services\.web\.watch\[0\]\.target: "app" must be an absolute path in the container .*\n {2}- services\.web\.watch\[1\]\.exec: only "sync\+exec" runs a command/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(await projectContainers(project)).toEqual([]);
  });
});
