/** A service's `networks`: which of the stack's networks it joins, with aliases, fixed addresses and priority. */
import type { DesiredServiceNetwork } from './desired';
import type { ServiceContext } from './normalize-service';
import { Reader, describe, join } from './reader';
import { didYouMean } from './suggest';

export function readNetworks(r: Reader, value: unknown, path: string, ctx: ServiceContext): Record<string, DesiredServiceNetwork> {
  let entries: [string, unknown][] = [['default', undefined]];
  if (Array.isArray(value)) entries = (r.stringArray(value, path) ?? []).map((n) => [n, undefined]);
  else if (value !== undefined) entries = Object.entries(r.object(value, path) ?? {});
  const out: [string, DesiredServiceNetwork][] = [];
  for (const [key, spec] of entries) {
    const p = Array.isArray(value) ? `${path}[${entries.findIndex(([k]) => k === key)}]` : join(path, key);
    const name = ctx.networkNames[key];
    if (name === undefined) {
      r.issue(p, `network "${key}" is not declared in the top-level networks`, didYouMean(key, Object.keys(ctx.networkNames)) ?? `add networks: { ${key}: {} }`);
      continue;
    }
    const obj = spec === undefined || spec === null ? {} : r.object(spec, p, ['aliases', 'ipv4Address', 'ipv6Address', 'linkLocalIps', 'priority']) ?? {};
    const opt = <T>(k: string, read: (v: unknown, at: string) => T | undefined): T | undefined => (obj[k] === undefined ? undefined : read(obj[k], join(p, k)));
    const attachment: DesiredServiceNetwork = { aliases: opt('aliases', (v, at) => r.stringArray(v, at)) ?? [] };
    const ipv4 = opt('ipv4Address', (v, at) => r.string(v, at));
    if (ipv4 !== undefined && !isIPv4(ipv4)) r.issue(join(p, 'ipv4Address'), `"${ipv4}" is not an IPv4 address`, "e.g. '172.28.0.10' (the network's ipam subnet must hold it)");
    else if (ipv4 !== undefined) attachment.ipv4Address = ipv4;
    const ipv6 = opt('ipv6Address', (v, at) => r.string(v, at));
    if (ipv6 !== undefined && !isIPv6(ipv6)) r.issue(join(p, 'ipv6Address'), `"${ipv6}" is not an IPv6 address`);
    else if (ipv6 !== undefined) attachment.ipv6Address = ipv6;
    const linkLocal = opt('linkLocalIps', (v, at) => r.stringArray(v, at));
    if (linkLocal?.length) attachment.linkLocalIps = linkLocal;
    const priority = opt('priority', (v, at) => {
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      r.issue(at, `expected a whole number, got ${describe(v)}`);
      return undefined;
    });
    if (priority !== undefined) attachment.priority = priority;
    out.push([name, attachment]);
  }
  // Compose connects the highest priority first (the container is created on that one); ties keep their order.
  return Object.fromEntries(out.map((e, i) => [e, i] as const).sort(([a, i], [b, j]) => (b[1].priority ?? 0) - (a[1].priority ?? 0) || i - j).map(([e]) => e));
}

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6(text: string): boolean {
  return /^[0-9a-fA-F:.]+$/.test(text) && text.includes(':');
}
