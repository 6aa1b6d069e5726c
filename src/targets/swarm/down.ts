import { lockProject } from '../../apply/lock';
import type { DockerClient } from '../../docker/client';
import type { SwarmClient } from '../../docker/swarm-client';
import { dependentsOf, schedule } from '../../graph/schedule';
import type { TargetDownOptions, TargetDownResult } from '../target';
import { requireManager } from './not-a-manager';

/** How long `down` waits for a removed service's tasks to go before it moves on. */
const TASKS_GONE_MS = 60_000;

/**
 * `stack down` on a swarm, from labels alone: services (dependents first, each one's tasks gone before what it
 * depends on goes), then the stack's networks, secrets and configs. Named volumes only with `volumes`, and only the
 * manager's copies: each node has its own (`docker volume rm` on the other nodes removes theirs).
 */
export async function downSwarm(project: string, docker: DockerClient, swarm: SwarmClient, o: TargetDownOptions): Promise<TargetDownResult> {
  requireManager(await swarm.info());
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

    const [networks, secrets, configs, volumes] = await Promise.all([docker.listNetworks(project), swarm.secrets(project), swarm.configs(project), o.volumes ? docker.listVolumes(project) : Promise.resolve([])]);
    // A task's container on another node lets go of the network a moment after the task is gone.
    await Promise.all([
      ...networks.map((n) => retry(() => docker.removeNetwork(n.id)).then(() => say(`removed network ${n.name}`))),
      ...secrets.map((x) => retry(() => swarm.removeSecret(x.id)).then(() => say(`removed secret ${x.name}`))),
      ...configs.map((x) => retry(() => swarm.removeConfig(x.id)).then(() => say(`removed config ${x.name}`))),
    ]);
    // The manager answers a network's removal before its list stops showing it; down is done when it is gone.
    const gone = Date.now() + 10_000;
    while (networks.length && (await docker.listNetworks(project)).length && Date.now() < gone) await sleep(200);
    for (const v of volumes) {
      await retry(() => docker.removeVolume(v.name));
      say(`removed volume ${v.name} (on the manager; other nodes keep their copies)`);
    }
    return { service: services.map((s) => s.name), network: networks.map((n) => n.name), secret: secrets.map((s) => s.name), config: configs.map((c) => c.name), volume: volumes.map((v) => v.name) };
  } finally {
    await release();
  }
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
