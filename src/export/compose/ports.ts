/** Published and exposed ports in Compose's syntax both Compose versions read. */
import type { DesiredPort } from '../../model/desired';
import { compact } from './context';

/**
 * The short form (`'127.0.0.1:8080:80/udp'`) holds everything a container needs and is read by docker-compose 1.29,
 * whose long form has no `host_ip`. The long form is written only for what only it holds: Swarm's `mode`, a port's
 * `name` and `app_protocol`. docker-compose 1.29 rejects the last two, so they are left to the caller to write as
 * comments (`newerKeys`), as dependsOn's restart and required are.
 */
export function composePort(p: DesiredPort): string | Record<string, unknown> {
  if (p.mode === undefined && p.name === undefined && p.appProtocol === undefined) return shortPort(p);
  const published = p.published === undefined ? undefined : /^\d+$/.test(p.published) ? Number(p.published) : p.published;
  return compact({ target: p.target, published, host_ip: p.hostIp || undefined, protocol: p.protocol === 'tcp' ? undefined : p.protocol, mode: p.mode });
}

/** A port's keys only docker compose v2 reads, as the lines to write in a comment. */
export function newerPortKeys(p: DesiredPort): string[] {
  return [...(p.name !== undefined ? [`name: ${p.name}`] : []), ...(p.appProtocol !== undefined ? [`app_protocol: ${p.appProtocol}`] : [])];
}

function shortPort(p: DesiredPort): string {
  const host = p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp;
  const proto = p.protocol === 'tcp' ? '' : `/${p.protocol}`;
  if (!host && p.published === undefined) return `${p.target}${proto}`;
  return `${host ? `${host}:` : ''}${p.published ?? ''}:${p.target}${proto}`;
}

/** `'8080/tcp'` → `'8080'`: Compose's expose defaults to tcp too. */
export function composeExpose(expose: string[] | undefined): string[] | undefined {
  return expose?.map((e) => e.replace(/\/tcp$/, ''));
}
