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
  const notes = ignored.filter(([, value]) => value !== undefined).map(([key, , why]) => `${path}.${key} is ignored on swarm (${why})`);
  s.volumes.forEach((m, i) => {
    if (m.selinux) notes.push(`${path}.volumes[${i}]: the SELinux option ${m.selinux} is ignored on swarm (swarm mounts cannot relabel; on SELinux nodes label the path there, e.g. chcon -Rt container_file_t ${m.type === 'bind' ? m.source : 'the volume\'s folder'})`);
  });
  // docker stack deploy reads `restart` only when there is no restart_policy (compose/convert's convertRestartPolicy).
  if (s.restart !== undefined && s.deploy?.restartPolicy) notes.push(`${path}.restart is ignored on swarm (deploy.restartPolicy is set and wins, as in docker stack deploy)`);
  return notes;
}

/**
 * The restart rule on swarm, said once per plan: the model's default `restart: 'no'` is a single host's default, and
 * swarm's is to restart a task whenever it exits (condition any). docker stack deploy reads `restart: no` as unset,
 * so these services' tasks restart; stackfile does the same, and says so.
 */
export function swarmRestartNote(services: SwarmService[]): string | undefined {
  const restarting = services.filter((s) => s.restart === undefined && !s.deploy?.restartPolicy).map((s) => s.name);
  if (restarting.length === 0) return undefined;
  return `restart: swarm restarts the tasks of ${restarting.join(', ')} whenever they exit (its default, condition any: a single host's default restart 'no' is read as unset on swarm, as docker stack deploy reads it); deploy.restartPolicy.condition 'none' keeps a task that exits stopped`;
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
