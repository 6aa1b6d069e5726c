/**
 * The container-level settings Compose has beyond the core ones: exposed ports, platform and runtime, network/PID/IPC
 * namespaces, DNS, devices, security options, tmpfs and logging. Each is left out of the result when unset, so a
 * service that does not use it keeps the applied-spec hash it had before stackfile knew the key.
 */
import type { DesiredService } from './desired';
import { Reader, join } from './reader';
import { didYouMean } from './suggest';

export const CONTAINER_KEYS = ['expose', 'platform', 'runtime', 'networkMode', 'dns', 'dnsSearch', 'dnsOpt', 'pid', 'ipc', 'devices', 'securityOpt', 'tmpfs', 'logging'] as const;

type ContainerFields = Pick<DesiredService, 'expose' | 'platform' | 'runtime' | 'networkMode' | 'dns' | 'dnsSearch' | 'dnsOpt' | 'pid' | 'ipc' | 'devices' | 'securityOpt' | 'tmpfs' | 'logging'>;

const NETWORK_MODES = ['host', 'none', 'bridge', 'service:NAME', 'container:NAME'];
const IPC_MODES = ['private', 'shareable', 'host', 'none'];

export function readContainerFields(r: Reader, s: Record<string, unknown>, path: string): ContainerFields {
  const out: ContainerFields = {};
  const at = (key: string) => join(path, key);
  const has = (key: string) => s[key] !== undefined;
  if (has('expose')) out.expose = readExpose(r, s.expose, at('expose'));
  if (has('platform')) {
    const p = r.string(s.platform, at('platform'));
    if (p !== undefined && !/^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_]+)?$/i.test(p)) r.issue(at('platform'), `"${p}" is not a platform`, "write it as os/arch[/variant], e.g. 'linux/amd64' or 'linux/arm64/v8'");
    else out.platform = p;
  }
  if (has('runtime')) out.runtime = r.string(s.runtime, at('runtime'));
  if (has('networkMode')) out.networkMode = readMode(r, s.networkMode, at('networkMode'), ['host', 'none', 'bridge'], NETWORK_MODES);
  if (has('pid')) out.pid = readMode(r, s.pid, at('pid'), ['host'], ['host', 'service:NAME', 'container:NAME']);
  if (has('ipc')) out.ipc = readMode(r, s.ipc, at('ipc'), IPC_MODES, [...IPC_MODES, 'service:NAME', 'container:NAME']);
  for (const key of ['dns', 'dnsSearch'] as const) if (has(key)) out[key] = stringOrList(r, s[key], at(key));
  if (has('dnsOpt')) out.dnsOpt = r.stringArray(s.dnsOpt, at('dnsOpt'));
  if (has('devices')) out.devices = readDevices(r, s.devices, at('devices'));
  if (has('securityOpt')) out.securityOpt = readSecurityOpt(r, s.securityOpt, at('securityOpt'));
  if (has('tmpfs')) out.tmpfs = readTmpfs(r, s.tmpfs, at('tmpfs'));
  if (has('logging')) {
    const l = r.object(s.logging, at('logging'), ['driver', 'options']);
    if (l) {
      out.logging = {
        // '' is the daemon's default driver (json-file unless the daemon is configured otherwise).
        driver: l.driver === undefined ? '' : r.string(l.driver, join(at('logging'), 'driver')) ?? '',
        options: l.options === undefined ? {} : r.stringRecord(l.options, join(at('logging'), 'options')) ?? {},
      };
    }
  }
  checkNamespaceConflicts(r, s, out, path);
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as ContainerFields;
}

/** The other service a `service:NAME` mode names, if any. */
export function serviceOf(mode: string | undefined): string | undefined {
  return mode?.startsWith('service:') ? mode.slice('service:'.length) : undefined;
}

function readMode(r: Reader, value: unknown, path: string, plain: string[], shown: string[]): string | undefined {
  const mode = r.string(value, path);
  if (mode === undefined) return undefined;
  if (plain.includes(mode)) return mode;
  const m = /^(service|container):(.+)$/.exec(mode);
  if (m && /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(m[2])) return mode;
  r.issue(path, `expected one of ${shown.map((x) => `"${x}"`).join(', ')}, got ${JSON.stringify(mode)}`, didYouMean(mode, plain));
  return undefined;
}

/**
 * A container that shares another's network stack has none of its own to configure: the daemon rejects ports,
 * hostname, DNS and /etc/hosts settings there, and `networks` would be ignored, so each is reported here instead.
 */
function checkNamespaceConflicts(r: Reader, s: Record<string, unknown>, out: ContainerFields, path: string): void {
  const mode = out.networkMode;
  if (mode === undefined) return;
  if (s.networks !== undefined) r.issue(join(path, 'networks'), `networks cannot be combined with networkMode: ${mode}`, 'drop one of them: networkMode replaces the stack\'s networks');
  const shared = mode.startsWith('service:') || mode.startsWith('container:');
  const conflicting = mode === 'host' ? ['ports'] : shared ? ['ports', 'expose', 'hostname', 'dns', 'dnsSearch', 'dnsOpt', 'extraHosts'] : mode === 'none' ? ['ports'] : [];
  for (const key of conflicting) {
    if (s[key] === undefined) continue;
    const hint = mode === 'host' ? 'with host networking the service listens on the host\'s ports directly: drop ports' : shared ? `set ${key} on the service whose network this one shares` : 'a container without a network cannot publish ports';
    r.issue(join(path, key), `${key} cannot be used with networkMode: ${mode}`, hint);
  }
}

