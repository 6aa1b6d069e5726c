import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../src/docker/labels';
import { projectContainers, projectsForFile } from '../helpers/project';
import { runStack } from '../helpers/run-stack.mjs';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from '../integration/stacks';

/** `stack run` containers kept without --rm are removed by `stack down`, as Compose's down removes one-off containers. */
const docker = new Docker();
const project = projectsForFile();
const oneOffs = (name: string) => docker.listContainers({ all: true, filters: { label: [`${LABEL.runOf}=${name}`] } });
const names: string[] = [];

afterAll(async () => {
  // Whatever a failed test left: the helpers' cleanup knows only project-labelled containers.
  for (const name of names) for (const c of await oneOffs(name)) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
});

describe('down and the containers of `stack run`', () => {
  it.each([[['down']], [['down', '--remove-orphans']]])('stack %j removes kept run containers (exited and running) and the network they were on', async (down) => {
    const name = project('it-run-down');
    names.push(name);
    const dir = writeStack(`{
      name: '${name}',
      services: {
        db: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'] },
        tool: { image: '${TEST_IMAGE}', init: true, command: ['true'], dependsOn: { db: 'started' }, restart: 'no' },
      },
    }`);
    const once = runStack(['run', 'tool', 'echo', 'kept'], { cwd: dir });
    expect(once.code, once.stderr).toBe(0);
    expect(once.stdout).toBe('kept\n');
    const detached = runStack(['run', '-d', 'tool', 'sleep', '3600'], { cwd: dir });
    expect(detached.code, detached.stderr).toBe(0);
    const before = await oneOffs(name);
    expect(before.map((c) => c.State).sort()).toEqual(['exited', 'running']);
    expect(await projectContainers(name)).toHaveLength(1);

    const r = runStack(down, { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${name} is down: removed 3 containers, 1 network`);
    expect(await oneOffs(name)).toEqual([]);
    expect(await projectContainers(name)).toEqual([]);
    expect(await docker.listNetworks({ filters: { label: [`${LABEL.project}=${name}`] } })).toEqual([]);
  });
});
