/**
 * Compose's rules for merging a service over another (`-f base -f override`, and `extends`), as docker-compose
 * 1.29 applies them (compose/config/config.py `merge_service_dicts`; compose-go's override rules agree on these):
 * mappings merge by key, ports/volumes/secrets by what they address, some lists are unions, the rest replace.
 * Short forms stay short when both sides used them, so the written stack.ts still looks like the user's file.
 */
import { isPlainObject } from '../model/overlay';

type Dict = Record<string, unknown>;

/** Keys whose values merge as key → value mappings (list `KEY=value` or map form). */
const MAPPINGS: Record<string, string> = { environment: '=', labels: '=', sysctls: '=', extra_hosts: ':', ulimits: '', storage_opt: '' };
/** Lists merged as sets of strings. */
const UNIONS = ['cap_add', 'cap_drop', 'expose', 'external_links', 'volumes_from', 'device_cgroup_rules', 'profiles', 'security_opt', 'links'];
/** Lists (or single strings) that concatenate. */
const CONCATS = ['dns', 'dns_search', 'env_file', 'tmpfs'];

export function mergeService(base: Dict, override: Dict): Dict {
  const out: Dict = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const was = base[key];
    if (was === undefined || value === undefined) {
      out[key] = value;
      continue;
    }
    if (key in MAPPINGS) out[key] = mergeMapping(was, value, MAPPINGS[key]);
    else if (UNIONS.includes(key)) out[key] = union(asList(was), asList(value));
    else if (CONCATS.includes(key)) out[key] = [...asList(was), ...asList(value)];
    else if (key === 'depends_on') out[key] = mergeDependsOn(was, value);
    else if (key === 'ports') out[key] = mergeBy(asList(was), asList(value), portKey);
    else if (key === 'volumes' || key === 'devices') out[key] = mergeBy(asList(was), asList(value), mountTarget);
    else if (key === 'secrets' || key === 'configs') out[key] = mergeBy(asList(was), asList(value), fileSource);
    else if (key === 'networks') out[key] = mergeNetworks(was, value);
    else if (key === 'healthcheck') out[key] = isPlainObject(value) && (value.disable === true || value.disabled === true) ? value : { ...(was as Dict), ...(value as Dict) };
    else if (key === 'logging') out[key] = mergeLogging(was as Dict, value as Dict);
    else if (key === 'deploy') out[key] = mergeDeploy(was as Dict, value as Dict);
    else if (key === 'build') out[key] = mergeBuild(was, value);
    else out[key] = value;
  }
  return out;
}