function stringOrList(r: Reader, value: unknown, path: string): string[] | undefined {
  return typeof value === 'string' ? [value] : r.stringArray(value, path);
}

/** `'8080'`, `'9000/udp'`, `3000`, `'8000-8002'` → one `port/protocol` entry per port, as the daemon keys them. */
function readExpose(r: Reader, value: unknown, path: string): string[] | undefined {
  const items = r.array(value, path);
  if (!items) return undefined;
  const out: string[] = [];
  items.forEach((item, i) => {
    const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/.exec(typeof item === 'number' || typeof item === 'string' ? String(item) : '');
    const from = Number(m?.[1]);
    const to = m?.[2] === undefined ? from : Number(m[2]);
    if (!m || from < 1 || to > 65535 || to < from || to - from > 1000) {
      r.issue(`${path}[${i}]`, `expected a port, a range or port/protocol, got ${JSON.stringify(item)}`, "e.g. '8080', '9000/udp' or '8000-8002'");
      return;
    }
    for (let p = from; p <= to; p++) out.push(`${p}/${m[3] ?? 'tcp'}`);
  });
  return [...new Set(out)];
}

/** `/dev/x`, `/dev/x:/dev/y`, `/dev/x:rwm`, `/dev/x:/dev/y:rw`, or `{ source, target, permissions }`, as the CLI reads them. */
function readDevices(r: Reader, value: unknown, path: string): DesiredService['devices'] {
  const items = r.array(value, path);
  if (!items) return undefined;
  const out: NonNullable<DesiredService['devices']> = [];
  items.forEach((item, i) => {
    const p = `${path}[${i}]`;
    let source: string | undefined;
    let target: string | undefined;
    let permissions: string | undefined;
    if (typeof item === 'string') {
      const parts = item.split(':');
      source = parts[0];
      if (parts.length === 2 && /^[rwm]+$/.test(parts[1])) permissions = parts[1];
      else [, target, permissions] = parts;
      if (parts.length > 3) source = undefined;
    } else {
      const o = r.object(item, p, ['source', 'target', 'permissions']);
      if (!o) return;
      source = r.string(o.source, join(p, 'source'));
      target = o.target === undefined ? undefined : r.string(o.target, join(p, 'target'));
      permissions = o.permissions === undefined ? undefined : r.string(o.permissions, join(p, 'permissions'));
    }
    if (source === undefined || !source.startsWith('/') || (target !== undefined && !target.startsWith('/'))) {
      r.issue(p, `expected a device like '/dev/ttyUSB0' or '/dev/sda:/dev/xvda:rwm', got ${JSON.stringify(item)}`, 'source and target are absolute paths; permissions are r, w and m');
      return;
    }
    if (permissions !== undefined && !/^[rwm]+$/.test(permissions)) {
      r.issue(p, `device permissions "${permissions}" may only hold r, w and m`);
      return;
    }
    out.push({ source, target: target ?? source, permissions: permissions ?? 'rwm' });
  });
  return out;
}

/**
 * The daemon takes `key=value` and the older `key:value`. A seccomp or AppArmor profile *file* is read by the
 * docker CLI before it calls the daemon, which only understands profile contents or names.
 */
function readSecurityOpt(r: Reader, value: unknown, path: string): string[] | undefined {
  const opts = r.stringArray(value, path);
  opts?.forEach((o, i) => {
    const m = /^seccomp[=:](.+)$/.exec(o);
    if (m && m[1] !== 'unconfined' && !m[1].trimStart().startsWith('{')) {
      r.issue(`${path}[${i}]`, `a seccomp profile file ("${m[1]}") cannot be passed to the daemon as a path`, "use 'seccomp=unconfined', or give the profile's JSON itself: `seccomp=${readFileSync('./profile.json', 'utf8')}`");
    }
  });
  return opts;
}

/** `'/run'` or `['/run:size=64m,mode=1777', '/tmp']` → path → options, as HostConfig.Tmpfs holds them. */
function readTmpfs(r: Reader, value: unknown, path: string): Record<string, string> | undefined {
  const list = stringOrList(r, value, path);
  if (!list) return undefined;
  const out: Record<string, string> = {};
  list.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const target = colon < 0 ? entry : entry.slice(0, colon);
    if (!target.startsWith('/')) r.issue(typeof value === 'string' ? path : `${path}[${i}]`, `tmpfs path "${target}" must be absolute`, "e.g. '/run' or '/run:size=64m'");
    else out[target] = colon < 0 ? '' : entry.slice(colon + 1);
  });
  return out;
}
