import type { ActualContainer } from '../docker/actual';
import type { DockerClient } from '../docker/client';
import { dependentsOf, schedule } from '../graph/schedule';
import { lockProject } from './lock';
import { trace } from '../trace';

export interface DownOptions {
  client: DockerClient;
  /** Also remove the project's named volumes (their data is lost). */
  volumes?: boolean;
  /** Seconds to wait after the stop signal before SIGKILL (default: each container's own stop timeout). */
  timeoutSeconds?: number;
  onProgress?: (line: string) => void;
  /**
   * Dependencies by service from stack.ts, when there is one: labels record dependsOn as it was when each container
   * was created (changing dependsOn recreates nothing), so the current stack.ts is the better guide.
   */
  dependsOn?: Record<string, readonly string[]>;
}

export interface DownResult {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/**
 * `stack down`: works from labels alone (no stack.ts needed). Dependents stop before what they depend on, using the
 * depends-on label each container carries; each container is removed as soon as it has stopped (waiting for the
 * slowest stop first would add it to every run), then networks go, and named volumes only on request.
 */
export async function down(project: string, o: DownOptions): Promise<DownResult> {
  const release = await lockProject(o.client, project);
  const say = o.onProgress ?? (() => {});
  try {
    const [replicas, oneOffs, networks, volumes] = await Promise.all([o.client.listContainers(project), o.client.listOneOffContainers(project), o.client.listNetworks(project), o.volumes ? o.client.listVolumes(project) : Promise.resolve([])]);
    trace('listed');
    // `stack run` containers kept without --rm go too, as Compose's down removes its one-off containers: first,
    // since they are clients of the services (and would hold the project's networks).
    await Promise.all(oneOffs.map((c) => stopAndRemove(c, o, say)));
    const containers = [...oneOffs, ...replicas];
    const byService = new Map<string, ActualContainer[]>();
    for (const c of replicas) byService.set(c.service, [...(byService.get(c.service) ?? []), c]);
    // Dependents stop first, along the depends-on labels (or stack.ts's dependsOn, when given). Labels can form a
    // cycle; the scheduler drops the edges that would close one.
    // Services of stack.ts without containers stay in the graph, so the order holds through them (a → b → c with no
    // b running still stops a before c).
    const services = [...new Set([...byService.keys(), ...Object.keys(o.dependsOn ?? {})])];
    const edges = Object.fromEntries(services.map((service) => [service, o.dependsOn?.[service] ?? (byService.get(service) ?? []).flatMap((c) => c.dependsOn)]));
    const stopped = schedule(services, dependentsOf(edges), (service) => Promise.all((byService.get(service) ?? []).map((c) => stopAndRemove(c, o, say))));
    await Promise.all(stopped.values());
    trace('containers stopped and removed');
    await Promise.all(networks.map(async (n) => {
      await o.client.removeNetwork(n.id);
      say(`removed network ${n.name}`);
    }));
    trace('networks removed');
    await Promise.all(volumes.map(async (v) => {
      await o.client.removeVolume(v.name);
      say(`removed volume ${v.name}`);
    }));
    return { containers: containers.map((c) => c.name), networks: networks.map((n) => n.name), volumes: volumes.map((v) => v.name) };
  } finally {
    await release();
  }
}

async function stopAndRemove(c: ActualContainer, o: DownOptions, say: (line: string) => void): Promise<void> {
  if (c.state === 'running' || c.state === 'restarting' || c.state === 'paused') await o.client.stopContainer(c.id, o.timeoutSeconds);
  say(`stopped ${c.name}`);
  // Anonymous volumes hold data too: like named ones, they go only with --volumes.
  await o.client.removeContainer(c.id, { volumes: o.volumes });
  say(`removed ${c.name}`);
}
