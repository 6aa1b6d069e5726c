import type { DesiredState } from '../../model/desired';
import { swarmServices } from './services';
import { swarmIgnored, swarmRestartNote } from './spec/unsupported';

/**
 * What `stack config` says about a stack whose target is swarm (on stderr, the YAML stays clean): the keys swarm
 * ignores, and the restart rule, as `stack plan` says them.
 */
export function swarmTargetNotes(desired: DesiredState): string[] {
  const services = Object.values(swarmServices(desired));
  const restart = swarmRestartNote(services);
  return [...services.flatMap(swarmIgnored), ...(restart ? [restart] : [])];
}
