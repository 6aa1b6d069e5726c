import { afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { LABEL } from '../../src/docker/labels';

/** A project name no other test (or earlier run) uses: `<prefix>-<6 hex>`, lower-case as daemon names want. */
export function uniqueProject(prefix: string): string {
  return `${prefix.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

/** Every container (running or not) labelled with `project`, as the daemon lists them. */
export function projectContainers(project: string): Promise<Docker.ContainerInfo[]> {
  return new Docker().listContainers({ all: true, filters: { label: [`${LABEL.project}=${project}`] } });
}

/**
 * Removes every container, network and volume labelled with `project`: containers first, since they hold the
 * networks and volumes. Raw dockerode on purpose, so cleanup does not depend on the client under test.
 */
export async function cleanupProject(project: string): Promise<void> {
  const docker = new Docker();
  const filters = { label: [`${LABEL.project}=${project}`] };
  const containers = await projectContainers(project);
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(ignoreMissing)));
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(ignoreMissing)));
  const volumes = (await docker.listVolumes({ filters })).Volumes ?? [];
  await Promise.all(volumes.map((v) => docker.getVolume(v.Name).remove().catch(ignoreMissing)));
}

function ignoreMissing(err: unknown): void {
  if ((err as { statusCode?: number }).statusCode !== 404) throw err;
}

/** Unique project names for one test file, every one of them cleaned up after the file's tests. */
export function projectsForFile(): (prefix: string) => string {
  const names: string[] = [];
  afterAll(async () => {
    await Promise.all(names.map(cleanupProject));
  });
  return (prefix) => {
    const name = uniqueProject(prefix);
    names.push(name);
    return name;
  };
}