function asList(v: unknown): unknown[] {
  return v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function union(a: unknown[], b: unknown[]): unknown[] {
  const seen = new Set(a.map(String));
  return [...a, ...b.filter((x) => !seen.has(String(x)) && seen.add(String(x)))];
}

/** Merges two lists of entries that address something (a port, a mount target): the override's entry replaces. */
function mergeBy(a: unknown[], b: unknown[], key: (item: unknown) => string): unknown[] {
  const out = new Map<string, unknown>();
  for (const item of [...a, ...b]) out.set(key(item), item);
  return [...out.values()];
}

/** A mapping's entries in order, from either form: `['A=1', 'B']` or `{ A: 1, B: null }`. */
export function entriesOf(v: unknown, sep: string): [string, unknown][] {
  if (Array.isArray(v)) {
    return v.map((item) => {
      const s = String(item);
      const i = sep ? s.indexOf(sep) : -1;
      return i < 0 ? [s, null] : [s.slice(0, i), s.slice(i + 1)];
    });
  }
  return isPlainObject(v) ? Object.entries(v) : [];
}

function mergeMapping(a: unknown, b: unknown, sep: string): unknown {
  const merged = new Map([...entriesOf(a, sep), ...entriesOf(b, sep)]);
  if (Array.isArray(a) && Array.isArray(b) && sep) return [...merged].map(([k, v]) => (v === null ? k : `${k}${sep}${v}`));
  return Object.fromEntries(merged);
}

function mergeDependsOn(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return union(a, b);
  const long = (v: unknown): Dict => (Array.isArray(v) ? Object.fromEntries(v.map((s) => [String(s), { condition: 'service_started' }])) : (v as Dict));
  return { ...long(a), ...long(b) };
}

function mergeNetworks(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return union(a, b);
  const long = (v: unknown): Dict => (Array.isArray(v) ? Object.fromEntries(v.map((s) => [String(s), null])) : (v as Dict));
  const la = long(a);
  const lb = long(b);
  const out: Dict = {};
  for (const name of new Set([...Object.keys(la), ...Object.keys(lb)])) {
    const x = (la[name] ?? {}) as Dict;
    const y = (lb[name] ?? {}) as Dict;
    const m: Dict = { ...x, ...y };
    for (const k of ['aliases', 'link_local_ips']) if (x[k] && y[k]) m[k] = union(asList(x[k]), asList(y[k]));
    out[name] = Object.keys(m).length ? m : null;
  }
  return out;
}

function mergeLogging(a: Dict, b: Dict): Dict {
  const out: Dict = { ...a, ...b };
  if (a.driver === undefined || b.driver === undefined || a.driver === b.driver) out.options = a.options || b.options ? { ...(a.options as Dict), ...(b.options as Dict) } : undefined;
  if (out.options === undefined) delete out.options;
  return out;
}

function mergeDeploy(a: Dict, b: Dict): Dict {
  const out: Dict = { ...a, ...b };
  if (a.labels && b.labels) out.labels = mergeMapping(a.labels, b.labels, '=');
  for (const k of ['update_config', 'rollback_config', 'restart_policy']) if (a[k] && b[k]) out[k] = { ...(a[k] as Dict), ...(b[k] as Dict) };
  if (a.resources && b.resources) {
    const ra = a.resources as Dict;
    const rb = b.resources as Dict;
    out.resources = { ...ra, ...rb };
    for (const k of ['limits', 'reservations']) if (ra[k] && rb[k]) (out.resources as Dict)[k] = { ...(ra[k] as Dict), ...(rb[k] as Dict) };
  }
  if (a.placement && b.placement) {
    const pa = a.placement as Dict;
    const pb = b.placement as Dict;
    out.placement = { ...pa, ...pb };
    if (pa.constraints && pb.constraints) (out.placement as Dict).constraints = union(asList(pa.constraints), asList(pb.constraints));
    if (pa.preferences && pb.preferences) (out.placement as Dict).preferences = mergeBy(asList(pa.preferences), asList(pb.preferences), (p) => JSON.stringify(p));
  }
  return out;
}

function mergeBuild(a: unknown, b: unknown): unknown {
  if (typeof a === 'string' && typeof b === 'string') return b;
  const long = (v: unknown): Dict => (typeof v === 'string' ? { context: v } : (v as Dict));
  const x = long(a);
  const y = long(b);
  const out: Dict = { ...x, ...y };
  for (const k of ['args', 'labels']) if (x[k] && y[k]) out[k] = mergeMapping(x[k], y[k], '=');
  if (x.extra_hosts && y.extra_hosts) out.extra_hosts = mergeMapping(x.extra_hosts, y.extra_hosts, ':');
  if (x.cache_from && y.cache_from) out.cache_from = union(asList(x.cache_from), asList(y.cache_from));
  return out;
}

/** What a port entry publishes: the same target, host port, address and protocol is the same entry. */
function portKey(p: unknown): string {
  if (isPlainObject(p)) return `${p.host_ip ?? ''}|${p.published ?? ''}|${p.target}|${p.protocol ?? 'tcp'}`;
  const s = String(p);
  const [spec, protocol = 'tcp'] = s.split('/');
  const parts = spec.split(':');
  const target = parts.pop();
  const published = parts.pop() ?? '';
  return `${parts.join(':')}|${published}|${target}|${protocol}`;
}

/** Where a mount (or device) goes in the container. */
function mountTarget(v: unknown): string {
  if (isPlainObject(v)) return String(v.target ?? v.source);
  const parts = String(v).split(':');
  return parts.length === 1 ? parts[0] : parts[1];
}

function fileSource(v: unknown): string {
  return isPlainObject(v) ? String(v.source) : String(v);
}
