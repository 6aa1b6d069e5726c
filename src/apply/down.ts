import type { ActualContainer } from '../docker/actual';
import type { DockerClient } from '../docker/client';
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
  const release = await lockProject(project);
  const say = o.onProgress ?? (() => {});
  try {
    const [containers, networks, volumes] = await Promise.all([o.client.listContainers(project), o.client.listNetworks(project), o.volumes ? o.client.listVolumes(project) : Promise.resolve([])]);
    trace('listed');
    const byService = new Map<string, ActualContainer[]>();
    for (const c of containers) byService.set(c.service, [...(byService.get(c.service) ?? []), c]);
    // Who must stop before each service, from the depends-on labels. Labels can form a cycle (hand-edited, or
    // written by different versions of stack.ts: dependsOn changes recreate nothing), so edges that would close one
    // are dropped; waiting along them would deadlock.
    const stopFirst = new Map<string, string[]>();
    const onPath = new Set<string>();
    const visit = (service: string): void => {
      const first: string[] = [];
      stopFirst.set(service, first);
      onPath.add(service);
      for (const [other, cs] of byService) {
        const deps = o.dependsOn?.[other] ?? cs.flatMap((c) => c.dependsOn);
        if (other === service || onPath.has(other) || !deps.includes(service)) continue;
        if (!stopFirst.has(other)) visit(other);
        first.push(other);
      }
      onPath.delete(service);
    };
    for (const s of byService.keys()) if (!stopFirst.has(s)) visit(s);
    const stopped = new Map<string, Promise<void>>();
    const stop = (service: string): Promise<void> => {
      if (!stopped.has(service)) {
        stopped.set(service, (async () => {
          await Promise.all(stopFirst.get(service)!.map(stop));
          await Promise.all((byService.get(service) ?? []).map(async (c) => {
            if (c.state === 'running' || c.state === 'restarting' || c.state === 'paused') await o.client.stopContainer(c.id, o.timeoutSeconds);
            say(`stopped ${c.name}`);
            // Anonymous volumes hold data too: like named ones, they go only with --volumes.
            await o.client.removeContainer(c.id, { volumes: o.volumes });
            say(`removed ${c.name}`);
          }));
        })());
      }
      return stopped.get(service)!;
    };
    await Promise.all([...byService.keys()].map(stop));
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
