/**
 * DesiredService/Network/Volume → Engine API create bodies (API 1.41), as pure functions: what the daemon is asked
 * to make is decided here and nowhere else, and the labels written here are what the next `plan` reads back.
 */
import type { DesiredMount, DesiredNetwork, DesiredService, DesiredVolume } from '../model/desired';
import { appliedNetwork, appliedService, appliedVolume, configHash } from '../model/applied';
import { mountSuffix } from '../model/mount-suffix';
import type { ContainerCreateBody, EndpointIpam } from './client';
import { containerName, LABEL } from './labels';

export interface ContainerCreateOptions {
  /** Overrides the container name (apply's recreate uses a temporary one). */
  name?: string;
  /**
   * Anonymous volumes of the container being replaced (an image's VOLUME, say), mounted again at the same paths so
   * their data survives a recreate, as Compose does.
   */
  anonymousVolumes?: { name: string; target: string }[];
  /** stackfile version, recorded on the container. */
  version?: string;
  /**
   * The container whose namespace a `service:NAME` mode (networkMode, pid, ipc) joins, by service name: the first
   * replica of NAME (see namespaceOwners).
   */
  namespaceOwners?: Record<string, string>;
  /** The env overlay applied (`--env NAME`), recorded so a later command without --env can tell (see LABEL.env). */
  env?: string;
}

export function containerCreateBody(s: DesiredService, project: string, number: number, opts: ContainerCreateOptions = {}): ContainerCreateBody {
  const applied = appliedService(s);
  const labels: Record<string, string> = {
    ...s.labels,
    [LABEL.project]: project,
    [LABEL.service]: s.name,
    [LABEL.number]: String(number),
    [LABEL.configHash]: configHash(applied),
    [LABEL.applied]: JSON.stringify(applied),
    [LABEL.dependsOn]: Object.keys(s.dependsOn).join(','),
    ...(opts.version ? { [LABEL.version]: opts.version } : {}),
    [LABEL.env]: opts.env ?? '',
  };
  const networkNames = Object.keys(s.networks);
  const first = networkNames[0];
  const mode = (m: string | undefined) => namespaceMode(m, opts.namespaceOwners ?? {});
  const exposed = [...s.ports.map((p) => `${p.target}/${p.protocol}`), ...(s.expose ?? [])];

  return dropUndefined({
    name: opts.name ?? s.containerName ?? containerName(project, s.name, number),
    // A query parameter of the create call, not a body field (the client moves it).
    platform: s.platform,
    Image: s.image,
    Cmd: s.command,
    // The API keeps the image's entrypoint for an empty array; [''] is how it is told to clear it.
    Entrypoint: s.entrypoint === undefined ? undefined : s.entrypoint.length === 0 ? [''] : s.entrypoint,
    Env: Object.entries(s.environment).map(([k, v]) => `${k}=${v}`),
    ExposedPorts: exposed.length === 0 ? undefined : Object.fromEntries(exposed.map((key) => [key, {}])),
    Labels: labels,
    Hostname: s.hostname,
    User: s.user,
    WorkingDir: s.workingDir,
    Tty: s.tty,
    OpenStdin: s.stdinOpen,
    StopSignal: s.stopSignal,
    StopTimeout: s.stopGracePeriodMs === undefined ? undefined : Math.ceil(s.stopGracePeriodMs / 1000),
    Healthcheck: s.healthcheck === undefined ? undefined : dropUndefined({
      Test: s.healthcheck.test,
      Interval: nanoseconds(s.healthcheck.intervalMs),
      Timeout: nanoseconds(s.healthcheck.timeoutMs),
      Retries: s.healthcheck.retries,
      StartPeriod: nanoseconds(s.healthcheck.startPeriodMs),
    }),
    HostConfig: dropUndefined({
      PortBindings: portBindings(s),
      Binds: binds(s.volumes),
      Mounts: mounts(s.volumes, opts.anonymousVolumes ?? []),
      RestartPolicy: restartPolicy(s.restart),
      Init: s.init,
      CapAdd: s.capAdd.length === 0 ? undefined : s.capAdd,
      CapDrop: s.capDrop.length === 0 ? undefined : s.capDrop,
      Privileged: s.privileged,
      ReadonlyRootfs: s.readOnly,
      ShmSize: s.shmSize,
      Ulimits: Object.keys(s.ulimits).length === 0 ? undefined : Object.entries(s.ulimits).map(([Name, l]) => ({ Name, Soft: l.soft, Hard: l.hard })),
      Sysctls: Object.keys(s.sysctls).length === 0 ? undefined : s.sysctls,
      NanoCpus: s.nanoCpus,
      Memory: s.memoryBytes,
      ExtraHosts: s.extraHosts.length === 0 ? undefined : s.extraHosts,
      NetworkMode: mode(s.networkMode) ?? first,
      Runtime: s.runtime,
      Dns: s.dns,
      DnsSearch: s.dnsSearch,
      DnsOptions: s.dnsOpt,
      PidMode: mode(s.pid),
      IpcMode: mode(s.ipc),
      Devices: s.devices?.map((d) => ({ PathOnHost: d.source, PathInContainer: d.target, CgroupPermissions: d.permissions })),
      SecurityOpt: s.securityOpt,
      Tmpfs: s.tmpfs,
      LogConfig: s.logging && { Type: s.logging.driver, Config: s.logging.options },
      PidsLimit: s.pidsLimit,
      MemoryReservation: s.memoryReservationBytes,
    }),
    // API 1.41 connects exactly one endpoint at create; apply connects the rest (additionalNetworks) before start.
    // Links are made on the first network (validation checked the linked service is on it): the daemon resolves the
    // alias for this container only, as `docker run --network N --link c:alias` does.
    NetworkingConfig: first === undefined ? undefined : { EndpointsConfig: { [first]: { ...endpoint(s, first), ...links(s, opts.namespaceOwners ?? {}) } } },
  }) as ContainerCreateBody;
}

