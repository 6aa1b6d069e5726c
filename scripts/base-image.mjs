// Builds the 1 MB busybox image the examples and benchmarks run. This machine reaches no image registry, so the
// image is made FROM scratch out of the host's static busybox (Debian: busybox-static). On a machine with a
// registry you would use public images instead.
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
export const BASE_IMAGE = 'stackfile-test/busybox:latest';

export async function ensureBaseImage() {
  const { createDockerClient } = require('../dist/docker/connect.js');
  const docker = createDockerClient();
  if ((await docker.imageIds([BASE_IMAGE]))[BASE_IMAGE]) return;
  if (!existsSync('/bin/busybox')) throw new Error('/bin/busybox is missing: apt-get install busybox-static');
  const dir = mkdtempSync(join(tmpdir(), 'stackfile-base-'));
  try {
    copyFileSync('/bin/busybox', join(dir, 'busybox'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n');
    await docker.buildImage({ context: dir, dockerfile: 'Dockerfile', args: {} }, BASE_IMAGE);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
