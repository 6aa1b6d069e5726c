import { existsSync } from 'node:fs';
import type { DockerClient } from '../../docker/client';
import type { SwarmClient } from '../../docker/swarm-client';
import type { DesiredState } from '../../model/desired';
import type { SwarmActual } from './actual';
import { requireManager } from './not-a-manager';
import { swarmServices } from './services';
import { serviceFileObjects } from './spec/files';

/**
 * Reads one stack's state from a swarm manager: a handful of calls in parallel (services, networks, secrets, configs,
 * volumes by label; image digests from the local image list), then the services' tasks, and lookups by name only for
 * external objects stack.ts names. Fails first, with how to fix it, when the engine is not a manager.
 */
export async function observeSwarm(docker: DockerClient, swarm: SwarmClient, project: string, desired?: DesiredState): Promise<SwarmActual> {
  const info = await swarm.info();
  requireManager(info);
  const refs = desired ? [...new Set(Object.values(desired.services).map((s) => s.image))] : [];
  const [nodes, services, networks, secrets, configs, volumes, repoDigests] = await Promise.all([
    swarm.nodes(),
    swarm.services(project),
    docker.listNetworks(project),
    swarm.secrets(project),
    swarm.configs(project),
    docker.listVolumes(project),
    swarm.repoDigests(refs.filter((r) => !r.includes('@'))),
  ]);
  const actual: SwarmActual = {
    project,
    info,
    nodes,
    services,
    tasks: [],
    networks: Object.fromEntries(networks.map((n) => [n.name, n])),
    secrets,
    configs,
    volumes: Object.fromEntries(volumes.map((v) => [v.name, v])),
    digests: {},
    ...ipvs(),
  };
  for (const ref of refs) {
    const pinned = ref.includes('@') ? ref.slice(ref.indexOf('@') + 1) : repoDigests[ref]?.[0]?.split('@')[1];
    if (pinned) actual.digests[ref] = pinned;
  }
  const [tasks, foundNetworks, foundSecrets, foundConfigs] = await Promise.all([
    swarm.tasks(services.map((s) => s.id)),
    desired ? docker.findNetworks(Object.values(desired.networks).map((n) => n.name).filter((n) => !actual.networks[n])) : [],
    desired ? swarm.findSecrets(externalNames(desired, 'secret').filter((n) => !secrets.some((s) => s.name === n))) : [],
    desired ? swarm.findConfigs(externalNames(desired, 'config').filter((n) => !configs.some((c) => c.name === n))) : [],
  ]);
  actual.tasks = tasks;
  // Found by name but not by this stack's label: external, or someone else's. Key-less, so the plan can tell.
  for (const n of foundNetworks) actual.networks[n.name] = { ...n, key: undefined };
  actual.secrets.push(...foundSecrets.map((s) => ({ ...s, key: undefined })));
  actual.configs.push(...foundConfigs.map((c) => ({ ...c, key: undefined })));
  return actual;
}

function externalNames(desired: DesiredState, kind: 'secret' | 'config'): string[] {
  const names = Object.values(swarmServices(desired)).flatMap((s) => serviceFileObjects(s, desired.project, '').filter((o) => o.external && o.kind === kind).map((o) => o.name));
  return [...new Set(names)];
}

/**
 * Swarm's virtual IPs and routing mesh need IPVS in the manager's kernel; when the engine is this machine's, its
 * kernel says whether it has it (/proc/net/ip_vs exists once the module is loaded, which swarm does on init).
 */
function ipvs(): { ipvs?: boolean } {
  const host = process.env.DOCKER_HOST;
  if (host && !host.startsWith('unix://')) return {};
  return { ipvs: existsSync('/proc/net/ip_vs') };
}
