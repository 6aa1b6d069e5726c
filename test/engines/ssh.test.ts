import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateSshd, type PrivateSshd } from '../helpers/private-sshd';
import { projectContainers, projectsForFile } from '../helpers/project';
import { BIN, ensureBuilt, stackTraceLines } from '../helpers/run-stack.mjs';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from '../integration/stacks';

/**
 * DOCKER_HOST=ssh://user@host against a real sshd (the test's own, on 127.0.0.1, key login as a user in the docker
 * group): every daemon call
 * goes through `ssh ... docker system dial-stdio`, as with the docker CLI, over one shared ssh login.
 */
const project = projectsForFile();
let sshd: PrivateSshd;

beforeAll(async () => {
  await ensureBuilt();
  sshd = await startPrivateSshd();
});
afterAll(() => sshd?.stop());

/** The CLI over ssh; `input` goes to its stdin. */
function stack(args: string[], cwd: string, input = '', host = sshd.dockerHost) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', DOCKER_HOST: host, DOCKER_CONTEXT: '', PATH: `${sshd.binDir}:${process.env.PATH}` },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('DOCKER_HOST=ssh://', () => {
  it('up (with a health wait), plan, ps, logs, exec with piped stdin and down of a stack', () => {
    const name = project('ssh');
    const dir = writeStack(`{
  name: '${name}',
  services: {
    db: { image: '${TEST_IMAGE}', init: true, command: ['sh', '-c', 'echo db says hello; touch /ready; exec sleep 3600'], healthcheck: { test: 'test -f /ready', interval: '200ms', retries: 50 } },
    app: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], dependsOn: { db: 'healthy' } },
  },
}`);
    const up = stack(['up'], dir);
    expect(up.code, up.stderr).toBe(0);
    // Its ssh processes shared one login: the master's control socket, in the user's private folder, outlives
    // the command (ControlPersist) for the next one.
    const controls = join(tmpdir(), `stackfile-ssh-${process.getuid!()}`);
    expect(lstatSync(controls).mode & 0o777).toBe(0o700);
    expect(readdirSync(controls).map((f) => lstatSync(join(controls, f)).isSocket())).toContain(true);
    const plan = stack(['plan'], dir);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const ps = stack(['ps', '--json'], dir);
    expect(ps.code, ps.stderr).toBe(0);
    expect((JSON.parse(ps.stdout) as { service: string; state: string; health?: string }[]).map((c) => [c.service, c.state, c.health ?? ''])).toEqual([
      ['app', 'running', ''],
      ['db', 'running', 'healthy'],
    ]);
    expect(stack(['logs', 'db'], dir).stdout).toContain('db says hello');
    const exec = stack(['exec', '-T', 'app', 'sh', '-c', 'tr a-z A-Z; exit 3'], dir, 'piped over ssh\n');
    expect(exec.stdout).toBe('PIPED OVER SSH\n');
    expect(exec.code).toBe(3);
    const down = stack(['down'], dir);
    expect(down.code, down.stderr).toBe(0);
  }, 180_000);

  it('after down, nothing of the project is left on the daemon', async () => {
    // The previous test's project is cleaned by projectsForFile too; this checks down itself did it, over ssh.
    const name = project('ssh-down');
    const dir = writeStack(`{ name: '${name}', services: { a: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'] } } }`);
    expect(stack(['up'], dir).code).toBe(0);
    expect(await projectContainers(name)).toHaveLength(1);
    expect(stack(['down'], dir).code).toBe(0);
    expect(await projectContainers(name)).toEqual([]);
  });

  it('a host that refuses the key: what ssh said, and the command to try, exit 1', () => {
    const r = stack(['ps', '-p', 'any'], '/', '', `ssh://stackfile-nobody@127.0.0.1:${sshd.port}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach the Docker daemon at ssh://stackfile-nobody@127.0.0.1:${sshd.port} (ssh exited with code 255: stackfile-nobody@127.0.0.1: Permission denied (publickey)`);
    expect(r.stderr).toContain(`hint: check that \`ssh -p ${sshd.port} stackfile-nobody@127.0.0.1 docker version\` works`);
    expect(stackTraceLines(r.stderr)).toEqual([]);
  });
});
