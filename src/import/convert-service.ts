/**
 * One Compose service as a stack.ts service: camelCase keys, the short forms the file used, `${VAR}` as ctx.vars
 * reads, host paths as loading rebased them (compose-project.ts), and a `// TODO` for each key stackfile has no
 * equivalent of.
 */
import { isPlainObject } from '../model/overlay';
import { varRead } from '../model/compose-var-expression';
import { Code } from './code';
import { byShape, camel, carryComment, numeric, untranslatable, value, type ConvertContext, type Shape } from './convert-context';
import { entriesOf } from './merge-service';
import { writtenPath } from './paths';
import { shellWords, splitsAlike } from './shell-words';
import { OneOf, typedValue, type Kind } from './typed-value';
import { serviceKeyProblem } from './compose-keys';

type Dict = Record<string, unknown>;

/** Compose keys that are stack.ts keys once camelCased, their values taken as written. */
const SAME = [
  'image', 'user', 'working_dir', 'init', 'stop_signal', 'stop_grace_period', 'hostname', 'container_name', 'tty', 'stdin_open', 'cap_add',
  'cap_drop', 'privileged', 'read_only', 'shm_size', 'sysctls', 'platform', 'runtime', 'network_mode', 'dns', 'dns_search', 'dns_opt', 'pid', 'ipc',
  'security_opt', 'tmpfs', 'profiles', 'expose', 'extra_hosts', 'labels', 'links',
];

/** The keys of SAME (and restart) that stack.ts types narrower than a string (typed-value.ts). */
const TYPED: Record<string, Kind> = {
  init: 'boolean', tty: 'boolean', stdin_open: 'boolean', privileged: 'boolean', read_only: 'boolean',
  user: 'optional', working_dir: 'optional', stop_signal: 'optional', stop_grace_period: 'optional', hostname: 'optional', container_name: 'optional',
  shm_size: 'optional', platform: 'optional', runtime: 'optional', pid: 'optional', ipc: 'optional',
  network_mode: new OneOf("ServiceSpec['networkMode']", ['ServiceSpec']), restart: new OneOf('RestartPolicy', ['RestartPolicy']),
};

const UPDATE: Shape = {
  parallelism: 'number', delay: 'optional', failure_action: new OneOf("'continue' | 'rollback' | 'pause'"), monitor: 'optional', max_failure_ratio: 'number',
  order: new OneOf("'stop-first' | 'start-first'"),
};
const DEPLOY: Shape = {
  mode: new OneOf("'replicated' | 'global'"), replicas: 'number', endpoint_mode: new OneOf("'vip' | 'dnsrr'"), labels: true,
  placement: { constraints: true, preferences: true, max_replicas_per_node: 'number' },
  resources: { limits: { cpus: true, memory: 'optional', pids: 'number' }, reservations: { cpus: true, memory: 'optional' } },
  restart_policy: { condition: new OneOf("'none' | 'on-failure' | 'any'"), delay: 'optional', max_attempts: 'number', window: 'optional' },
  update_config: UPDATE,
  rollback_config: UPDATE,
};
const HEALTHCHECK: Shape = { test: true, interval: 'optional', timeout: 'optional', retries: 'number', start_period: 'optional', disable: 'boolean' };
const BUILD: Shape = { context: true, dockerfile: true, target: true, args: true, cache_from: true, labels: true, network: true, extra_hosts: true };
const LOGGING: Shape = { driver: true, options: true };
const CONDITIONS: Record<string, string> = { service_started: 'started', service_healthy: 'healthy', service_completed_successfully: 'completed' };

