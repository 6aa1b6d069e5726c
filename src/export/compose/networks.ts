/** A service's networks (or its network mode) and the top-level networks, by their stack.ts keys. */
import type { DesiredNetwork, DesiredService } from '../../model/desired';
import { compact, type ExportContext } from './context';

export function composeServiceNetworks(ctx: ExportContext, s: DesiredService): { networks?: string[] | Record<string, unknown>; network_mode?: string } {
  if (s.networkMode !== undefined) return { network_mode: s.networkMode };
  const entries = Object.entries(s.networks).map(([name, n]) => {
    // Compose adds the service's own name as an alias itself.
    const aliases = n.aliases.filter((a) => a !== s.name);
    return [ctx.networkKeys[name] ?? name, compact({ aliases, ipv4_address: n.ipv4Address, ipv6_address: n.ipv6Address, link_local_ips: n.linkLocalIps, priority: n.priority })] as const;
  });
  // Only the default network: Compose's default too, so nothing to say.
  if (entries.length === 1 && entries[0][0] === 'default' && Object.keys(entries[0][1]).length === 0) return {};
  if (entries.every(([, spec]) => Object.keys(spec).length === 0)) return { networks: entries.map(([key]) => key) };
  return { networks: Object.fromEntries(entries.map(([key, spec]) => [key, Object.keys(spec).length ? spec : null])) };
}

export function composeNetwork(ctx: ExportContext, n: DesiredNetwork): Record<string, unknown> {
  if (n.external) return compact({ external: true, name: n.name === n.key ? undefined : n.name });
  const out = compact({
    name: n.name === `${ctx.state.project}_${n.key}` ? undefined : n.name,
    driver: n.driver === 'bridge' ? undefined : n.driver,
    driver_opts: n.driverOpts,
    internal: n.internal || undefined,
    attachable: n.attachable || undefined,
    enable_ipv6: n.enableIpv6,
    labels: n.labels,
    ipam: n.ipam && compact({ driver: n.ipam.driver, config: n.ipam.config.map((c) => compact({ subnet: c.subnet, gateway: c.gateway, ip_range: c.ipRange })) }),
  });
  return out;
}
