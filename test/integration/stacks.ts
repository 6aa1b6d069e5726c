import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_IMAGE } from '../helpers/test-image';

/** Writes `stack.ts` with the given body into a fresh temp folder and returns the folder. */
export function writeStack(body: string, dir = mkdtempSync(join(tmpdir(), 'stackfile-it-'))): string {
  writeFileSync(join(dir, 'stack.ts'), `import { defineStack } from 'stackfile';\nexport default defineStack(${body});\n`);
  return dir;
}

/**
 * The acceptance stack: db with a healthcheck and a named volume, api depending on db being healthy (and sharing
 * the volume, so recreating api proves the data survives), web depending on api with a published port, a user
 * network. Every container runs the local busybox image under init so stops are instant.
 */
export function threeTier(project: string, opts: { logLevel?: string; withWorker?: boolean; dbHealth?: string } = {}): string {
  return `{
  name: '${project}',
  services: {
    db: {
      image: '${TEST_IMAGE}',
      init: true,
      command: ['sh', '-c', 'mkdir -p /data && touch /data/ready && exec httpd -f -p 5432 -h /data'],
      volumes: ['data:/data'],
      networks: ['backend'],
      healthcheck: { test: ${JSON.stringify(opts.dbHealth ?? 'test -f /data/ready')}, interval: '300ms', timeout: '2s', retries: 3 },
    },
    api: {
      image: '${TEST_IMAGE}',
      init: true,
      command: ['httpd', '-f', '-p', '8080'],
      environment: { LOG_LEVEL: '${opts.logLevel ?? 'info'}' },
      volumes: ['data:/shared'],
      dependsOn: { db: 'healthy' },
      networks: ['backend', 'default'],
    },
    web: {
      image: '${TEST_IMAGE}',
      init: true,
      command: ['httpd', '-f', '-p', '80'],
      ports: ['80'],
      dependsOn: ['api'],
    },${opts.withWorker ? `
    worker: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'] },` : ''}
  },
  volumes: { data: {} },
  networks: { backend: {} },
}`;
}
