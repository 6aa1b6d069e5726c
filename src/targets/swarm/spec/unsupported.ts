import type { Issue } from '../../../errors';
import type { SwarmService } from './input';

/**
 * What a swarm service cannot do that a container can. Keys swarm has no field for are ignored with a note, as
 * `docker stack deploy` ignores them ("Ignoring unsupported options"); where ignoring would change what the
 * service exposes or which image runs, it is an error instead.
 */
export function swarmIgnored(s: SwarmService): string[] {
  const path = `services.${s.name}`;
  const ignored: [string, unknown, string][] = [
    ['containerName', s.containerName, 'tasks are named by swarm (<stack>_<service>.<slot>.<task id>)'],
    ['privileged', s.privileged || undefined, 'swarm services cannot run privileged'],
    ['shmSize', s.shmSize, 'swarm services have no shm size; mount a tmpfs at /dev/shm instead'],
    ['devices', s.devices?.length ? s.devices : undefined, 'swarm services cannot map devices'],
    ['pid', s.pid, 'swarm services cannot share a PID namespace'],
    ['ipc', s.ipc, 'swarm services cannot share an IPC namespace'],
    ['securityOpt', s.securityOpt?.length ? s.securityOpt : undefined, 'swarm services take no security options'],
    ['runtime', s.runtime, 'swarm runs tasks with each node\'s default runtime'],
    ['networkMode', s.networkMode, 'swarm services join networks (use networks)'],
  ];
  return ignored.filter(([, value]) => value !== undefined).map(([key, , why]) => `${path}.${key} is ignored on swarm (${why})`);
}

/** Problems that stop a service from being deployed to swarm as stack.ts describes it. */
export function swarmProblems(s: SwarmService): Issue[] {
  const path = `services.${s.name}`;
  const issues: Issue[] = [];
  if (s.build && !s.image.includes('/')) {
    issues.push({
      path: `${path}.image`,
      message: `"${s.image}" is not an image every node can pull: on swarm a built image is pushed to a registry, and nodes pull it from there`,
      hint: `set image to a repository in a registry the nodes reach, e.g. image: 'registry.example.com/${s.image}:1'`,
    });
  }
  s.ports.forEach((p, i) => {
    if (p.hostIp) issues.push({ path: `${path}.ports[${i}]`, message: `swarm cannot publish a port on one address (${p.hostIp}); it would be published on every interface`, hint: 'drop the host address, or keep the service off swarm' });
    if (p.published?.includes('-')) issues.push({ path: `${path}.ports[${i}]`, message: `swarm cannot publish a range of host ports (${p.published}) for one container port`, hint: 'publish one host port' });
  });
  return issues;
}
