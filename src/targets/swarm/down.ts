import { lockProject } from '../../apply/lock';
import type { DockerClient } from '../../docker/client';
import type { SwarmClient } from '../../docker/swarm-client';
import { dependentsOf, schedule } from '../../graph/schedule';
import type { TargetDownOptions, TargetDownResult } from '../target';
import type { SwarmNode } from '../../docker/swarm-actual';
import { STACK_LABEL } from './labels';
import { nodeEngine, nodeName, type OpenEngine } from './node-engines';
import { requireManager } from './not-a-manager';

/** How long `down` waits for a removed service's tasks to go before it moves on. */
const TASKS_GONE_MS = 60_000;

/**
 * `stack down` on a swarm, from labels alone: services (dependents first, each one's tasks gone before what it
 * depends on goes), then the stack's networks, secrets and configs. Named volumes only with `volumes`: each node
 * has its own copy, so every node's engine that stack can reach (node-engines.ts) is asked; a node it cannot reach
 * is a problem naming the node and how to reach it, and its copies stay.
 */
export async function downSwarm(project: string, docker: DockerClient, swarm: SwarmClient, o: TargetDownOptions, open?: OpenEngine): Promise<TargetDownResult> {
  const info = await swarm.info();
  requireManager(info);
  const say = o.onProgress ?? (() => {});
  const release = await lockProject(docker, project);
  try {
    const services = await swarm.services(project);
    const byName = new Map(services.map((s) => [s.service, s]));
    const names = [...new Set([...byName.keys(), ...Object.keys(o.dependsOn ?? {})])];
    const edges = Object.fromEntries(names.map((n) => [n, o.dependsOn?.[n] ?? byName.get(n)?.dependsOn ?? []]));
    const removed = schedule(names, dependentsOf(edges), async (name) => {
      const s = byName.get(name);
      if (!s) return;
      await swarm.removeService(s.id);
      say(`removed service ${s.name}`);
      const deadline = Date.now() + TASKS_GONE_MS;
      // The manager answers "not found" once it has dropped the service's tasks too.
      while ((await swarm.tasks([s.id]).catch(() => [])).length && Date.now() < deadline) await sleep(250);
    });
    await Promise.all(removed.values());

    const [networks, secrets, configs] = await Promise.all([docker.listNetworks(project), swarm.secrets(project), swarm.configs(project)]);
    // A task's container on another node lets go of the network a moment after the task is gone.
    await Promise.all([
      ...networks.map((n) => retry(() => docker.removeNetwork(n.id)).then(() => say(`removed network ${n.name}`))),
      ...secrets.map((x) => retry(() => swarm.removeSecret(x.id)).then(() => say(`removed secret ${x.name}`))),
      ...configs.map((x) => retry(() => swarm.removeConfig(x.id)).then(() => say(`removed config ${x.name}`))),
    ]);
    // The manager answers a network's removal before its list stops showing it; down is done when it is gone.
    const gone = Date.now() + 10_000;
    while (networks.length && (await docker.listNetworks(project)).length && Date.now() < gone) await sleep(200);
    const volumes = o.volumes ? await removeVolumesOnEveryNode(project, await swarm.nodes(), { nodeId: info.nodeId, docker }, say, open) : { removed: [], problems: [] };
    return {
      removed: { service: services.map((s) => s.name), network: networks.map((n) => n.name), secret: secrets.map((s) => s.name), config: configs.map((c) => c.name), volume: volumes.removed },
      ...(volumes.problems.length ? { problems: volumes.problems } : {}),
    };
  } finally {
    await release();
  }
}

/** The stack's named volumes on each node stack reaches, named `volume (node)`; the nodes it cannot reach, as problems. */
async function removeVolumesOnEveryNode(project: string, nodes: SwarmNode[], self: { nodeId: string; docker: DockerClient }, say: (line: string) => void, open?: OpenEngine): Promise<{ removed: string[]; problems: { message: string; hint: string }[] }> {
  const removed: string[] = [];
  const problems: { message: string; hint: string }[] = [];
  await Promise.all(nodes.map(async (node) => {
    const engine = await nodeEngine(node, self, open);
    if ('problem' in engine) {
      problems.push({ message: `the stack's named volumes on node ${nodeName(node)} were not removed (if it has any): ${engine.problem}`, hint: `${engine.hint}, then run stack down --volumes again; or remove them there: docker volume rm $(docker volume ls -q --filter label=${STACK_LABEL.namespace}=${project})` });
      return;
    }
    for (const v of await engine.docker.listVolumes(project)) {
      await retry(() => engine.docker.removeVolume(v.name));
      removed.push(`${v.name} (${node.hostname || node.id})`);
      say(`removed volume ${v.name} on node ${node.hostname || node.id}`);
    }
  }));
  return { removed: removed.sort(), problems };
}

async function retry(fn: () => Promise<unknown>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await fn();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(300);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
