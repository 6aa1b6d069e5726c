import type { DesiredPort } from './desired';

/**
 * Parses Compose's short port syntax: `'80'`, `'8080:80'`, `'127.0.0.1:8080:80'`, `'127.0.0.1::80'`, `'8000-8010:80'`
 * (a host range: Docker takes a free one). A range of container ports, `'9090-9091:8080-8081'` or `'8080-8081'`,
 * is one port per container port, as Docker's CLI and Compose expand it (host and container ranges of one length).
 * Returns an error message instead of throwing so validation can collect it.
 */
export function parsePortString(text: string): DesiredPort | DesiredPort[] | string {
  let spec = text.trim();
  let protocol: 'tcp' | 'udp' = 'tcp';
  const slash = spec.lastIndexOf('/');
  if (slash >= 0) {
    const proto = spec.slice(slash + 1);
    if (proto !== 'tcp' && proto !== 'udp') return `unknown protocol "${proto}" (use tcp or udp)`;
    protocol = proto;
    spec = spec.slice(0, slash);
  }
  let hostIp = '';
  // IPv6 host addresses are bracketed: [::1]:8080:80
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(spec);
  if (v6) {
    hostIp = v6[1];
    spec = v6[2];
  }
  const parts = spec.split(':');
  if (parts.length > 3) return `"${text}" has too many ":" (expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL])`;
  if (parts.length === 3) {
    if (hostIp) return `"${text}" has two host addresses`;
    hostIp = parts.shift()!;
  }
  const target = parts.pop()!;
  const published = parts.pop();
  const targets = /^(\d+)-(\d+)$/.exec(target);
  if (targets) return portRange(text, Number(targets[1]), Number(targets[2]), published, protocol, hostIp);
  if (!/^\d+$/.test(target) || !validPort(Number(target))) return `container port "${target}" is not a port number (1-65535)`;
  if (published !== undefined && published !== '') {
    const range = /^(\d+)(?:-(\d+))?$/.exec(published);
    if (!range || !validPort(Number(range[1])) || (range[2] !== undefined && (!validPort(Number(range[2])) || Number(range[2]) < Number(range[1]))))
      return `host port "${published}" is not a port number or range (1-65535)`;
  }
  return { target: Number(target), published: published || undefined, protocol, hostIp };
}

function portRange(text: string, from: number, to: number, published: string | undefined, protocol: 'tcp' | 'udp', hostIp: string): DesiredPort[] | string {
  if (!validPort(from) || !validPort(to) || to < from) return `container ports "${from}-${to}" are not a range of port numbers (1-65535, the first no larger than the last)`;
  const hosts = published ? /^(\d+)-(\d+)$/.exec(published) ?? /^(\d+)$/.exec(published) : null;
  if (published && !hosts) return `host port "${published}" is not a port number or range (1-65535)`;
  const hostFrom = hosts ? Number(hosts[1]) : undefined;
  const hostTo = hosts ? Number(hosts[2] ?? hosts[1]) : undefined;
  if (hostFrom !== undefined && (hostTo! - hostFrom !== to - from || !validPort(hostFrom) || !validPort(hostTo!))) {
    return `"${text}" maps ${to - from + 1} container ports to ${hostTo! - hostFrom + 1} host port${hostTo === hostFrom ? '' : 's'}: the two ranges must be as long`;
  }
  const out: DesiredPort[] = [];
  for (let p = from; p <= to; p++) out.push({ target: p, published: hostFrom === undefined ? undefined : String(hostFrom + p - from), protocol, hostIp });
  return out;
}

export function validPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** Every host port a published spec can occupy, for duplicate detection. */
export function hostPorts(port: DesiredPort): number[] {
  if (!port.published) return [];
  const [from, to] = port.published.split('-').map(Number);
  const out: number[] = [];
  for (let p = from; p <= (to ?? from); p++) out.push(p);
  return out;
}

/** `'127.0.0.1:8080:80/tcp'`: how a port is shown back to users. */
export function formatPort(port: DesiredPort): string {
  const host = port.hostIp ? `${port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp}:` : '';
  return `${host}${port.published ?? ''}${port.published || host ? ':' : ''}${port.target}/${port.protocol}`;
}
