import { parse as parseShell } from 'shell-quote';
import type { DesiredHealthcheck, DesiredPort, DesiredService } from './desired';
import { readEnvironment, readSecrets } from './normalize-environment';
import { readBuild, readExtraHosts } from './normalize-build';
import { CONTAINER_KEYS, readContainerFields } from './normalize-container';
import { applyDeploy, readDeploy } from './normalize-deploy';
import { readBytes, readCpus, readDuration } from './read-units';
import { readConfigRefs, type ConfigDefinitionIn, type SecretDefinitionIn } from './normalize-files';
import { parsePortString, validPort } from './ports';
import { Reader, describe, join } from './reader';
import { readMount } from './normalize-mounts';
import { readWatch } from './normalize-watch';
import { readNetworks } from './normalize-networks';
import type { DependencyCondition } from './types';

/** Every key a service accepts; unknown keys get a did-you-mean against this list. */
export const SERVICE_KEYS = [
  'image', 'build', 'command', 'entrypoint', 'environment', 'envFile', 'secrets', 'ports', 'volumes', 'networks', 'dependsOn',
  'healthcheck', 'restart', 'profiles', 'replicas', 'user', 'workingDir', 'init', 'stopSignal', 'stopGracePeriod', 'labels',
  'extraHosts', 'hostname', 'containerName', 'tty', 'stdinOpen', 'capAdd', 'capDrop', 'privileged', 'readOnly',
  'shmSize', 'ulimits', 'sysctls', 'resources', 'watch', 'configs', 'deploy', 'links', ...CONTAINER_KEYS,
] as const;

/** What a service's normalisation needs to know about the rest of the stack. */
export interface ServiceContext {
  project: string;
  dir: string;
  vars: Record<string, string | undefined>;
  /** stack.ts key → daemon name, for named volumes and networks. */
  volumeNames: Record<string, string>;
  networkNames: Record<string, string>;
  /** Collects the files read while normalising (env files, secret files): `stack dev` reloads when they change. */
  inputs?: Set<string>;
  /** The top-level `secrets` and `configs` services name in their lists. */
  secretDefs?: Record<string, SecretDefinitionIn>;
  configDefs?: Record<string, ConfigDefinitionIn>;
  /**
   * Whether `external` secrets and configs may be used: they exist only on Swarm, so only a Swarm target allows them
   * (they are then resolved with an empty value and an `external` source). Off: each use is an error.
   */
  allowExternal?: boolean;
  /** Secrets from variables and files resolve to '' without being read (ResolveOptions.skipSecretValues). */
  skipSecretValues?: boolean;
  /** The containers run on one Docker engine, which copies secret and config files in (not a swarm or a cluster). */
  oneEngine?: boolean;
}

const CONDITIONS: readonly DependencyCondition[] = ['started', 'healthy', 'completed'];
const RESTART_RE = /^(no|always|unless-stopped|on-failure(:\d+)?)$/;

