import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { up } from '../../src/api';
import { isUserError, type UserError } from '../../src/errors';
import { runStack } from '../helpers/run-stack.mjs';
import { projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from './stacks';

// Edge cases of convergence found in review, each reproduced against the real daemon: every one of them used to
// leave a project that the next `up` could not converge, or a process that did not exit.
const docker = new Docker();
const project = projectsForFile();
const svc = (extra = '') => `{ image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600']${extra ? `, ${extra}` : ''} }`;
const label = (name: string) => ({ label: [`io.stackfile.project=${name}`] });

describe('convergence edge cases', () => {
  it('removes a network dropped from stack.ts only after the container recreated off it is gone', async () => {
    const name = project('it-dropnet');
    const dir = writeStack(`{ name: '${name}', services: { a: ${svc("networks: ['extra', 'default']")} }, networks: { extra: {} } }`);
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    writeStack(`{ name: '${name}', services: { a: ${svc()} } }`, dir);
    const r = await runStack(['up'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect((await docker.listNetworks({ filters: label(name) })).map((n) => n.Name)).toEqual([`${name}_default`]);
    expect((await runStack(['plan'], { cwd: dir })).code).toBe(0);
  });

  it('converges after a recreate was interrupted with only the temp-named replacement left', async () => {
    const name = project('it-temp');
    const dir = writeStack(`{ name: '${name}', services: { a: ${svc("environment: { V: '1' }")} } }`);
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    // What an interrupted recreate leaves when it stopped between removing the old container and the rename.
    await docker.getContainer(`${name}-a-1`).rename({ name: `${name}-a-1-stackfile-new` });
    const plan = await runStack(['plan'], { cwd: dir });
    expect(plan.stdout).toMatch(/recreate\s+container .*-a-1\s+\(named .*-a-1-stackfile-new/);
    const r = await runStack(['up'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const names = (await docker.listContainers({ all: true, filters: label(name) })).map((c) => c.Names[0]);
    expect(names).toEqual([`/${name}-a-1`]);
  });

  it('reconnects containers outside a scoped up to a network it recreated', async () => {
    const name = project('it-scope');
    const stack = (internal: boolean) => `{ name: '${name}', services: { a: ${svc("networks: ['inner']")}, b: ${svc("networks: ['inner']")} }, networks: { inner: { internal: ${internal} } } }`;
    const dir = writeStack(stack(false));
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    writeStack(stack(true), dir);
    expect((await runStack(['up', 'a'], { cwd: dir })).code).toBe(0);
    const b = await docker.getContainer(`${name}-b-1`).inspect();
    expect(Object.keys(b.NetworkSettings.Networks)).toEqual([`${name}_inner`]);
    expect((await runStack(['exec', 'b', '--', 'ping', '-c', '1', '-W', '2', 'a'], { cwd: dir })).code).toBe(0);
  });

  it('recreates a volume and a network in one run when a container uses both', async () => {
    const name = project('it-both');
    const stack = (v: string) => `{ name: '${name}', services: { a: ${svc("networks: ['inner'], volumes: ['data:/data']")} }, networks: { inner: { labels: { v: '${v}' } } }, volumes: { data: { labels: { v: '${v}' } } } }`;
    const dir = writeStack(stack('1'));
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    writeStack(stack('2'), dir);
    const r = await runStack(['up', '--recreate-volumes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect((await docker.getVolume(`${name}_data`).inspect()).Labels.v).toBe('2');
    expect((await docker.getNetwork(`${name}_inner`).inspect()).Labels?.v).toBe('2');
    expect((await runStack(['plan'], { cwd: dir })).code).toBe(0);
  });

  it('returns promptly when one replica fails while its sibling is still waiting to be healthy', async () => {
    const name = project('it-sibling');
    // The replicas race for a lock in a shared volume: the loser exits 1 at once, the winner stays unhealthy.
    const dir = writeStack(`{ name: '${name}', services: { a: { image: '${TEST_IMAGE}', init: true, replicas: 2, volumes: ['lock:/lock'],
      command: ['sh', '-c', 'mkdir /lock/taken || exit 1; exec sleep 3600'], healthcheck: { test: 'false', interval: '1s', retries: 1000 } } },
      volumes: { lock: {} } }`);
    const started = Date.now();
    const r = await runStack(['up', '--wait-timeout', '60'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exited with code 1/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('reports an abort before anything started as an interruption (exit 130), not an internal error', async () => {
    const name = project('it-abort');
    const controller = new AbortController();
    controller.abort();
    const err = await up({ name, services: { a: { image: TEST_IMAGE, command: ['sleep', '3600'] } } }, { signal: controller.signal }).catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as UserError).exitCode).toBe(130);
  });

  it('down finishes when depends-on labels form a cycle', async () => {
    const name = project('it-labelcycle');
    const dir = writeStack(`{ name: '${name}', services: { a: ${svc("dependsOn: ['b']")}, b: ${svc()} } }`);
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    // dependsOn changes recreate nothing, so b recreated for another reason now says b → a while a still says a → b.
    writeStack(`{ name: '${name}', services: { a: ${svc()}, b: ${svc("dependsOn: ['a'], environment: { X: '1' }")} } }`, dir);
    expect((await runStack(['up'], { cwd: dir })).code).toBe(0);
    const labels = (await docker.listContainers({ filters: label(name) })).map((c) => `${c.Labels['io.stackfile.service']}:${c.Labels['io.stackfile.depends-on']}`).sort();
    expect(labels).toEqual(['a:b', 'b:a']);
    const r = await runStack(['down', '-t', '1'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(await docker.listContainers({ all: true, filters: label(name) })).toEqual([]);
  });
});