/** Networks beyond the first, which apply connects after create (and before start) with these settings. */
export function additionalNetworks(s: DesiredService): { name: string; aliases: string[]; ipam?: EndpointIpam }[] {
  return Object.keys(s.networks).slice(1).map((name) => {
    const { Aliases, IPAMConfig } = endpoint(s, name);
    return { name, aliases: Aliases, ...(IPAMConfig ? { ipam: IPAMConfig } : {}) };
  });
}

/**
 * Containers a service refers to by name: those whose namespaces it joins (`networkMode`/`pid`/`ipc: 'service:NAME'`)
 * and those it links to (`links`), each NAME's first replica, as Compose does. The daemon resolves the names to
 * the containers when it creates or starts the referring container.
 */
export function namespaceOwners(s: DesiredService, services: Record<string, DesiredService>, project: string): Record<string, string> {
  const out: Record<string, string> = {};
  const refs = [s.networkMode, s.pid, s.ipc].map((m) => (m?.startsWith('service:') ? m.slice('service:'.length) : undefined));
  for (const name of [...refs, ...(s.links ?? []).map((l) => l.service)]) {
    const other = name === undefined ? undefined : services[name];
    if (other) out[other.name] = other.containerName ?? containerName(project, other.name, 1);
  }
  return out;
}

function namespaceMode(mode: string | undefined, owners: Record<string, string>): string | undefined {
  if (!mode?.startsWith('service:')) return mode;
  const owner = owners[mode.slice('service:'.length)];
  if (owner === undefined) throw new Error(`no container known for ${mode}`);
  return `container:${owner}`;
}

function endpoint(s: DesiredService, network: string): { Aliases: string[]; IPAMConfig?: EndpointIpam } {
  const n = s.networks[network];
  const ipam = dropUndefined({ IPv4Address: n?.ipv4Address, IPv6Address: n?.ipv6Address, LinkLocalIPs: n?.linkLocalIps });
  return { Aliases: aliases(s, network), ...(Object.keys(ipam).length ? { IPAMConfig: ipam } : {}) };
}