/** Normalises one service; problems go to `r`, and the result is only meaningful when none were recorded. */
export function normalizeService(r: Reader, name: string, raw: unknown, ctx: ServiceContext): DesiredService | undefined {
  const path = join('services', name);
  const s = r.object(raw, path, SERVICE_KEYS);
  if (!s) return undefined;
  const at = (key: string) => join(path, key);
  const opt = <T>(key: string, read: (v: unknown, p: string) => T | undefined): T | undefined =>
    s[key] === undefined ? undefined : read(s[key], at(key));
  const bool = (key: string) => opt(key, (v, p) => r.boolean(v, p)) ?? false;
  const str = (key: string) => opt(key, (v, p) => r.string(v, p));
  const duration = (key: string) => opt(key, (v, p) => readDuration(r, v, p));

  const build = opt('build', (v, p) => readBuild(r, v, p, ctx.dir, ctx.vars));
  let image = str('image');
  if (image !== undefined && image.trim() === '') r.issue(join(path, 'image'), 'the image name is empty', "name an image (image: 'nginx:1.27') or leave image out and give a build");
  if (image === undefined && s.image === undefined) {
    if (build) image = `${ctx.project}-${name}`;
    // A build that was given but is wrong has its own issue already.
    else if (s.build === undefined) r.issue(path, 'has neither "image" nor "build"', 'add image: \'name:tag\' or build: \'./folder\'');
  }

  const { environment, secretEnv, secretEnvSources, envFiles } = readEnvironment(r, s, path, ctx);
  const secrets = opt('secrets', (v, p) => readSecrets(r, v, p, ctx)) ?? [];
  if (secrets.length && s.readOnly === true && ctx.oneEngine !== false) {
    r.issue(at('secrets'), 'secret files cannot be copied into a container with readOnly: true', 'drop readOnly, or pass the secret through environment (less safe: it shows in docker inspect)');
  }
  const configs = opt('configs', (v, p) => readConfigRefs(r, v, p, ctx));
  if (configs?.length && s.readOnly === true && ctx.oneEngine !== false) {
    r.issue(at('configs'), 'config files cannot be copied into a container with readOnly: true', 'drop readOnly, or bind-mount the file instead (volumes: [\'./app.conf:/etc/app.conf:ro\'])');
  }
  const replicas = opt('replicas', (v, p) => r.integer(v, p, 0)) ?? 1;
  const restart = opt('restart', (v, p) => {
    if (typeof v === 'string' && RESTART_RE.test(v)) return v;
    r.issue(p, `expected "no", "always", "unless-stopped", "on-failure" or "on-failure:N", got ${JSON.stringify(v)}`);
    return undefined;
  });
  const resources = opt('resources', (v, p) => r.object(v, p, ['cpus', 'memory']));
  const labels = opt('labels', (v, p) => r.labels(v, p)) ?? {};
  for (const key of Object.keys(labels)) {
    if (key.startsWith('io.stackfile.')) r.issue(join(at('labels'), key), 'labels under io.stackfile. are reserved for stackfile', 'pick another prefix');
  }

  const deps = opt('dependsOn', (v, p) => readDependsOn(r, v, p));
  const links = opt('links', (v, p) => readLinks(r, v, p));
  if (links?.length && s.networkMode !== undefined) r.issue(at('links'), 'links work on the service\'s networks, and networkMode replaces them', 'drop one of links and networkMode');
  const container = readContainerFields(r, s, path);
  const deploy = opt('deploy', (v, p) => readDeploy(r, v, p));
  const service: DesiredService = {
    name,
    image: image ?? '',
    ...(build ? { build } : {}),
    command: opt('command', (v, p) => readCommand(r, v, p)),
    entrypoint: opt('entrypoint', (v, p) => readCommand(r, v, p)),
    environment,
    secretEnv,
    secrets,
    // A short-form range of container ports is one port each (ports.ts).
    ports: opt('ports', (v, p) => readList(r, v, p, readPort)?.flat()) ?? [],
    volumes: opt('volumes', (v, p) => readList(r, v, p, (r2, item, ip) => readMount(r2, item, ip, ctx))) ?? [],
    networks: container.networkMode === undefined ? readNetworks(r, s.networks, at('networks'), ctx) : {},
    dependsOn: deps?.dependsOn ?? {},
    healthcheck: opt('healthcheck', (v, p) => readHealthcheck(r, v, p)),
    restart: restart ?? 'no',
    ...(restart !== undefined ? { restartExplicit: true as const } : {}),
    replicas,
    user: str('user'),
    workingDir: str('workingDir'),
    init: bool('init'),
    stopSignal: str('stopSignal'),
    stopGracePeriodMs: duration('stopGracePeriod'),
    labels,
    extraHosts: opt('extraHosts', (v, p) => readExtraHosts(r, v, p)) ?? [],
    hostname: str('hostname'),
    containerName: str('containerName'),
    tty: bool('tty'),
    stdinOpen: bool('stdinOpen'),
    capAdd: opt('capAdd', (v, p) => r.stringArray(v, p)) ?? [],
    capDrop: opt('capDrop', (v, p) => r.stringArray(v, p)) ?? [],
    privileged: bool('privileged'),
    readOnly: bool('readOnly'),
    shmSize: opt('shmSize', (v, p) => readBytes(r, v, p)),
    ulimits: opt('ulimits', (v, p) => readUlimits(r, v, p)) ?? {},
    sysctls: opt('sysctls', (v, p) => r.keyValues(v, p)) ?? {},
    nanoCpus: resources?.cpus === undefined ? undefined : readCpus(r, resources.cpus, join(at('resources'), 'cpus')),
    memoryBytes: resources?.memory === undefined ? undefined : readBytes(r, resources.memory, join(at('resources'), 'memory')),
    watch: opt('watch', (v, p) => readWatch(r, v, p, ctx.dir, build !== undefined)) ?? [],
    ...(configs?.length ? { configs } : {}),
    ...container,
    ...(deploy ? { deploy } : {}),
    ...(secretEnvSources ? { secretEnvSources } : {}),
    ...(envFiles ? { envFiles } : {}),
    ...(links?.length ? { links } : {}),
    ...(deps?.restartWith.length ? { restartWith: deps.restartWith } : {}),
    ...(deps?.optional.length ? { optionalDeps: deps.optional } : {}),
  };
  applyDeploy(r, service, s, path);
  checkHiddenFiles(r, service, path);
  return service;
}

