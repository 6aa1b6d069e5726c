/**
 * What stack does on a node's own engine, on the real two-node swarm: exec into a task wherever swarm placed it,
 * and `down --volumes` removing every node's copy of a named volume. The harness labels the worker node with where
 * its engine answers (com.stackfile.docker-host), as a cluster's admin would; without that label stack names the
 * node and says how to reach it. Swarm picks the nodes: the tests find each task's node, never assume one.
 */
import { execFileSync } from 'node:child_process';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { NODE_ENGINE_LABEL, WORKER_HOST } from '../../scripts/local-swarm.mjs';
import { freePort } from '../helpers/free-port';
import { ensureBuilt, runStack, runStackAsync, stackTraceLines } from '../helpers/run-stack.mjs';
import { manager, STACK_NAMESPACE, useSwarm, worker } from '../helpers/swarm';
import { writeStack } from '../integration/stacks';
import { runningTasks } from './swarm-stack';

const swarm = useSwarm();

/** The stack's volumes on each node, by node. */
async function volumesByNode(project: string): Promise<{ manager: string[]; worker: string[] }> {
  const list = async (node: Docker) => ((await node.listVolumes({ filters: { label: [`${STACK_NAMESPACE}=${project}`] } })).Volumes ?? []).map((v) => v.Name).sort();
  return { manager: await list(manager), worker: await list(worker) };
}

/** Runs `fn` with the worker's engine label removed (as on a cluster whose admin never set it), then puts it back. */
async function withoutWorkerLabel<T>(fn: () => Promise<T>): Promise<T> {
  const id = (await worker.info()).Swarm.NodeID as string;
  execFileSync('docker', ['node', 'update', '--label-rm', NODE_ENGINE_LABEL, id]);
  try {
    return await fn();
  } finally {
    execFileSync('docker', ['node', 'update', '--label-add', `${NODE_ENGINE_LABEL}=${WORKER_HOST}`, id]);
  }
}

describe('a task or volume on another node', () => {
  it('exec reaches the task on either node; down --volumes removes the volume on both, or names the node it cannot reach', async () => {
    await ensureBuilt();
    const { baseImage } = swarm.cluster();
    const project = swarm.newProject('sw-nodes');
    const port = await freePort();
    // Two replicas, one per node, each writing into its node's copy of the named volume `cache`. The shared host
    // port (mode host: each node publishes it) is valid only on swarm: --target swarm must count as target: 'swarm'.
    const dir = writeStack(`{
      name: '${project}',
      services: {
        web: {
          image: '${baseImage}', init: true, replicas: 2,
          command: ['sh', '-c', 'hostname > /cache/written-by; mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www'],
          volumes: ['cache:/cache'],
          ports: [{ target: 8080, published: ${port}, mode: 'host' }],
          healthcheck: { test: ['CMD-SHELL', 'wget -q -O - http://127.0.0.1:8080/ >/dev/null'], interval: '500ms', timeout: '2s', retries: 20 },
          deploy: { endpointMode: 'dnsrr', placement: { preferences: [{ spread: 'node.id' }] } },
        },
      },
      volumes: { cache: {} },
    }`);
    const up = await runStackAsync(['up', '--target', 'swarm'], { cwd: dir });
    expect(up.code, up.stdout + up.stderr).toBe(0);

    const tasks = await runningTasks(project, 'web');
    expect(tasks.length).toBe(2);
    const workerId = (await worker.info()).Swarm.NodeID as string;
    const onWorker = tasks.find((t) => t.NodeID === workerId);
    const onManager = tasks.find((t) => t.NodeID !== workerId);
    // spread: one task per node (asserted, since the rest of the test depends on it).
    expect([!!onWorker, !!onManager]).toEqual([true, true]);

    // ps reads each task's health from its own node's engine.
    const ps = await runStackAsync(['ps', '--target', 'swarm', '--json'], { cwd: dir });
    expect(ps.code, ps.stderr).toBe(0);
    const running = (JSON.parse(ps.stdout) as { node: string; desired: string; health?: string }[]).filter((r) => r.desired === 'running');
    expect(running.map((r) => [r.node === 'stackfile-worker', r.health]).sort()).toEqual([[false, 'healthy'], [true, 'healthy']]);

    for (const [task, engine] of [[onWorker!, worker], [onManager!, manager]] as const) {
      const containerId = (task.Status as { ContainerStatus?: { ContainerID?: string } }).ContainerStatus!.ContainerID!;
      const hostname = (await engine.getContainer(containerId).inspect()).Config.Hostname;
      // Stdin is forwarded to a task on another node too.
      const r = runStack(['exec', '--target', 'swarm', '-T', '--index', String(task.Slot), 'web', 'sh', '-c', 'cat; hostname; cat /cache/written-by'], { cwd: dir, input: 'from stdin\n' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`from stdin\n${hostname}\n${hostname}\n`);
    }

    // Without the label, the worker's task is out of reach: the error names the node and how to label it.
    await withoutWorkerLabel(async () => {
      const r = runStack(['exec', '--target', 'swarm', '--index', String(onWorker!.Slot), 'web', 'true'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`runs on node stackfile-worker`);
      expect(r.stderr).toContain(`docker node update --label-add ${NODE_ENGINE_LABEL}=`);
      expect(stackTraceLines(r.stderr)).toEqual([]);
    });

    // Each node made its own copy of the volume.
    expect(await volumesByNode(project)).toEqual({ manager: [`${project}_cache`], worker: [`${project}_cache`] });
    // down --volumes with the worker out of reach: the manager's copy goes, the worker's stays, and down says so (exit 1).
    const partial = await withoutWorkerLabel(() => runStackAsync(['down', '--target', 'swarm', '--volumes'], { cwd: dir }));
    expect(partial.code, partial.stdout + partial.stderr).toBe(1);
    expect(partial.stderr).toMatch(/named volumes on node stackfile-worker \(10\.213\.7\.2\) were not removed/);
    expect(stackTraceLines(partial.stderr)).toEqual([]);
    expect(await volumesByNode(project)).toEqual({ manager: [], worker: [`${project}_cache`] });
    expect(await manager.listServices({ filters: { label: [`${STACK_NAMESPACE}=${project}`] } })).toEqual([]);

    // With the label back, down --volumes reaches the worker and removes its copy.
    const down = await runStackAsync(['down', '--target', 'swarm', '--volumes'], { cwd: dir });
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(down.stdout).toContain(`1 volume`);
    expect(await volumesByNode(project)).toEqual({ manager: [], worker: [] });
  }, 300_000);

  it('a worker node\'s engine is not a manager: up --target swarm through it says so and where to point DOCKER_HOST, exit 1, nothing deployed', async () => {
    await ensureBuilt();
    const { baseImage } = swarm.cluster();
    const project = swarm.newProject('sw-onworker');
    const dir = writeStack(`{ name: '${project}', services: { web: { image: '${baseImage}' } } }`);
    const r = await runStackAsync(['up', '--target', 'swarm'], { cwd: dir, env: { DOCKER_HOST: WORKER_HOST } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain(`the Docker engine at ${WORKER_HOST} is a swarm worker`);
    expect(r.stderr).toContain('point DOCKER_HOST at a manager');
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(await manager.listServices({ filters: { label: [`${STACK_NAMESPACE}=${project}`] } })).toEqual([]);
    expect(((await worker.listVolumes()).Volumes ?? []).filter((v) => v.Name.includes(project))).toEqual([]);
  }, 120_000);
});
