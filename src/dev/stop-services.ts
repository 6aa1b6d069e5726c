import type { ActualContainer } from '../docker/actual';
import type { DockerClient } from '../docker/client';
import type { Edges } from '../graph/dag';
import type { DesiredService } from '../model/desired';
import { dependentsOf, schedule } from '../graph/schedule';

/**
 * Stops a project's running containers, keeping them (the next `stack dev` or `up` just starts them again):
 * dependents first, as `down` does, each with its own stop signal and grace period (`onStop` hears of each as its
 * stop begins, so a slow one is named while it is waited on). Returns the names stopped. `except`: containers that
 * are being stopped already (replaced ones stack dev retires), not to be named again.
 */
export async function stopServices(client: DockerClient, project: string, dependsOn: Edges, onStop?: (container: ActualContainer) => void, except?: ReadonlySet<string>): Promise<string[]> {
  const containers = (await client.listContainers(project)).filter((c) => (c.state === 'running' || c.state === 'restarting' || c.state === 'paused') && !except?.has(c.id));
  const names: string[] = [];
  // Every service of the graph is a node, running or not, so the order holds through one that is stopped already.
  const services = [...new Set([...Object.keys(dependsOn), ...containers.map((c) => c.service)])];
  const stopped = schedule(services, dependentsOf(dependsOn), (service) =>
    Promise.all(containers.filter((c) => c.service === service).map(async (c) => {
      onStop?.(c);
      await client.stopContainer(c.id);
      names.push(c.name);
    })),
  );
  await Promise.all(stopped.values());
  return names;
}

/** How a service's container stops, as the session says it while waiting: `SIGTERM; killed after 10s`. */
export function stopWords(s: DesiredService | undefined): string {
  return `${s?.stopSignal ?? 'SIGTERM'}; killed after ${Math.ceil((s?.stopGracePeriodMs ?? 10_000) / 1000)}s`;
}
