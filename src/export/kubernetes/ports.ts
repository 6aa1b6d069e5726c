/** A service's container ports: every distinct port and protocol it publishes or exposes, each named for the Service. */
import type { DesiredService } from '../../model/desired';

export interface ContainerPort {
  /** `tcp-5432`: a Service port name (at most 15 characters, a letter in it), and the container port's. */
  name: string;
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  /** Only in `expose`: reachable inside the cluster, never published. */
  exposed?: boolean;
}

export function containerPorts(s: DesiredService): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const p of s.ports) {
    const protocol = p.protocol === 'udp' ? 'UDP' : 'TCP';
    if (!out.some((o) => o.port === p.target && o.protocol === protocol)) out.push({ name: `${p.protocol}-${p.target}`, port: p.target, protocol });
  }
  for (const e of s.expose ?? []) {
    const [port, proto = 'tcp'] = e.split('/');
    const protocol = proto.toUpperCase() as ContainerPort['protocol'];
    if (!out.some((o) => o.port === Number(port) && o.protocol === protocol)) out.push({ name: `${proto}-${port}`, port: Number(port), protocol, exposed: true });
  }
  return out;
}

/** Published only on the loopback address: on a cluster that means "not from outside". */
export function isLoopback(hostIp: string): boolean {
  return hostIp === 'localhost' || hostIp === '::1' || hostIp.startsWith('127.');
}

/**
 * Whether the Service named after `s` is the public one (LoadBalancer or NodePort, `serviceType`): it publishes ports
 * (not on 127.0.0.1), and being public changes nothing of what the name offers inside the cluster: every container
 * port is published, on a LoadBalancer under its own number. Otherwise that Service stays a ClusterIP and the
 * published ports get a `-public` one (services.ts).
 */
export function ownServiceIsPublic(s: DesiredService, serviceType: 'LoadBalancer' | 'NodePort'): boolean {
  const published = s.ports.filter((p) => !isLoopback(p.hostIp));
  if (published.length === 0) return false;
  const protocol = (p: DesiredService['ports'][number]) => (p.protocol === 'udp' ? 'UDP' : 'TCP');
  const unpublished = containerPorts(s).filter((c) => !published.some((p) => p.target === c.port && protocol(p) === c.protocol));
  const moved = serviceType === 'LoadBalancer' && published.some((p) => Number((p.published ?? String(p.target)).split('-')[0]) !== p.target);
  return unpublished.length === 0 && !moved;
}
