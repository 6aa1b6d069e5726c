import type { DockerClient } from '../docker/client';
import type { Edges } from '../graph/dag';

/**
 * Stops a project's running containers, keeping them (the next `stack dev` or `up` just starts them again):
 * dependents first, as `down` does, each with its own stop signal and grace period. Returns the names stopped.
 */
export async function stopServices(client: DockerClient, project: string, dependsOn: Edges): Promise<string[]> {
  const containers = (await client.listContainers(project)).filter((c) => c.state === 'running' || c.state === 'restarting' || c.state === 'paused');
  const stopped = new Map<string, Promise<void>>();
  const names: string[] = [];
  const stop = (service: string, path: string[]): Promise<void> => {
    if (!stopped.has(service)) {
      // stack.ts is validated acyclic; the path guard only keeps a hand-made cycle from waiting on itself.
      const dependents = Object.keys(dependsOn).filter((other) => dependsOn[other].includes(service) && !path.includes(other));
      stopped.set(service, (async () => {
        await Promise.all(dependents.map((d) => stop(d, [...path, service])));
        await Promise.all(containers.filter((c) => c.service === service).map(async (c) => {
          await client.stopContainer(c.id);
          names.push(c.name);
        }));
      })());
    }
    return stopped.get(service)!;
  };
  await Promise.all([...new Set(containers.map((c) => c.service))].map((s) => stop(s, [])));
  return names;
}
