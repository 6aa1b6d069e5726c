import type { DesiredNetwork } from '../../../model/desired';
import { LABEL } from '../../../docker/labels';
import { STACK_LABEL } from '../labels';
import type { NetworkAttachment, NetworkCreateBody } from './engine';
import type { SwarmService } from './input';

/** The networks a service's tasks join, sorted by name, each with the service's name as an alias (as `docker stack deploy` does). */
export function serviceNetworks(s: SwarmService): NetworkAttachment[] | undefined {
  const list = Object.entries(s.networks).map(([name, n]) => ({ Target: name, Aliases: [...new Set([...n.aliases, s.name])] }));
  list.sort((a, b) => a.Target.localeCompare(b.Target));
  return list.length ? list : undefined;
}

/**
 * A stack's network on swarm: overlay unless stack.ts names a driver, and always attachable, so a plain
 * `docker run --network` container (a client, a debugging shell) can join the stack's network.
 */
export function overlayNetworkBody(n: DesiredNetwork, project: string, stored: { configHash: string; applied: string }): NetworkCreateBody {
  return {
    Name: n.name,
    CheckDuplicate: true,
    Driver: swarmNetworkDriver(n),
    Attachable: true,
    ...(n.internal ? { Internal: true } : {}),
    ...(Object.keys(n.driverOpts).length ? { Options: n.driverOpts } : {}),
    Labels: { ...n.labels, [STACK_LABEL.namespace]: project, [LABEL.project]: project, [LABEL.network]: n.key, [LABEL.configHash]: stored.configHash, [LABEL.applied]: stored.applied },
    ...(n.ipam ? { IPAM: { Driver: n.ipam.driver ?? 'default', Config: n.ipam.config.map((c) => ({ ...(c.subnet ? { Subnet: c.subnet } : {}), ...(c.gateway ? { Gateway: c.gateway } : {}), ...(c.ipRange ? { IPRange: c.ipRange } : {}) })) } } : {}),
  };
}

/** `bridge` is a single host's default; on swarm a stack network without a driver is an overlay. */
export function swarmNetworkDriver(n: DesiredNetwork): string {
  return !n.driver || n.driver === 'bridge' ? 'overlay' : n.driver;
}
