import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port';
import { startPodmanService, type PodmanService } from '../helpers/podman-service';
import { BIN, ensureBuilt, stackTraceLines } from '../helpers/run-stack.mjs';
import { TEST_IMAGE } from '../helpers/test-image';
import { uniqueProject } from '../helpers/project';
import { writeStack } from '../integration/stacks';

/**
 * Podman's Docker-compatible API (Debian's podman 4.3, a service of the test's own): the everyday commands work,
 * and health-gated startup works although Podman itself runs no healthcheck without systemd (stackfile runs them
 * while it waits, see src/docker/podman-health.ts).
 */
let podman: PodmanService;

beforeAll(async () => {
  await ensureBuilt();
  podman = await startPodmanService();
}, 120_000);
afterAll(() => podman?.stop(), 120_000);

/** `docker save`'s output as a file for `podman load -i`. */
function writeTar(dir: string, bytes: Buffer): string {
  const file = join(dir, 'image.tar');
  writeFileSync(file, bytes);
  return file;
}

function stack(args: string[], cwd: string, input = '') {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, NO_COLOR: '1', DOCKER_HOST: podman.dockerHost, DOCKER_CONTEXT: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('Podman', () => {
  it('up waits for health (dependsOn healthy), then plan, ps with health, logs, exec with piped stdin, a published port, down', async () => {
    const name = uniqueProject('podman');
    const port = await freePort();
    const dir = writeStack(`{
  name: '${name}',
  services: {
    db: {
      image: '${TEST_IMAGE}', init: true,
      command: ['sh', '-c', 'echo db starting; sleep 1; touch /ready; echo ok > /www; exec httpd -f -p 8080 -h /'],
      healthcheck: { test: 'test -f /ready', interval: '300ms', retries: 30 },
      ports: ['127.0.0.1:${port}:8080'],
    },
    app: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], dependsOn: { db: 'healthy' } },
  },
}`);
    const up = stack(['up', '--wait-timeout', '60'], dir);
    expect(up.code, up.stderr).toBe(0);
    // Podman recorded the health stackfile's checks found, and app started only after db was healthy.
    const inspect = (c: string) => JSON.parse(podman.podman('inspect', c))[0] as { State: { Health?: { Status: string; Log?: { End: string; ExitCode: number }[] }; StartedAt: string } };
    const db = inspect(`${name}-db-1`);
    expect(db.State.Health?.Status).toBe('healthy');
    const firstPass = db.State.Health!.Log!.find((l) => l.ExitCode === 0)!;
    expect(Date.parse(inspect(`${name}-app-1`).State.StartedAt)).toBeGreaterThanOrEqual(Date.parse(firstPass.End) - 50);

    const plan = stack(['plan'], dir);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes');
    const ps = stack(['ps', '--json'], dir);
    expect(ps.code, ps.stderr).toBe(0);
    expect((JSON.parse(ps.stdout) as { service: string; state: string }[]).map((c) => `${c.service} ${c.state}`)).toEqual(['app running', 'db running']);
    // Podman's list carries no health: stackfile inspects the one container with a healthcheck (db) for it.
    expect((JSON.parse(ps.stdout) as { service: string; health: string }[]).map((c) => `${c.service}:${c.health}`)).toEqual(['app:', 'db:healthy']);
    const table = stack(['ps'], dir);
    expect(table.stdout).toMatch(new RegExp(`${name}-db-1 .*Up .*\\(healthy\\)`));
    expect(table.stdout.split('\n').find((l) => l.startsWith(`${name}-app-1`))).not.toContain('health');
    expect(stack(['logs', 'db'], dir).stdout).toContain('db starting');
    const exec = stack(['exec', '-T', 'app', 'sh', '-c', 'tr a-z A-Z; exit 4'], dir, 'through podman\n');
    expect(exec.stdout).toBe('THROUGH PODMAN\n');
    expect(exec.code).toBe(4);
    const page = await fetch(`http://127.0.0.1:${port}/www`).then((r) => r.text());
    expect(page).toBe('ok\n');

    const down = stack(['down'], dir);
    expect(down.code, down.stderr).toBe(0);
    expect(podman.podman('ps', '-a', '--filter', `label=io.stackfile.project=${name}`, '--format', '{{.Names}}').trim()).toBe('');
  }, 180_000);

  it("ps shows the health of a HEALTHCHECK that comes from the image (the list has none, nor the applied spec)", () => {
    const name = uniqueProject('podman-imagehc');
    const image = `${name}-hc:1`;
    const context = writeStack('{ services: {} }');
    writeFileSync(join(context, 'Dockerfile'), `FROM ${TEST_IMAGE}\nHEALTHCHECK --interval=300ms CMD true\n`);
    const built = spawnSync('docker', ['build', '-q', '-t', image, context], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    const saved = spawnSync('docker', ['save', image], { maxBuffer: 64 << 20 });
    spawnSync('docker', ['rmi', image], { stdio: 'ignore' });
    // Podman names a loaded image localhost/NAME and resolves the short name to it.
    podman.podman('load', '-q', '-i', writeTar(context, saved.stdout));
    const dir = writeStack(`{ name: '${name}', services: { web: { image: '${image}', init: true, command: ['sleep', '3600'] } } }`);
    try {
      const up = stack(['up'], dir);
      expect(up.code, up.stderr).toBe(0);
      // The first ps may run the check (it is due as soon as the container started) or find it starting.
      let health = '';
      for (let i = 0; i < 20 && health !== 'healthy'; i++) {
        const ps = stack(['ps', '--json'], dir);
        expect(ps.code, ps.stderr).toBe(0);
        health = (JSON.parse(ps.stdout) as { health: string }[])[0].health;
        expect(['starting', 'healthy']).toContain(health);
      }
      expect(health).toBe('healthy');
      expect(stack(['ps'], dir).stdout).toMatch(new RegExp(`${name}-web-1 .*Up .*\\(healthy\\)`));
    } finally {
      stack(['down'], dir);
    }
  }, 180_000);

  it('a healthcheck that keeps failing makes up fail with "is unhealthy" after its retries, not wait out the timeout', () => {
    const name = uniqueProject('podman-sick');
    const dir = writeStack(`{
  name: '${name}',
  services: { db: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], healthcheck: { test: 'exit 1', interval: '200ms', retries: 2 } } },
}`);
    try {
      const up = stack(['up', '--wait-timeout', '60'], dir);
      expect(up.code).toBe(1);
      expect(up.stderr).toContain('is unhealthy');
      expect(up.stderr).not.toContain('after 60s');
      expect(stackTraceLines(up.stderr)).toEqual([]);
    } finally {
      stack(['down'], dir);
    }
  }, 180_000);
});
