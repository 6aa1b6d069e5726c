import Docker from 'dockerode';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectContainers, projectsForFile } from '../helpers/project';
import { freePort } from '../helpers/free-port';
import { EXAMPLES, runStack } from '../helpers/run-stack.mjs';

const docker = new Docker();
const project = projectsForFile();

describe('examples/three-tier, the offline example, on the real daemon', () => {
  const name = project('it-three-tier');
  // Not the example's 8088: `npm run example` (the README's step before `npm test`) may still hold it.
  let port = 0;
  const run = ([command, ...rest]: string[]) => runStack([command, '-p', name, '-f', join(EXAMPLES, 'three-tier'), ...rest], { env: { WEB_PORT: String(port) } });

  test('stack up brings db, api and web up in order; web answers on WEB_PORT (8088 by default); down keeps the named volume', async () => {
    port = await freePort();
    const up = run(['up']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain(`http://localhost:${port}`);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect((await res.text()).trim()).toBe('web in front of http://api:3000');
    // api fetched db's status once db was healthy, and web reaches api over the frontend network.
    expect(run(['exec', 'web', '--', 'wget', '-q', '-O', '-', 'http://api:3000/db-status']).stdout.trim()).toBe('ready');
    const [db, api] = await Promise.all(['db', 'api'].map((s) => docker.getContainer(`${name}-${s}-1`).inspect()));
    expect(db.State.Health?.Status).toBe('healthy');
    expect(Date.parse(api.State.StartedAt)).toBeGreaterThanOrEqual(Date.parse(db.State.Health!.Log!.find((l) => l.ExitCode === 0)!.End) - 50);

    const down = run(['down']);
    expect(down.code, down.stderr).toBe(0);
    expect(await projectContainers(name)).toEqual([]);
    expect((await docker.getVolume(`${name}_dbdata`).inspect()).Name).toBe(`${name}_dbdata`);
  });
});