export function convertService(ctx: ConvertContext, name: string, svc: Dict): Dict {
  const path = `services.${name}`;
  const out: Dict = {};
  const resources: Dict = {};
  const deployExtra: { limits: Dict; reservations: Dict } = { limits: {}, reservations: {} };
  for (const [key, raw] of Object.entries(svc)) {
    const p = `${path}.${key}`;
    if (key.startsWith('x-') || key === 'version') continue;
    const set = (k: string, v: unknown) => {
      out[k] = v;
      carryComment(ctx, p, out, k);
    };
    if (raw === null || raw === undefined) continue;
    if (SAME.includes(key) || key === 'restart') set(camel(key), key === 'restart' && raw === false ? 'no' : TYPED[key] ? typedValue(value(ctx, raw, p, out), raw, TYPED[key]) : value(ctx, raw, p, out));
    else if (key === 'entrypoint') set('entrypoint', raw === '' ? [] : command(ctx, raw, p, out));
    else if (key === 'command') set('command', command(ctx, raw, p, out));
    else if (key === 'environment') set('environment', environment(ctx, raw, p, out));
    else if (key === 'env_file') set('envFile', envFile(ctx, raw, p, out));
    else if (key === 'build') set('build', build(ctx, raw, p));
    else if (key === 'ports') set('ports', (raw as unknown[]).map((x, i) => port(ctx, x, `${p}[${i}]`)));
    else if (key === 'volumes') set('volumes', (raw as unknown[]).map((x, i) => mount(ctx, x, `${p}[${i}]`)));
    else if (key === 'networks') set('networks', networks(ctx, raw, p));
    else if (key === 'depends_on') set('dependsOn', dependsOn(ctx, raw, p));
    else if (key === 'healthcheck') set('healthcheck', byShape(ctx, raw as Dict, HEALTHCHECK, p));
    else if (key === 'logging') set('logging', byShape(ctx, raw as Dict, LOGGING, p));
    else if (key === 'deploy') set('deploy', byShape(ctx, raw as Dict, DEPLOY, p));
    else if (key === 'secrets' || key === 'configs') set(key, (raw as unknown[]).map((x) => fileRef(ctx, x, p)));
    else if (key === 'ulimits') set('ulimits', ulimits(ctx, raw as Dict, p));
    else if (key === 'devices') set('devices', value(ctx, raw, p, out));
    else if (key === 'scale') set('replicas', numeric(ctx, raw, p));
    else if (key === 'mem_limit') resources.memory = typedValue(value(ctx, raw, p, out), raw, 'optional');
    else if (key === 'cpus') resources.cpus = numeric(ctx, raw, p);
    else if (key === 'mem_reservation') deployExtra.reservations.memory = typedValue(value(ctx, raw, p, out), raw, 'optional');
    else if (key === 'pids_limit') deployExtra.limits.pids = numeric(ctx, raw, p);
    else if (key === 'develop' && isPlainObject(raw) && Array.isArray(raw.watch)) set('watch', raw.watch.map((w, i) => watchRule(ctx, w as Dict, `${p}.watch[${i}]`)));
    else untranslatable(ctx, out, p, raw, serviceKeyProblem(key, unsupportedWhy(key)));
  }
  if (Object.keys(resources).length) out.resources = resources;
  if (Object.keys(deployExtra.limits).length || Object.keys(deployExtra.reservations).length) {
    const deploy = (out.deploy ?? {}) as Dict;
    const res = (deploy.resources ?? {}) as Dict;
    for (const k of ['limits', 'reservations'] as const) if (Object.keys(deployExtra[k]).length) res[k] = { ...(res[k] as Dict), ...deployExtra[k] };
    out.deploy = { ...deploy, resources: res };
  }
  return out;
}

/** A string command stays a string where stackfile splits it as Compose does; otherwise Compose's words, as an array. */
function command(ctx: ConvertContext, raw: unknown, p: string, out: Dict): unknown {
  const v = value(ctx, raw, p, out);
  return typeof v === 'string' && !splitsAlike(v) ? shellWords(v) : v;
}

function ulimits(ctx: ConvertContext, raw: Dict, p: string): Dict {
  // -1 (unlimited) means the same in stack.ts.
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, isPlainObject(v) ? { soft: numeric(ctx, v.soft, `${p}.${k}.soft`), hard: numeric(ctx, v.hard, `${p}.${k}.hard`) } : numeric(ctx, v, `${p}.${k}`)]));
}

