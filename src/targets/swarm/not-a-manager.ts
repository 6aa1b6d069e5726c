import { UserError } from '../../errors';
import type { SwarmInfo } from '../../docker/swarm-actual';

/** The swarm target needs a manager: throws a UserError saying what the engine is instead, and how to fix it. */
export function requireManager(info: SwarmInfo, host = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock'): void {
  if (info.state === 'active' && info.isManager) return;
  if (info.state === 'locked') {
    throw new UserError(`the swarm of the Docker engine at ${host} is locked`, { hint: 'unlock it with `docker swarm unlock` (autolock is on), then run this again' });
  }
  if (info.state === 'active') {
    throw new UserError(`the Docker engine at ${host} is a swarm worker; services are deployed through a manager`, { hint: 'point DOCKER_HOST at a manager of the swarm (`docker node ls` on a manager lists them)' });
  }
  throw new UserError(`the Docker engine at ${host} is not a swarm manager (it is in no swarm), so the swarm target cannot deploy to it`, {
    hint: 'run `docker swarm init` to make it a one-node swarm, or point DOCKER_HOST at a manager of your swarm; or deploy with --target containers',
  });
}