/**
 * Secret and config files are copied into the container before it starts; a tmpfs is mounted over its path only
 * at start, and would hide them. (Volumes are mounted for the copy, so the files land in them instead.)
 */
function checkHiddenFiles(r: Reader, s: DesiredService, path: string): void {
  const tmpfs = [...Object.keys(s.tmpfs ?? {}), ...s.volumes.filter((m) => m.type === 'tmpfs').map((m) => m.target)];
  for (const file of [...s.secrets.map((f) => ({ ...f, kind: 'secret' })), ...(s.configs ?? []).map((f) => ({ ...f, kind: 'config' }))]) {
    const over = tmpfs.find((t) => file.target === t || file.target.startsWith(t.endsWith('/') ? t : `${t}/`));
    if (over) r.issue(join(path, file.kind === 'secret' ? 'secrets' : 'configs'), `the tmpfs at ${over} would hide ${file.kind} ${file.name} (${file.target}): files are copied in before the tmpfs is mounted`, `mount the tmpfs elsewhere, or give the ${file.kind} a target outside ${over}`);
  }
}

function readList<T>(r: Reader, value: unknown, path: string, read: (r: Reader, item: unknown, path: string) => T | undefined): T[] | undefined {
  const items = r.array(value, path);
  if (!items) return undefined;
  const out: T[] = [];
  items.forEach((item, i) => {
    const v = read(r, item, `${path}[${i}]`);
    if (v !== undefined) out.push(v);
  });
  return out;
}




function readCommand(r: Reader, value: unknown, path: string): string[] | undefined {
  if (Array.isArray(value)) return r.stringArray(value, path);
  const text = r.string(value, path);
  if (text === undefined) return undefined;
  // `$$` is a literal `$`, as Compose reads it (`echo $$HOME` runs `echo` with the word `$HOME`); shell-quote would
  // take it for the shell's pid variable, so it is set aside before splitting and put back after.
  const dollar = '\uE000';
  // Without a shell nothing expands $VAR; shell-quote would silently turn it into an empty string.
  const variables: string[] = [];
  const parsed = parseShell(text.replaceAll('$$', dollar), (name) => {
    variables.push(name);
    return `$${name}`;
  });
  const words = parsed.map((w) => (typeof w === 'string' ? w.replaceAll(dollar, '$') : w));
  if (variables.length > 0) {
    r.issue(path, `$${variables[0]} would not be expanded: no shell runs this command`, `use a template literal (\`\${ctx.vars.${variables[0]}}\`) or ['sh', '-c', '...'] to let the container's shell expand it`);
    return undefined;
  }
  if (words.some((w) => typeof w !== 'string')) {
    r.issue(path, 'contains shell operators (pipes, redirects, globs) but no shell runs it', "use ['sh', '-c', '...'] to run it in a shell");
    return undefined;
  }
  return words as string[];
}



