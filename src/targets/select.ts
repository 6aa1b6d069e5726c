import { UserError } from '../errors';
import type { AnyTarget, TargetName } from './target';
import { TARGET_NAMES } from './target';

/**
 * Which target a command acts on: `--target` wins, then `target` in stack.ts (after its env overlay, so
 * `envs.prod.target = 'swarm'` makes `stack up --env prod` deploy to the cluster), else the container engine.
 */
export function selectTarget(flag: string | undefined, desired?: { target?: TargetName }): TargetName {
  if (flag !== undefined) {
    if (!(TARGET_NAMES as readonly string[]).includes(flag)) throw new UserError(`--target ${flag} is not a deployment target`, { hint: `targets are: ${TARGET_NAMES.join(', ')}` });
    return flag as TargetName;
  }
  return desired?.target ?? 'containers';
}

/** The target's implementation, connected to the engine DOCKER_HOST names; its modules load only when chosen. */
export async function openTarget(name: TargetName): Promise<AnyTarget> {
  const connect = await import('../docker/connect.js');
  if (name === 'swarm') {
    const { swarmTarget } = await import('./swarm/swarm-target.js');
    return swarmTarget(connect.createDockerClient(), connect.createSwarmClient(), connect.createClientsFor);
  }
  const { containersTarget } = await import('./containers/containers-target.js');
  return containersTarget(connect.createDockerClient());
}