function unsupportedWhy(key: string): string {
  const alternatives: Record<string, string> = {
    volumes_from: 'mount the same named volumes in both services instead',
    external_links: 'join the other project\'s network (external: true) instead',
    extends: 'resolved by the import',
  };
  return `stackfile has no ${key}${alternatives[key] ? `: ${alternatives[key]}` : ''}`;
}

/** Compose's `environment`: a bare name (list) or an empty value (map) passes the variable through from the shell. */
function environment(ctx: ConvertContext, raw: unknown, p: string, out: Dict): unknown {
  if (Array.isArray(raw)) return value(ctx, raw.map(String), p, out);
  return Object.fromEntries(entriesOf(raw, '=').map(([k, v]) => [k, v === null ? new Code(`${varRead(k)} ?? null`, { ctx: true }) : value(ctx, v, `${p}.${k}`, out)]));
}

/** Compose's long form `{ path, required }` stays long only where the file is optional; stackfile requires by default too. */
function envFile(ctx: ConvertContext, raw: unknown, p: string, out: Dict): unknown {
  const one = (f: unknown, at: string): unknown => {
    if (!isPlainObject(f)) return writtenPath(String(f));
    const path = writtenPath(String(f.path));
    for (const k of Object.keys(f)) if (k !== 'path' && k !== 'required') untranslatable(ctx, out, `${at}.${k}`, f[k], `stackfile reads env files in the .env format only; it has no ${k}`);
    return f.required === false ? { path, required: false } : path;
  };
  return Array.isArray(raw) ? raw.map((f, i) => one(f, `${p}[${i}]`)) : one(raw, p);
}

function build(ctx: ConvertContext, raw: unknown, p: string): unknown {
  if (typeof raw === 'string') return contextPath(ctx, raw, p);
  const { secrets, ssh, ...rest } = raw as Dict;
  const b = byShape(ctx, rest, BUILD, p);
  // The same words as stack config's error for these keys: the Engine API's classic builder cannot mount them.
  for (const [k, v] of [['secrets', secrets], ['ssh', ssh]] as const) {
    if (v !== undefined) untranslatable(ctx, b, `${p}.${k}`, v, `needs BuildKit, and stackfile builds with the Engine API's classic builder, which has no ${k === 'ssh' ? 'SSH agent' : 'secret'} mounts: build the image with docker buildx build --${k === 'ssh' ? 'ssh' : 'secret'} and name it with image:`);
  }
  if (typeof (raw as Dict).context === 'string') b.context = contextPath(ctx, (raw as Dict).context as string, `${p}.context`);
  // Only a context: the short form, as most files write it.
  return Object.keys(b).length === 1 && b.context !== undefined && secrets === undefined && ssh === undefined ? b.context : b;
}

function contextPath(ctx: ConvertContext, context: string, p: string): unknown {
  const written = writtenPath(context);
  return typeof written === 'string' ? value(ctx, written, p) : written;
}

function port(ctx: ConvertContext, raw: unknown, p: string): unknown {
  if (!isPlainObject(raw)) return value(ctx, raw, p);
  const out = byShape(ctx, raw, { target: 'number', published: true, protocol: new OneOf("'tcp' | 'udp'"), host_ip: true, mode: new OneOf("'host' | 'ingress'"), name: true, app_protocol: true }, p);
  if (typeof out.published === 'string' && /^\d+$/.test(out.published)) out.published = Number(out.published);
  return out;
}

