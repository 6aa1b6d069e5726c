import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { runStack } from '../helpers/run-stack.mjs';
import { projectContainers, projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from './stacks';

const docker = new Docker();
const newProject = projectsForFile();

const twoServices = (name: string, opts: { internal?: boolean; volumeLabel?: string; message?: string } = {}) => `{
  name: '${name}',
  services: {
    a: { image: '${TEST_IMAGE}', init: true, command: ['sh', '-c', 'echo ${opts.message ?? 'first'}; exec sleep 3600'], networks: { inner: { aliases: ['alpha'] } }, volumes: ['keep:/keep'] },
    b: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], networks: ['inner'] },
  },
  networks: { inner: { internal: ${opts.internal ?? false} } },
  volumes: { keep: { labels: { purpose: '${opts.volumeLabel ?? 'data'}' } } },
}`;

describe('recreating networks and guarding volumes', () => {
  it('recreates a changed network and reconnects its containers with their aliases, keeping the containers', async () => {
    const name = newProject('it-net');
    const dir = writeStack(twoServices(name));
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    const before = await docker.getNetwork(`${name}_inner`).inspect();
    const aBefore = await docker.getContainer(`${name}-a-1`).inspect();

    writeStack(twoServices(name, { internal: true }), dir);
    const plan = await runStack(['plan'], { cwd: dir });
    expect(plan.stdout).toMatch(/recreate\s+network .*_inner\s+\(config changed\)/);
    expect(plan.stdout).toMatch(/internal: false .*→.* true/);
    const r = await runStack(['up'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);

    const after = await docker.getNetwork(`${name}_inner`).inspect();
    expect(after.Id).not.toBe(before.Id);
    expect(after.Internal).toBe(true);
    const aAfter = await docker.getContainer(`${name}-a-1`).inspect();
    expect(aAfter.Id).toBe(aBefore.Id);
    expect(aAfter.NetworkSettings.Networks[`${name}_inner`].Aliases).toEqual(expect.arrayContaining(['a', 'alpha']));
    // b still reaches a by its alias over the recreated network.
    const ping = await runStack(['exec', 'b', '--', 'ping', '-c', '1', '-W', '2', 'alpha'], { cwd: dir });
    expect(ping.code, ping.stdout + ping.stderr).toBe(0);
    expect((await runStack(['plan'], { cwd: dir })).code).toBe(0);
  });

  it('refuses to recreate a named volume whose config changed unless --recreate-volumes is given', async () => {
    const name = newProject('it-vol');
    const dir = writeStack(twoServices(name));
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    await runStack(['exec', 'a', '--', 'sh', '-c', 'echo precious > /keep/file'], { cwd: dir });

    writeStack(twoServices(name, { volumeLabel: 'other' }), dir);
    const refused = await runStack(['up'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/volume ".*_keep" config changed \(labels\.purpose\); recreating it deletes its data/);
    expect(refused.stderr).toMatch(/--recreate-volumes/);
    expect((await runStack(['exec', 'a', '--', 'cat', '/keep/file'], { cwd: dir })).stdout.trim()).toBe('precious');

    const forced = await runStack(['up', '--recreate-volumes'], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(0);
    const volume = await docker.getVolume(`${name}_keep`).inspect();
    expect(volume.Labels.purpose).toBe('other');
  });

  it('logs -f follows a service across a recreate', async () => {
    const name = newProject('it-follow');
    const dir = writeStack(twoServices(name));
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
    const follow = spawn(process.execPath, [bin, 'logs', '-f', 'a'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    follow.stdout.on('data', (d: Buffer) => (out += d));
    try {
      for (let i = 0; i < 50 && !out.includes('first'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(/^a\s+\| first$/m);
      writeStack(twoServices(name, { message: 'second' }), dir);
      expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
      for (let i = 0; i < 50 && !out.includes('second'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(/^a\s+\| second$/m);
    } finally {
      follow.kill('SIGINT');
    }
  });
});

describe('anonymous volumes', () => {
  it('keep their data across a recreate, declared in stack.ts or by the image, and go only with down --volumes', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const name = newProject('it-anon');
    const stack = (v: string) => `{ name: '${name}', services: { a: { build: './img', init: true, command: ['sleep', '3600'], volumes: ['/declared'], environment: { V: '${v}' } } } }`;
    const dir = writeStack(stack('1'));
    mkdirSync(join(dir, 'img'));
    writeFileSync(join(dir, 'img', 'Dockerfile'), `FROM ${TEST_IMAGE}\nVOLUME /from-image\n`);
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    const write = await runStack(['exec', 'a', '--', 'sh', '-c', 'echo one > /declared/f && echo two > /from-image/f'], { cwd: dir });
    expect(write.code, write.stderr).toBe(0);
    const before = await docker.getContainer(`${name}-a-1`).inspect();

    writeStack(stack('2'), dir);
    const r = await runStack(['up'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const after = await docker.getContainer(`${name}-a-1`).inspect();
    expect(after.Id).not.toBe(before.Id);
    expect((await runStack(['exec', 'a', '--', 'sh', '-c', 'cat /declared/f /from-image/f'], { cwd: dir })).stdout).toBe('one\ntwo\n');
    const volumes = after.Mounts.filter((m) => m.Type === 'volume').map((m) => m.Name).sort();
    expect(volumes).toEqual(before.Mounts.filter((m) => m.Type === 'volume').map((m) => m.Name).sort());

    expect((await runStack(['down'], { cwd: dir })).code).toBe(0);
    const exists = async (v: string) => docker.getVolume(v).inspect().then(() => true, () => false);
    expect(await Promise.all(volumes.map((v) => exists(v!)))).toEqual([true, true]);
    // down --volumes removes the project's named volumes; the kept anonymous ones are now dangling, so remove them here.
    await Promise.all(volumes.map((v) => docker.getVolume(v!).remove()));
    await docker.getImage(`${name}-a:latest`).remove({ force: true }).catch(() => undefined);
  });
});

describe('a replacement the daemon refuses to create', () => {
  it('leaves the old container running, reports the error, and the next good up recreates it', async () => {
    const name = newProject('it-refused');
    const stack = (cpus: number, message: string) => `{
  name: '${name}',
  services: { a: { image: '${TEST_IMAGE}', init: true, command: ['sh', '-c', 'echo ${message}; exec sleep 3600'], resources: { cpus: ${cpus} } } },
}`;
    const dir = writeStack(stack(0.5, 'first'));
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    const before = await docker.getContainer(`${name}-a-1`).inspect();

    // More CPUs than the machine has: valid in stack.ts, refused by the daemon at create, after the old container
    // was already asked to stop.
    writeStack(stack(4096, 'second'), dir);
    const refused = await runStack(['up'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/CPUs/);
    const kept = await docker.getContainer(`${name}-a-1`).inspect();
    expect(kept.Id).toBe(before.Id);
    expect(kept.State.Running).toBe(true);

    writeStack(stack(0.5, 'third'), dir);
    const r = await runStack(['up'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const after = await docker.getContainer(`${name}-a-1`).inspect();
    expect(after.Id).not.toBe(before.Id);
    expect(after.State.Running).toBe(true);
    const all = await projectContainers(name);
    expect(all.map((c) => c.Names[0])).toEqual([`/${name}-a-1`]);
  });
});
