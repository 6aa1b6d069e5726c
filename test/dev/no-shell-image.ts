import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerClient } from '../../src/docker/connect';

/**
 * An image with no shell, like distroless: busybox as /app/busybox and nothing else, so `sh`, `tar` and `rm` are
 * not found and dev-mode sync must use the Engine API. The container's process is `/app/busybox sleep`.
 */
export const NO_SHELL_IMAGE = 'stackfile-test/no-shell:latest';

const DOCKERFILE = `FROM scratch
COPY busybox /app/busybox
CMD ["/app/busybox", "sleep", "3600"]
`;

export async function ensureNoShellImage(): Promise<void> {
  const docker = createDockerClient();
  if ((await docker.imageIds([NO_SHELL_IMAGE]))[NO_SHELL_IMAGE]) return;
  const dir = mkdtempSync(join(tmpdir(), 'stackfile-no-shell-image-'));
  try {
    copyFileSync('/bin/busybox', join(dir, 'busybox'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    await docker.buildImage({ context: dir, dockerfile: 'Dockerfile', args: {} }, NO_SHELL_IMAGE);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
