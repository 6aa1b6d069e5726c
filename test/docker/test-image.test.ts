import Docker from 'dockerode';
import { afterAll, expect, it } from 'vitest';
import { createDockerClient } from '../../src/docker/connect';
import { cleanupProject, uniqueProject } from '../helpers/project';
import { ensureTestImage } from '../helpers/test-image';
import { connectAndCreate } from './connect-and-create';
import { desiredService } from './desired-service';

const project = uniqueProject('sf-test-image');
const tag = `stackfile-test/${project}:latest`;

afterAll(async () => {
  await cleanupProject(project);
  await new Docker().getImage(tag).remove({ force: true }).catch(() => undefined);
});

it('builds the busybox test image from scratch, with a working shell', async () => {
  const docker = createDockerClient();
  await ensureTestImage(tag);
  const [id] = Object.values(await docker.imageIds([tag]));
  expect(id).toMatch(/^sha256:/);
  // Present now, so a second call is a no-op that keeps the same image.
  await ensureTestImage(tag);
  expect(Object.values(await docker.imageIds([tag]))).toEqual([id]);

  const c = await connectAndCreate(docker, desiredService({ name: 'sh', image: tag, command: ['sh', '-c', 'echo $((6 * 7)) && ls /bin/wget'] }), project, 1);
  await docker.startContainer(c);
  for (let i = 0; i < 100 && (await docker.inspectContainer(c)).state !== 'exited'; i++) await new Promise((r) => setTimeout(r, 100));
  expect((await docker.inspectContainer(c)).exitCode).toBe(0);
  expect(await docker.logTail(c, 10)).toEqual(['42', '/bin/wget']);
});
