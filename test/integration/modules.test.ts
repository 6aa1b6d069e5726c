import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { installModuleFixture } from '../helpers/module-fixture';
import { projectContainers, projectsForFile } from '../helpers/project';
import { ensureBuilt, runStack } from '../helpers/run-stack.mjs';

const docker = new Docker();
const project = projectsForFile();

beforeAll(ensureBuilt);

describe('a stack built from modules of another repo, on the real daemon', () => {
  const name = project('it-modules');
  let root: string;
  let consumer: string;
  const run = ([command, ...rest]: string[]) => runStack([command, '-p', name, ...rest], { cwd: consumer });
  const exec = (service: string, cmd: string) => run(['exec', service, '--', 'sh', '-c', cmd]).stdout.trim();

  beforeAll(() => {
    root = realpathSync(installModuleFixture('link'));
    consumer = join(root, 'consumer');
  });
  afterAll(async () => {
    await docker.getImage(`${name}-web`).remove({ force: true }).catch(() => undefined);
  });

  test("stack up builds and mounts from the module's repo, and wires the consumer's service through its outputs", () => {
    const up = run(['up']);
    expect(up.code, up.stderr).toBe(0);
    // The client waited for web to be healthy, then fetched it by the URL the module handed out.
    expect(exec('client', 'cat /page')).toBe(readFileSync(join(root, 'second-repo', 'content', 'index.html'), 'utf8').trim());
    // Build context, env file and secret file all came from the second repo.
    expect(exec('web', 'cat /etc/motd')).toBe('built from the second repo');
    expect(exec('web', 'echo "$FROM_ENV_FILE $TOKEN $GREETING"')).toBe('second-repo token-from-second-repo hello from the consumer');
    // The ESM-only package's bind mount is its own folder.
    expect(exec('echo', 'cat /srv/echo.txt')).toBe('echo from the esm package');
  });

  test('both instances of one module run side by side, each with its own volume', async () => {
    const containers = await docker.listContainers({ filters: { label: [`io.stackfile.project=${name}`] } });
    expect(containers.map((c) => c.Names[0].slice(1)).sort()).toEqual([`${name}-cache-a-1`, `${name}-cache-b-1`, `${name}-client-1`, `${name}-echo-1`, `${name}-web-1`]);
    const [a, b] = await Promise.all(['cache-a', 'cache-b'].map((s) => docker.getContainer(`${name}-${s}-1`).inspect()));
    expect(a.Mounts.map((m) => m.Name)).toEqual([`${name}_cache-a-data`]);
    expect(b.Mounts.map((m) => m.Name)).toEqual([`${name}_cache-b-data`]);
  });

  test('a second up keeps every container, and down removes them', async () => {
    const ids = async () => (await docker.listContainers({ filters: { label: [`io.stackfile.project=${name}`] } })).map((c) => c.Id).sort();
    const before = await ids();
    const again = run(['up']);
    expect(again.code, again.stderr).toBe(0);
    expect(await ids()).toEqual(before);
    const down = run(['down', '--volumes']);
    expect(down.code, down.stderr).toBe(0);
    expect(await projectContainers(name)).toEqual([]);
  });
});
