import { afterEach, describe, expect, it } from 'vitest';
import { createDockerClient } from '../../src/docker/connect';
import { DockerError } from '../../src/errors';

const saved = process.env.DOCKER_HOST;
afterEach(() => {
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
});

async function failure(p: Promise<unknown>): Promise<DockerError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DockerError);
  return err as DockerError;
}

describe('createDockerClient', () => {
  it('talks to the local daemon by default', async () => {
    delete process.env.DOCKER_HOST;
    await expect(createDockerClient().ping()).resolves.toBeUndefined();
  });

  it('follows a unix:// DOCKER_HOST and says the daemon there is unreachable', async () => {
    process.env.DOCKER_HOST = 'unix:///nonexistent.sock';
    const e = await failure(createDockerClient().ping());
    expect(e.kind).toBe('unreachable');
    expect(e.message).toContain('cannot reach the Docker daemon at unix:///nonexistent.sock');
    expect(e.hint).toContain('DOCKER_HOST');
    expect((e.cause as { code?: string }).code).toBe('ENOENT');
  });

  it('follows a tcp:// DOCKER_HOST', async () => {
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';
    const e = await failure(createDockerClient().listContainers('any'));
    expect(e.kind).toBe('unreachable');
    expect(e.message).toContain('tcp://127.0.0.1:1');
    expect((e.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('follows an explicit unix:// DOCKER_HOST to the real socket', async () => {
    process.env.DOCKER_HOST = 'unix:///var/run/docker.sock';
    await expect(createDockerClient().ping()).resolves.toBeUndefined();
  });
});
