import { afterEach, describe, expect, it } from 'vitest';
import { createDockerClient } from '../../src/docker/connect';
import { lockDevSession } from '../../src/dev/dev-lock';
import { uniqueProject } from '../helpers/project';

// The dev session lock is the project lock's mechanism on the daemon: the text of DOCKER_HOST does not matter.
const saved = process.env.DOCKER_HOST;
afterEach(() => {
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
});

describe('lockDevSession', () => {
  it('is one per project and daemon, however DOCKER_HOST is spelt, and names the session holding it', async () => {
    const project = uniqueProject('dev-lock');
    delete process.env.DOCKER_HOST;
    const unset = createDockerClient();
    process.env.DOCKER_HOST = 'unix:///var/run/docker.sock';
    const spelt = createDockerClient();
    const release = await lockDevSession(unset, project);
    try {
      await expect(lockDevSession(spelt, project)).rejects.toThrow(`stack dev is already running for project ${project} (pid ${process.pid}) on `);
    } finally {
      await release();
    }
    // Released: the next session gets it.
    await (await lockDevSession(spelt, project))();
  });
});
