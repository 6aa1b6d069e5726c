/**
 * The Compose constructs `stack import` used to leave as TODOs (issue 16), on the real daemon: ulimits of -1, links,
 * an optional env file, dependsOn `restart: true` and `required: false`. Each is checked from inside the container or
 * by inspecting it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { runStack } from '../helpers/run-stack.mjs';
import { foldersForFile } from '../helpers/folders';
import { inContainer } from '../helpers/in-container';
import { TEST_IMAGE } from '../helpers/test-image';
import { projectsForFile } from '../helpers/project';

const docker = new Docker();
const project = projectsForFile();
const folder = foldersForFile('stackfile-it-compose-import');

const keysStack = (name: string, dbValue: string) => `import { defineStack } from 'stackfile';
export default defineStack({
  name: '${name}',
  services: {
    db: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], environment: { V: '${dbValue}' }, ulimits: { core: -1, nofile: { soft: 1024, hard: 4096 } } },
    api: {
      image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'],
      links: ['db:database'],
      envFile: ['./base.env', { path: './local.env', required: false }],
      dependsOn: { db: { condition: 'started', restart: true }, debug: { condition: 'started', required: false } },
    },
    debug: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], profiles: ['debug'] },
  },
});
`;

describe('Compose constructs import used to leave as TODOs, on the real daemon', () => {
  it('ulimits -1, links, an optional env file and dependsOn restart/required', async () => {
    const name = project('it-import-keys');
    const dir = folder({ 'stack.ts': keysStack(name, '1'), 'base.env': 'FROM_FILE=base\n' });
    const up = runStack(['up'], { cwd: dir });
    expect(up.code, up.stdout + up.stderr).toBe(0);

    // ulimits: -1 is RLIM_INFINITY, "unlimited" in the kernel's view of the process. (core rather than the usual
    // memlock: raising a limit above the daemon's own needs CAP_SYS_RESOURCE, which this machine's dockerd lacks.)
    const db = await docker.getContainer(`${name}-db-1`).inspect();
    expect(db.HostConfig.Ulimits).toEqual(expect.arrayContaining([{ Name: 'core', Soft: -1, Hard: -1 }, { Name: 'nofile', Soft: 1024, Hard: 4096 }]));
    const limits = await inContainer(`${name}-db-1`, ['cat', '/proc/1/limits']);
    expect(limits).toMatch(/Max core file size\s+unlimited\s+unlimited/);
    expect(limits).toMatch(/Max open files\s+1024\s+4096/);

    // links: the alias resolves from api only, to db's address.
    const api = await docker.getContainer(`${name}-api-1`).inspect();
    expect(api.NetworkSettings.Networks[`${name}_default`].Links).toEqual([`${name}-db-1:database`]);
    const dbIp = db.NetworkSettings.Networks[`${name}_default`].IPAddress;
    expect(await inContainer(`${name}-api-1`, ['nslookup', 'database', '127.0.0.11'])).toContain(`Address: ${dbIp}`);
    expect(await inContainer(`${name}-db-1`, ['nslookup', 'database', '127.0.0.11'])).toMatch(/NXDOMAIN|can't find/);

    // The optional env file is missing: skipped; the required one is read. debug is disabled and optional: ignored.
    expect(api.Config.Env).toContain('FROM_FILE=base');
    expect(api.Config.Labels['io.stackfile.depends-on']).toBe('db');

    // db recreated → api restarted in place (same container, started again), after db.
    const plan = runStack(['plan'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    writeStack(dir, keysStack(name, '2'));
    const replan = runStack(['plan'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(replan.stdout).toContain('restarts after db is recreated (dependsOn restart: true)');
    const again = runStack(['up'], { cwd: dir });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const api2 = await docker.getContainer(`${name}-api-1`).inspect();
    const db2 = await docker.getContainer(`${name}-db-1`).inspect();
    expect(api2.Id).toBe(api.Id);
    expect(Date.parse(api2.State.StartedAt)).toBeGreaterThan(Date.parse(api.State.StartedAt));
    expect(Date.parse(api2.State.StartedAt)).toBeGreaterThanOrEqual(Date.parse(db2.State.StartedAt));
    // The link follows the new db.
    expect(await inContainer(`${name}-api-1`, ['nslookup', 'database', '127.0.0.11'])).toContain(`Address: ${db2.NetworkSettings.Networks[`${name}_default`].IPAddress}`);

    expect(runStack(['down'], { cwd: dir }).code).toBe(0);
  });

  it('a required: false dependency that fails does not keep its dependent from starting', async () => {
    const name = project('it-import-optional');
    const dir = folder({ 'stack.ts': `import { defineStack } from 'stackfile';
export default defineStack({
  name: '${name}',
  services: {
    seed: { image: '${TEST_IMAGE}', command: ['sh', '-c', 'exit 3'] },
    // Running when its own wait looks, exited when api's does: up used to report it running and succeed.
    late: { image: '${TEST_IMAGE}', command: ['sh', '-c', 'sleep 0.5; exit 4'] },
    api: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], dependsOn: { seed: { condition: 'completed', required: false }, late: { condition: 'completed', required: false } } },
  },
});
` });
    const up = runStack(['up'], { cwd: dir });
    // seed and late themselves failed, and up says so; api started anyway.
    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toContain(`container ${name}-seed-1 exited with code 3`);
    expect(up.stdout + up.stderr).toContain(`container ${name}-late-1 exited with code 4`);
    expect((await docker.getContainer(`${name}-api-1`).inspect()).State.Running).toBe(true);
    expect(runStack(['down'], { cwd: dir }).code).toBe(0);
  });
});

function writeStack(dir: string, text: string): void {
  writeFileSync(join(dir, 'stack.ts'), text);
}
