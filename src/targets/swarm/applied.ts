import { appliedNetwork, appliedService, canonical, configHash } from '../../model/applied';
import type { DesiredNetwork, DesiredService } from '../../model/desired';
import type { FileObject } from './spec/files';
import type { SwarmService } from './spec/input';
import { swarmNetworkDriver } from './spec/networks';

/** Keys a container has and a swarm service does not (spec/unsupported.ts notes them); changing one updates nothing. */
const CONTAINER_ONLY = ['containerName', 'privileged', 'shmSize', 'devices', 'pid', 'ipc', 'securityOpt', 'runtime', 'networkMode'];

/**
 * The applied spec the swarm target stores on a service (label `io.stackfile.applied`) and hashes: the shared
 * applied form (model/applied.ts) without what swarm ignores, with what only swarm applies (deploy but replicas,
 * which are compared with the live count instead, and each port's publish mode), and each secret's and config's
 * version, so a changed value is an update (swarm objects are immutable). Versions are fingerprints, never values.
 */
export function appliedSwarmService(s: SwarmService, objects: FileObject[]): Record<string, unknown> {
  const base = appliedService(s as DesiredService);
  for (const key of CONTAINER_ONLY) delete base[key];
  // A mount's SELinux option is ignored on swarm too, so changing it must not update the service.
  base.volumes = (base.volumes as Record<string, unknown>[]).map(({ selinux: _s, ...m }) => m);
  const { replicas: _r, ...deploy } = s.deploy ?? {};
  const versions = Object.fromEntries(objects.filter((o) => !o.external).map((o) => [`${o.kind} ${o.key}`, o.name.slice(o.name.lastIndexOf('.') + 1)]));
  return canonical({
    ...base,
    restart: s.restart,
    ports: s.ports,
    ...(Object.keys(deploy).length ? { deploy } : {}),
    ...(Object.keys(versions).length ? { versions } : {}),
  }) as Record<string, unknown>;
}

/** A stack network as swarm makes it: an overlay unless stack.ts names a driver, always attachable. */
export function appliedSwarmNetwork(n: DesiredNetwork): Record<string, unknown> {
  return canonical({ ...appliedNetwork(n), driver: swarmNetworkDriver(n), attachable: true }) as Record<string, unknown>;
}

export { configHash };