function readPort(r: Reader, value: unknown, path: string): DesiredPort | DesiredPort[] | undefined {
  if (typeof value === 'string' || typeof value === 'number') {
    const parsed = parsePortString(String(value));
    if (typeof parsed === 'string') r.issue(path, parsed, "write it like '8080:80', '127.0.0.1:8080:80' or '53:53/udp'");
    return typeof parsed === 'string' ? undefined : parsed;
  }
  const p = r.object(value, path, ['target', 'published', 'protocol', 'hostIp', 'mode', 'name', 'appProtocol']);
  if (!p) return undefined;
  const target = r.integer(p.target, join(path, 'target'), 1);
  if (target !== undefined && !validPort(target)) r.issue(join(path, 'target'), `${target} is not a port number (1-65535)`);
  let published: string | undefined;
  if (p.published !== undefined) {
    const parsed = parsePortString(`${String(p.published)}:1`);
    if (typeof parsed === 'string') r.issue(join(path, 'published'), `${JSON.stringify(p.published)} is not a port number or range`);
    else if (!Array.isArray(parsed)) published = parsed.published;
  }
  const protocol = p.protocol === undefined ? 'tcp' : r.oneOf(p.protocol, join(path, 'protocol'), ['tcp', 'udp'] as const);
  const hostIp = p.hostIp === undefined ? '' : r.string(p.hostIp, join(path, 'hostIp'));
  const mode = p.mode === undefined ? undefined : r.oneOf(p.mode, join(path, 'mode'), ['host', 'ingress'] as const);
  const name = p.name === undefined ? undefined : r.string(p.name, join(path, 'name'));
  const appProtocol = p.appProtocol === undefined ? undefined : r.string(p.appProtocol, join(path, 'appProtocol'));
  if (target === undefined || protocol === undefined || hostIp === undefined) return undefined;
  return { target, published, protocol, hostIp, ...(mode ? { mode } : {}), ...(name ? { name } : {}), ...(appProtocol ? { appProtocol } : {}) };
}

interface Dependencies {
  dependsOn: Record<string, DependencyCondition>;
  restartWith: string[];
  optional: string[];
}

/** `['db']`, `{ db: 'healthy' }` or the long form `{ db: { condition, restart, required } }`. */
function readDependsOn(r: Reader, value: unknown, path: string): Dependencies | undefined {
  if (Array.isArray(value)) return { dependsOn: Object.fromEntries((r.stringArray(value, path) ?? []).map((n) => [n, 'started' as const])), restartWith: [], optional: [] };
  const obj = r.object(value, path);
  if (!obj) return undefined;
  const out: Dependencies = { dependsOn: {}, restartWith: [], optional: [] };
  for (const [dep, spec] of Object.entries(obj)) {
    const p = join(path, dep);
    if (typeof spec !== 'object' || spec === null) {
      const c = r.oneOf(spec, p, CONDITIONS);
      if (c) out.dependsOn[dep] = c;
      continue;
    }
    const o = r.object(spec, p, ['condition', 'restart', 'required']);
    if (!o) continue;
    const c = o.condition === undefined ? 'started' : r.oneOf(o.condition, join(p, 'condition'), CONDITIONS);
    if (o.restart !== undefined && r.boolean(o.restart, join(p, 'restart'))) out.restartWith.push(dep);
    if (o.required !== undefined && r.boolean(o.required, join(p, 'required')) === false) out.optional.push(dep);
    if (c) out.dependsOn[dep] = c;
  }
  return out;
}

