import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerClient } from '../../src/docker/connect';

/** A 2 MB image every container test runs: no registry is reachable, so it is built from the host's static busybox. */
export const TEST_IMAGE = 'stackfile-test/busybox:latest';

const DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
`;

/**
 * Builds TEST_IMAGE unless it is already present; fails with a classified error when no daemon answers. `tag` is
 * for the test that checks this build itself without removing the image other tests are using.
 */
export async function ensureTestImage(tag = TEST_IMAGE): Promise<void> {
  const docker = createDockerClient();
  await docker.ping();
  const ids = await docker.imageIds([tag]);
  if (ids[tag]) return;
  const dir = mkdtempSync(join(tmpdir(), 'stackfile-test-image-'));
  try {
    copyFileSync('/bin/busybox', join(dir, 'busybox'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    await docker.buildImage({ context: dir, dockerfile: 'Dockerfile', args: {} }, tag);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
