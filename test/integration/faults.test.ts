import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { runStackAsync, stackTraceLines } from '../helpers/run-stack.mjs';
import { projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from './stacks';

// The fault suite: `up` killed (SIGKILL, through the apply core's fault hook STACKFILE_FAULT=after:<step>) at each
// step where dying is worst, then the next `up` must converge: the data written into the named volume before is
// still there, nothing is left over (no temp-named container, no stray network or volume, no lock), and `plan`
// finds nothing to do. Deterministic: the process dies at the named step, not after a guessed delay.
const docker = new Docker();
const project = projectsForFile();
const label = (name: string) => ({ label: [`io.stackfile.project=${name}`] });

/** One service with data in a named volume, on a user network; `v` changes what the step under test changes. */
function stack(name: string, v: { env?: string; network?: string; extraVolumes?: number }): string {
  const extra = Array.from({ length: v.extraVolumes ?? 0 }, (_, i) => `extra${i}`);
  return `{
  name: '${name}',
  services: {
    a: {
      image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'],
      environment: { V: '${v.env ?? '1'}' },
      volumes: ['data:/data'${extra.map((e) => `, '${e}:/${e}'`).join('')}],
      networks: ['inner'],
    },
  },
  volumes: { data: {}${extra.map((e) => `, ${e}: {}`).join('')} },
  networks: { inner: { labels: { v: '${v.network ?? '1'}' } } },
}`;
}

interface Case {
  step: string;
  /** What the killed `up` is asked to change. */
  change: { env?: string; network?: string; extraVolumes?: number };
}

const cases: Case[] = [
  { step: 'create-new', change: { env: '2' } },
  { step: 'stop-old', change: { env: '2' } },
  { step: 'remove-old', change: { env: '2' } },
  { step: 'rename', change: { env: '2' } },
  { step: 'network-remove', change: { network: '2' } },
  { step: 'volume-create', change: { extraVolumes: 3 } },
];

describe.concurrent('an up killed at each step of the apply core converges on the next up', () => {
  it.each(cases)('killed after $step', async ({ step, change }) => {
    const name = project(`it-fault-${step}`);
    const dir = writeStack(stack(name, {}));
    const first = await runStackAsync(['up'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const write = await runStackAsync(['exec', 'a', '--', 'sh', '-c', 'echo precious > /data/file'], { cwd: dir });
    expect(write.code, write.stderr).toBe(0);

    writeStack(stack(name, change), dir);
    const killed = await runStackAsync(['up'], { cwd: dir, env: { STACKFILE_FAULT: `after:${step}` } });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(killed.stderr).toContain(`STACKFILE_FAULT: killed after ${step}`);

    const next = await runStackAsync(['up'], { cwd: dir });
    expect(next.code, next.stderr).toBe(0);
    expect(stackTraceLines(next.stderr)).toEqual([]);

    // 0 data lost.
    const read = await runStackAsync(['exec', 'a', '--', 'cat', '/data/file'], { cwd: dir });
    expect(read.stdout.trim(), read.stderr).toBe('precious');
    // The change was applied.
    const a = await docker.getContainer(`${name}-a-1`).inspect();
    expect(a.State.Status).toBe('running');
    expect(a.Config.Env).toContain(`V=${change.env ?? '1'}`);
    expect((await docker.getNetwork(`${name}_inner`).inspect()).Labels?.v).toBe(change.network ?? '1');
    expect(Object.keys(a.NetworkSettings.Networks)).toEqual([`${name}_inner`]);
    // 0 leftovers: exactly the stack's objects, and no lock.
    expect((await docker.listContainers({ all: true, filters: label(name) })).map((c) => c.Names[0])).toEqual([`/${name}-a-1`]);
    expect((await docker.listNetworks({ filters: label(name) })).map((n) => n.Name)).toEqual([`${name}_inner`]);
    const volumes = ((await docker.listVolumes({ filters: label(name) })).Volumes ?? []).map((v) => v.Name).sort();
    expect(volumes).toEqual([`${name}_data`, ...Array.from({ length: change.extraVolumes ?? 0 }, (_, i) => `${name}_extra${i}`)].sort());
    expect(((await docker.listVolumes({ filters: { name: [`stackfile-lock.${name}`] } })).Volumes ?? []).map((v) => v.Name)).toEqual([]);
    // And nothing left to do.
    const plan = await runStackAsync(['plan'], { cwd: dir });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  }, 180_000); // five CLI runs each, side by side: minutes on a busy 2-core machine
});
