import type { DockerClient } from '../../src/docker/client';
import { additionalNetworks, containerCreateBody, type ContainerCreateOptions } from '../../src/docker/create-options';
import type { DesiredService } from '../../src/model/desired';

/** What apply does for one container: create on the first network, connect the others before start. */
export async function connectAndCreate(docker: DockerClient, s: DesiredService, project: string, number: number, opts?: ContainerCreateOptions): Promise<string> {
  const id = await docker.createContainer(containerCreateBody(s, project, number, opts));
  for (const n of additionalNetworks(s)) await docker.connectNetwork(n.name, id, n.aliases);
  return id;
}
