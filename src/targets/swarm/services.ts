import type { DesiredState } from '../../model/desired';
import type { SwarmService } from './spec/input';

/**
 * The desired services as the swarm target reads them. The model's services carry the Compose keys the swarm
 * mapping reads (spec/input.ts); this is the one place that says so. The model fills `restart: 'no'` (a single
 * host's default) when stack.ts sets none, so on swarm `no` means "not set": swarm's own default (restart any),
 * as `docker stack deploy` ignores `restart: no`. A task that must stay stopped says so with
 * `deploy.restartPolicy.condition: 'none'` (or `restart: 'on-failure'`).
 */
export function swarmServices(desired: DesiredState): Record<string, SwarmService> {
  const services = desired.services as unknown as Record<string, SwarmService>;
  return Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.restart === 'no' ? { ...s, restart: undefined } : s]));
}
