import type { DesiredState } from '../../model/desired';
import type { SwarmService } from './spec/input';

/**
 * The desired services as the swarm target reads them. The model's services carry the Compose keys the swarm
 * mapping reads (spec/input.ts); this is the one place that says so.
 */
export function swarmServices(desired: DesiredState): Record<string, SwarmService> {
  return desired.services as unknown as Record<string, SwarmService>;
}
