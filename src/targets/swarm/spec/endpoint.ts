import type { PortConfig, ServiceSpec } from './engine';
import type { SwarmService } from './input';

/**
 * Ports and the endpoint mode. A port without `mode` is published through the routing mesh (`ingress`), swarm's and
 * Compose's default; `mode: 'host'` publishes it on the node running each task. Without a published port swarm picks
 * one (ingress only). Sorted as `docker stack deploy` sorts them, so reordering ports in stack.ts changes nothing.
 */
export function endpointSpec(s: SwarmService): ServiceSpec['EndpointSpec'] {
  const ports: PortConfig[] = s.ports.map((p) => ({
    Protocol: p.protocol,
    TargetPort: p.target,
    ...(p.published ? { PublishedPort: Number(p.published) } : {}),
    PublishMode: p.mode ?? 'ingress',
  }));
  ports.sort((a, b) => a.TargetPort - b.TargetPort || (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0) || a.Protocol.localeCompare(b.Protocol) || a.PublishMode.localeCompare(b.PublishMode));
  const mode = s.deploy?.endpointMode;
  if (!mode && ports.length === 0) return undefined;
  return { ...(mode ? { Mode: mode } : {}), ...(ports.length ? { Ports: ports } : {}) };
}