/** Compose's `links`: `'db'` or `'db:alias'`. Whether db exists and shares a network is checked with the whole stack. */
function readLinks(r: Reader, value: unknown, path: string): { service: string; alias: string }[] | undefined {
  const items = r.stringArray(value, path);
  if (!items) return undefined;
  return items.flatMap((text, i) => {
    const m = /^([a-zA-Z0-9][a-zA-Z0-9_.-]*)(?::([a-zA-Z0-9][a-zA-Z0-9_.-]*))?$/.exec(text);
    if (m) return [{ service: m[1], alias: m[2] ?? m[1] }];
    r.issue(`${path}[${i}]`, `expected "SERVICE" or "SERVICE:ALIAS", got "${text}"`, "e.g. links: ['db:database']");
    return [];
  });
}

function readHealthcheck(r: Reader, value: unknown, path: string): DesiredHealthcheck | undefined {
  const h = r.object(value, path, ['test', 'interval', 'timeout', 'retries', 'startPeriod', 'disable']);
  if (!h) return undefined;
  if (h.disable === true) return { test: ['NONE'] };
  // Compose reads `disable: false` alone (immich's official file has it) as no override: the image's HEALTHCHECK stays.
  if (h.disable !== undefined && r.boolean(h.disable, join(path, 'disable')) === false && Object.keys(h).every((k) => k === 'disable' || k.startsWith('x-'))) return undefined;
  let test: string[] | undefined;
  if (typeof h.test === 'string') test = ['CMD-SHELL', h.test];
  else if (h.test !== undefined) {
    test = r.stringArray(h.test, join(path, 'test'));
    if (test && !['CMD', 'CMD-SHELL', 'NONE'].includes(test[0])) {
      r.issue(join(path, 'test'), `must start with "CMD", "CMD-SHELL" or "NONE", got ${JSON.stringify(test[0])}`, `write ['CMD', ${JSON.stringify(test[0] ?? 'exe')}, ...] or a string for the shell`);
    }
  } else r.issue(join(path, 'test'), 'a healthcheck needs a test', "e.g. test: ['CMD', 'pg_isready']");
  const dur = (k: string) => (h[k] === undefined ? undefined : readDuration(r, h[k], join(path, k)));
  return {
    test: test ?? [],
    intervalMs: dur('interval'),
    timeoutMs: dur('timeout'),
    retries: h.retries === undefined ? undefined : r.integer(h.retries, join(path, 'retries'), 1),
    startPeriodMs: dur('startPeriod'),
  };
}


/**
 * `{ nofile: 1024 }` or `{ nofile: { soft, hard } }`; -1 is unlimited, as Compose and the daemon read it (RLIM_INFINITY),
 * e.g. `memlock: -1` for databases that lock their memory.
 */
function readUlimits(r: Reader, value: unknown, path: string): Record<string, { soft: number; hard: number }> | undefined {
  const obj = r.object(value, path);
  if (!obj) return undefined;
  const out: Record<string, { soft: number; hard: number }> = {};
  const limit = (v: unknown, p: string): number | undefined => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= -1) return v;
    r.issue(p, `expected a whole number ≥ 0, or -1 for unlimited, got ${describe(v)}`, 'e.g. nofile: { soft: 1024, hard: 65536 } or memlock: -1');
    return undefined;
  };
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'object' || v === null) {
      const n = limit(v, join(path, k));
      if (n !== undefined) out[k] = { soft: n, hard: n };
    } else {
      const l = r.object(v, join(path, k), ['soft', 'hard']);
      const soft = l && limit(l.soft, join(join(path, k), 'soft'));
      const hard = l && limit(l.hard, join(join(path, k), 'hard'));
      if (soft === undefined || hard === undefined) continue;
      // The kernel refuses a soft limit above the hard one when the container starts; say it here, with the path.
      if (hard !== -1 && (soft === -1 || soft > hard)) r.issue(join(path, k), `the soft limit ${soft === -1 ? 'unlimited (-1)' : soft} is above the hard limit ${hard}`, 'the soft limit must be at most the hard one (-1 is unlimited)');
      else out[k] = { soft, hard };
    }
  }
  return out;
}