export function networkCreateBody(n: DesiredNetwork, project: string): Record<string, unknown> & { Name: string } {
  const applied = appliedNetwork(n);
  return dropUndefined({
    Name: n.name,
    // Without it, two concurrent creates of one name make two networks the user can only tell apart by ID.
    CheckDuplicate: true,
    Driver: n.driver,
    Options: n.driverOpts,
    Internal: n.internal,
    Attachable: n.attachable,
    EnableIPv6: n.enableIpv6,
    Labels: { ...n.labels, [LABEL.project]: project, [LABEL.network]: n.key, [LABEL.configHash]: configHash(applied), [LABEL.applied]: JSON.stringify(applied) },
    IPAM: n.ipam === undefined ? undefined : {
      Driver: n.ipam.driver ?? 'default',
      Config: n.ipam.config.map((c) => dropUndefined({ Subnet: c.subnet, Gateway: c.gateway, IPRange: c.ipRange })),
    },
  }) as Record<string, unknown> & { Name: string };
}

export function volumeCreateBody(v: DesiredVolume, project: string): Record<string, unknown> & { Name: string } {
  const applied = appliedVolume(v);
  return {
    Name: v.name,
    Driver: v.driver,
    DriverOpts: v.driverOpts,
    Labels: { ...v.labels, [LABEL.project]: project, [LABEL.volume]: v.key, [LABEL.configHash]: configHash(applied), [LABEL.applied]: JSON.stringify(applied) },
  };
}

function links(s: DesiredService, owners: Record<string, string>): { Links?: string[] } {
  if (!s.links?.length) return {};
  return { Links: s.links.map((l) => {
    const owner = owners[l.service];
    if (owner === undefined) throw new Error(`no container known for link ${l.service}`);
    return `${owner}:${l.alias}`;
  }) };
}

function aliases(s: DesiredService, network: string): string[] {
  return [...new Set([s.name, ...(s.networks[network]?.aliases ?? [])])];
}

/** Several bindings of one container port (e.g. on two host IPs) share one key. Undefined published = random port. */
function portBindings(s: DesiredService): Record<string, { HostIp: string; HostPort: string }[]> | undefined {
  if (s.ports.length === 0) return undefined;
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of s.ports) (out[`${p.target}/${p.protocol}`] ??= []).push({ HostIp: p.hostIp, HostPort: p.published ?? '' });
  return out;
}

/**
 * Bind mounts go through Binds, not Mounts: with Binds the daemon creates a missing host folder (what Compose users
 * expect of `./data:/data`, and the only way on a remote daemon), while Mounts rejects it on API 1.41. A named
 * volume with an SELinux option goes there too: Mounts has no field for a relabel (`name:/path:z` is the only way).
 */
function binds(volumes: DesiredMount[]): string[] | undefined {
  const list = volumes.filter(inBinds).map((m) => `${m.source}:${m.target}${mountSuffix(m)}`);
  return list.length === 0 ? undefined : list;
}

function inBinds(m: DesiredMount): boolean {
  return m.type === 'bind' || (m.type === 'volume' && m.source !== '' && m.selinux !== undefined);
}

/** Volume and tmpfs mounts; `kept` anonymous volumes are reused at their paths unless stack.ts mounts something else there. */
function mounts(volumes: DesiredMount[], kept: { name: string; target: string }[]): Record<string, unknown>[] | undefined {
  const keptAt = new Map(kept.map((v) => [v.target, v.name]));
  const list = volumes.filter((m) => !inBinds(m)).map((m) => dropUndefined({
    Type: m.type,
    // No Source on a volume mount = an anonymous volume (a new one, unless the replaced container had one there).
    Source: m.type === 'volume' ? m.source || keptAt.get(m.target) : undefined,
    Target: m.target,
    ReadOnly: m.readOnly,
    TmpfsOptions: m.type === 'tmpfs' && m.tmpfsSize !== undefined ? { SizeBytes: m.tmpfsSize } : undefined,
    VolumeOptions: m.nocopy ? { NoCopy: true } : undefined,
  }));
  // An image's own VOLUME paths are not in stack.ts at all; they get the replaced container's volume back too.
  const extra = kept.filter((v) => !volumes.some((m) => m.target === v.target)).map((v) => ({ Type: 'volume', Source: v.name, Target: v.target }));
  return list.length + extra.length === 0 ? undefined : [...list, ...extra];
}

function restartPolicy(restart: string): { Name: string; MaximumRetryCount?: number } {
  const [name = 'no', retries] = restart.split(':');
  if (name === 'on-failure') return { Name: name, MaximumRetryCount: retries === undefined ? 0 : Number(retries) };
  return { Name: name };
}

function nanoseconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms * 1_000_000;
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
