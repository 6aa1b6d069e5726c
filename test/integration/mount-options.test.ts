/**
 * A mount's SELinux option and nocopy on the real daemon (Engine 20.10 takes `:ro,Z` in Binds whether or not SELinux
 * is on; where it is off the relabel does nothing, so this checks what the daemon was asked and kept): each reaches
 * the container, `plan` right after `up` has nothing to do, and a changed option recreates the container.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { runStack } from '../helpers/run-stack.mjs';
import { foldersForFile } from '../helpers/folders';
import { inContainer } from '../helpers/in-container';
import { projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';

const docker = new Docker();
const project = projectsForFile();
const folder = foldersForFile('stackfile-it-mount-options');

const mountsStack = (name: string, confOption: string) => `import { defineStack } from 'stackfile';
export default defineStack({
  name: '${name}',
  services: {
    a: {
      image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'],
      volumes: [
        './conf:/conf:ro,${confOption}',
        'data:/data:z',
        { type: 'bind', source: './conf', target: '/conf2', bind: { selinux: 'z' } },
        { type: 'volume', source: 'fresh', target: '/etc', volume: { nocopy: true } },
      ],
    },
    // The same volume without nocopy, for contrast: the daemon fills it with the image's /etc.
    b: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], volumes: ['filled:/etc'] },
  },
  volumes: { data: {}, fresh: {}, filled: {} },
});
`;

describe('mount options on the real daemon', () => {
  it('z/Z reach Binds, nocopy leaves a volume empty, and changing an option recreates the container', async () => {
    const name = project('it-mount-options');
    const dir = folder({ 'stack.ts': mountsStack(name, 'Z'), 'conf/app.conf': 'x=1\n' });
    const up = runStack(['up'], { cwd: dir });
    expect(up.code, up.stdout + up.stderr).toBe(0);

    const a = await docker.getContainer(`${name}-a-1`).inspect();
    expect(a.HostConfig.Binds).toEqual([`${dir}/conf:/conf:ro,Z`, `${name}_data:/data:z`, `${dir}/conf:/conf2:z`]);
    expect(a.HostConfig.Mounts).toEqual([{ Type: 'volume', Source: `${name}_fresh`, Target: '/etc', VolumeOptions: { NoCopy: true } }]);
    const byTarget = Object.fromEntries(a.Mounts.map((m) => [m.Destination, m]));
    expect(byTarget['/conf']).toMatchObject({ Type: 'bind', Mode: 'ro,Z', RW: false });
    expect(byTarget['/data']).toMatchObject({ Type: 'volume', Name: `${name}_data`, Mode: 'z', RW: true });
    expect(await inContainer(`${name}-a-1`, ['cat', '/conf/app.conf'])).toContain('x=1');
    // nocopy: only what the daemon itself puts in /etc (hosts, hostname, resolv.conf); the image's mtab is not copied.
    expect(await inContainer(`${name}-a-1`, ['ls', '/etc'])).not.toMatch(/mtab/);
    expect(await inContainer(`${name}-b-1`, ['ls', '/etc'])).toMatch(/mtab/);

    const config = runStack(['config'], { cwd: dir });
    expect(config.stdout).toContain(`- ${dir}/conf:/conf:ro,Z`);
    const noChanges = runStack(['plan'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(noChanges.code, noChanges.stdout + noChanges.stderr).toBe(0);
    expect(noChanges.stdout).not.toMatch(/recreate/);

    writeFileSync(join(dir, 'stack.ts'), mountsStack(name, 'z'));
    const replan = runStack(['plan'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(replan.stdout).toMatch(/recreate/);
    expect(replan.stdout).toContain(`/conf:ro,Z`);
    expect(replan.stdout).toContain(`/conf:ro,z`);
    const again = runStack(['up'], { cwd: dir });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const a2 = await docker.getContainer(`${name}-a-1`).inspect();
    expect(a2.Id).not.toBe(a.Id);
    expect(a2.HostConfig.Binds?.[0]).toBe(`${dir}/conf:/conf:ro,z`);

    expect(runStack(['down', '--volumes'], { cwd: dir }).code).toBe(0);
  });
});