function mount(ctx: ConvertContext, raw: unknown, p: string): unknown {
  // Bind sources as loading rebased them; stackfile expands `~` in them as Compose does.
  if (typeof raw === 'string') return value(ctx, raw, p);
  const m = raw as Dict;
  const out: Dict = {};
  for (const [k, v] of Object.entries(m)) {
    if (k === 'target' || k === 'source') out[k] = value(ctx, v, `${p}.${k}`, out);
    else if (k === 'type') out.type = typedValue(value(ctx, v, `${p}.type`, out), v, new OneOf("'volume' | 'bind' | 'tmpfs'"));
    else if (k === 'read_only') out.readOnly = typedValue(value(ctx, v, `${p}.read_only`, out), v, 'boolean');
    else if (k === 'tmpfs' && isPlainObject(v) && v.size !== undefined) out.tmpfsSize = value(ctx, v.size, `${p}.tmpfs.size`, out);
    else if (k === 'bind' && isPlainObject(v) && Object.keys(v).every((x) => x === 'create_host_path' || x === 'selinux') && v.create_host_path !== false) {
      if (v.selinux !== undefined) out.bind = { selinux: value(ctx, v.selinux, `${p}.bind.selinux`, out) };
    } else if (k === 'volume' && isPlainObject(v) && Object.keys(v).every((x) => x === 'nocopy')) {
      if (v.nocopy !== undefined) out.volume = { nocopy: v.nocopy };
    } else if (k === 'consistency') continue;
    else untranslatable(ctx, out, `${p}.${k}`, v, k === 'bind' || k === 'volume' ? `stackfile mounts take only ${k === 'bind' ? 'bind.selinux' : 'volume.nocopy'} of ${k}` : `stackfile mounts have no ${k} setting`);
  }
  return out;
}

function networks(ctx: ConvertContext, raw: unknown, p: string): unknown {
  if (Array.isArray(raw)) return value(ctx, raw, p);
  const entries = Object.entries(raw as Dict);
  // Memberships without settings read best as the list form.
  if (entries.every(([, v]) => v === null || (isPlainObject(v) && Object.keys(v).length === 0))) return entries.map(([k]) => k);
  const shape: Shape = { aliases: true, ipv4_address: true, ipv6_address: true, link_local_ips: true, priority: 'number' };
  return Object.fromEntries(entries.map(([k, v]) => [k, isPlainObject(v) ? byShape(ctx, v, shape, `${p}.${k}`) : {}]));
}

/** Short forms where they say it all: a list when every dependency is only started, `{ db: 'healthy' }` otherwise. */
function dependsOn(ctx: ConvertContext, raw: unknown, p: string): unknown {
  if (Array.isArray(raw)) return raw;
  const out: Dict = {};
  for (const [name, spec] of Object.entries(raw as Dict)) {
    const s = isPlainObject(spec) ? spec : {};
    const condition = CONDITIONS[String(s.condition ?? 'service_started')] ?? 'started';
    const long: Dict = { condition };
    for (const k of Object.keys(s)) {
      if (k === 'restart' && s.restart === true) long.restart = true;
      else if (k === 'required' && s.required === false) long.required = false;
      else if (k !== 'condition' && !(k === 'restart' && s.restart === false) && !(k === 'required' && s.required === true)) untranslatable(ctx, out, `${p}.${name}.${k}`, s[k], `stackfile's dependsOn has no ${k}`);
    }
    out[name] = Object.keys(long).length === 1 ? condition : long;
  }
  // Every dependency only started: the list form says the same.
  return Object.values(out).every((c) => c === 'started') ? Object.keys(out) : out;
}

function fileRef(ctx: ConvertContext, raw: unknown, p: string): unknown {
  if (!isPlainObject(raw)) return value(ctx, raw, p);
  const out: Dict = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'mode' && typeof v === 'number') out.mode = new Code(`0o${v.toString(8)}`);
    else if (k === 'source' || k === 'target' || k === 'uid' || k === 'gid' || k === 'mode') out[k] = value(ctx, v, `${p}.${k}`, out);
    else untranslatable(ctx, out, `${p}.${k}`, v, `stackfile has no ${k} here`);
  }
  return out;
}

function watchRule(ctx: ConvertContext, w: Dict, p: string): Dict {
  const out = byShape(ctx, w, { path: true, action: new OneOf('WatchAction', ['WatchAction']), target: true, ignore: true, initial_sync: 'boolean', exec: true }, p);
  if (typeof w.path === 'string') out.path = writtenPath(w.path);
  if (isPlainObject(w.exec)) out.exec = value(ctx, w.exec.command, `${p}.exec.command`);
  return out;
}
