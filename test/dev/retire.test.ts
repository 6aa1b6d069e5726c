import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { projectContainers, projectsForFile } from '../helpers/project';
import { runStack, runStackAsync } from '../helpers/run-stack.mjs';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from '../integration/stacks';
import { DevProcess, docker, eventually } from './dev-process';

// A replaced container whose process ignores SIGTERM (busybox sleep as PID 1, no init: the kernel drops a signal
// PID 1 has no handler for) holds its stop for the whole 10 s grace period. stack dev retires it in the background.
const newProject = projectsForFile();
const sessions: DevProcess[] = [];
const dirs: string[] = [];
/** Dev locks of sessions a test killed (a lock volume has no project label for cleanupProject to find). */
const locks: string[] = [];

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.end()));
  for (const lock of locks) await docker.getVolume(lock).remove().catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const stubborn = (project: string, v: string) =>
  `{ name: '${project}', services: { app: { image: '${TEST_IMAGE}', environment: { V: '${v}' }, command: ['sleep', '3600'] } } }`;

async function start(prefix: string, args: string[] = []) {
  const project = newProject(prefix);
  const dir = writeStack(stubborn(project, 'one'));
  dirs.push(dir);
  const dev = await DevProcess.start(args, dir);
  sessions.push(dev);
  return { project, dir, dev };
}

const inspect = (name: string) => docker.getContainer(name).inspect();
const names = async (project: string) => (await projectContainers(project)).map((c) => c.Names[0].slice(1)).sort();

/** Saves stack.ts with V=`v` and waits for "✔ applied"; returns how long that took and what was printed since. */
async function save(dev: DevProcess, dir: string, project: string, v: string): Promise<{ ms: number; printed: string }> {
  const mark = dev.output.length;
  const t0 = Date.now();
  writeStack(stubborn(project, v), dir);
  await dev.waitForText(/✔ applied in/, 30_000, mark);
  return { ms: Date.now() - t0, printed: dev.output.slice(mark) };
}

describe('stack dev retires a replaced container in the background', () => {
  it('a save applies without waiting for the old container\'s grace period; a second save meanwhile applies promptly with a plan of its own changes; Ctrl-C waits for the retirement', async () => {
    const { project, dir, dev } = await start('dev-retire');
    const app0 = await inspect(`${project}-app-1`);
    expect(app0.HostConfig.Init).not.toBe(true);

    const first = await save(dev, dir, project, 'two');
    expect(first.ms).toBeLessThan(5_000);
    const app1 = await inspect(`${project}-app-1`);
    expect(app1.Id).not.toBe(app0.Id);
    expect(app1.State.Running).toBe(true);
    expect(app1.Config.Env).toContain('V=two');
    // The old one is still waiting out its grace period: renamed out of the way and off every network.
    const retiring0 = await inspect(app0.Id);
    expect(retiring0.State.Running).toBe(true);
    expect(retiring0.Name).toBe(`/${project}-app-1-stackfile-old-${app0.Id.slice(0, 12)}`);
    expect(Object.keys(retiring0.NetworkSettings.Networks)).toEqual([]);

    // Saved while the first old container still stops: the plan is this save's recreate alone (no removal of the
    // retiring container, which still has the project's labels).
    const second = await save(dev, dir, project, 'three');
    expect(second.ms).toBeLessThan(5_000);
    expect((await inspect(app0.Id)).State.Running).toBe(true);
    const plan = second.printed.slice(0, second.printed.indexOf('✔ applied'));
    expect(plan).toContain('Plan: 0 to create, 1 to recreate, 0 to start, 0 to remove.');
    expect(plan).toMatch(new RegExp(`-/\\+ recreate +container ${project}-app-1 `));
    expect(plan).not.toContain('stackfile-old');
    const app2 = await inspect(`${project}-app-1`);
    expect([app2.Id, app2.State.Running, app2.Config.Env.includes('V=three')]).toEqual([expect.not.stringMatching(app1.Id), true, true]);
    // Said once for the service, however many of its containers retire.
    await dev.waitForText(/note: the replaced app container is still stopping \(SIGTERM; killed after 10s\); it is removed in the background, and init: true would pass the signal on/, 5_000);
    expect(dev.output.match(/note: the replaced app container/g)).toHaveLength(1);

    // Both old containers go once their grace period ends (killed, then removed).
    await eventually(async () => expect(await names(project)).toEqual([`${project}-app-1`]), 20_000);
    for (const id of [app0.Id, app1.Id]) await expect(inspect(id)).rejects.toMatchObject({ statusCode: 404 });

    // Ctrl-C right after a save: the session ends only once the retiring container is gone too.
    await save(dev, dir, project, 'four');
    const app3 = await inspect(`${project}-app-1`);
    expect((await names(project)).length).toBe(2);
    expect(await dev.interrupt()).toBe(0);
    expect(dev.stderr).toMatch(new RegExp(`removing the replaced ${project}-app-1-stackfile-old-\\w+ \\(still stopping; Ctrl-C again kills it now\\)`));
    expect(await names(project)).toEqual([`${project}-app-1`]);
    expect((await inspect(`${project}-app-1`)).Id).toBe(app3.Id);
  });

  it('--keep: Ctrl-C leaves the stack running but waits for a retiring container; a second Ctrl-C kills and removes it', async () => {
    const { project, dir, dev } = await start('dev-retire-keep', ['--keep']);
    const app0 = await inspect(`${project}-app-1`);
    await save(dev, dir, project, 'two');
    const app1 = await inspect(`${project}-app-1`);
    expect((await inspect(app0.Id)).State.Running).toBe(true);

    dev.child.kill('SIGINT');
    await dev.waitForText(/removing the replaced .*-stackfile-old-\w+ \(still stopping; Ctrl-C again kills it now\)/);
    await new Promise((r) => setTimeout(r, 500));
    expect(dev.child.exitCode).toBe(null);
    const t0 = Date.now();
    expect(await dev.interrupt()).toBe(130);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await names(project)).toEqual([`${project}-app-1`]);
    expect(await inspect(`${project}-app-1`)).toMatchObject({ Id: app1.Id, State: { Running: true } });
  });

  it('a session killed mid-retirement leaves a container with the project\'s labels, which the next plan and up remove', async () => {
    const { project, dir, dev } = await start('dev-retire-crash');
    const app0 = await inspect(`${project}-app-1`);
    await save(dev, dir, project, 'two');
    const app1 = await inspect(`${project}-app-1`);
    locks.push(`stackfile-dev.${project}`);
    dev.child.kill('SIGKILL');
    await dev.exited;
    const leftover = `${project}-app-1-stackfile-old-${app0.Id.slice(0, 12)}`;
    expect(await names(project)).toEqual([`${project}-app-1`, leftover]);

    const plan = runStack(['plan'], { cwd: dir });
    expect(plan.stdout).toMatch(new RegExp(`- remove +container ${leftover} +\\(leftover from an interrupted recreate\\)`));
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to recreate, 0 to start, 1 to remove.');
    const up = await runStackAsync(['up'], { cwd: dir });
    expect(up.code).toBe(0);
    expect(await names(project)).toEqual([`${project}-app-1`]);
    expect((await inspect(`${project}-app-1`)).Id).toBe(app1.Id);
  });
});
