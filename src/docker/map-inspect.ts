/**
 * Daemon data → stackfile's ActualState types, as pure functions. The input shapes name only the Engine API fields
 * read here (dockerode's types satisfy them), so tests build them as plain objects.
 */
import type { ActualContainer, ActualNetwork, ActualPort, ActualVolume, ContainerState, HealthState } from './actual';
import type { ContainerDetails } from './client';
import { LABEL } from './labels';

type Labels = Record<string, string> | null | undefined;

/** One item of GET /containers/json. */
export interface ContainerListItem {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Created: number;
  Command?: string;
  Labels: Labels;
  State: string;
  Status: string;
  Ports?: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[] | null;
  NetworkSettings?: { Networks?: Record<string, unknown> | null } | null;
  HostConfig?: { NetworkMode?: string } | null;
}

/** The parts of GET /containers/{id}/json read here. */
export interface ContainerInspect {
  Id: string;
  Name: string;
  State: {
    Status: string;
    ExitCode: number;
    OOMKilled?: boolean;
    Error?: string;
    Health?: { Status: string; Log?: { ExitCode: number; Output: string }[] | null } | null;
  };
  NetworkSettings?: { Ports?: Record<string, { HostIp: string; HostPort: string }[] | null> | null } | null;
  Mounts?: { Type: string; Name?: string; Destination: string }[] | null;
  Config?: { Env?: string[] | null } | null;
}

export interface NetworkListItem {
  Id: string;
  Name: string;
  Labels?: Labels;
}

export interface VolumeListItem {
  Name: string;
  Labels?: Labels;
}

const STATES: readonly ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];

export function mapContainer(item: ContainerListItem): ActualContainer {
  const labels = item.Labels ?? {};
  const number = Number.parseInt(labels[LABEL.number] ?? '', 10);
  const health = healthFromStatus(item.Status);
  return {
    id: item.Id,
    name: containerNameFrom(item.Names),
    service: labels[LABEL.service] ?? '',
    number: Number.isFinite(number) ? number : 0,
    state: containerState(item.State),
    ...exitCodeFrom(item.Status),
    ...(health ? { health } : {}),
    imageId: item.ImageID,
    image: item.Image,
    ...(labels[LABEL.configHash] ? { configHash: labels[LABEL.configHash] } : {}),
    ...appliedFrom(labels),
    dependsOn: commaList(labels[LABEL.dependsOn]),
    ports: dedupePorts(withoutIpv6Twins(item.Ports ?? [], (p) => p.IP, (p) => `${p.PrivatePort}/${p.Type}`).map((p) => ({
      target: p.PrivatePort,
      ...(p.PublicPort ? { published: p.PublicPort } : {}),
      protocol: p.Type === 'udp' ? 'udp' : 'tcp',
      hostIp: normaliseHostIp(p.IP),
    }))),
    networks: Object.keys(item.NetworkSettings?.Networks ?? {}),
    ...(item.HostConfig?.NetworkMode?.startsWith('container:') ? { networkMode: item.HostConfig.NetworkMode } : {}),
    created: item.Created,
    ...(item.Command !== undefined ? { command: item.Command } : {}),
    ...(item.Status ? { status: item.Status } : {}),
    ...(labels[LABEL.env] !== undefined ? { env: labels[LABEL.env] } : {}),
  };
}

/** "Exited (137) 2 minutes ago" → 137: the list call carries no exit code field, only this text. */
function exitCodeFrom(status: string): { exitCode?: number } {
  const m = /^Exited \((-?\d+)\)/.exec(status);
  return m ? { exitCode: Number(m[1]) } : {};
}

export function mapContainerDetails(info: ContainerInspect): ContainerDetails {
  const health = info.State.Health?.Status;
  const ports: ContainerDetails['ports'] = [];
  for (const [key, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
    const [target, protocol = 'tcp'] = key.split('/');
    for (const b of withoutIpv6Twins(bindings ?? [], (x) => x.HostIp, () => key)) {
      ports.push({ target: Number(target), protocol, hostIp: normaliseHostIp(b.HostIp), published: Number(b.HostPort) });
    }
  }
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    state: containerState(info.State.Status),
    exitCode: info.State.ExitCode,
    ...(isHealth(health) ? { health } : {}),
    healthLog: (info.State.Health?.Log ?? []).map((l) => ({ exitCode: l.ExitCode, output: l.Output })),
    ports: dedupeBy(ports, (p) => `${p.target}/${p.protocol}/${p.hostIp}/${p.published}`),
    oomKilled: info.State.OOMKilled ?? false,
    error: info.State.Error ?? '',
    env: info.Config?.Env ?? [],
    // Named volumes have names people chose; the daemon names anonymous ones with 64 hex digits.
    anonymousVolumes: (info.Mounts ?? []).filter((m) => m.Type === 'volume' && /^[0-9a-f]{64}$/.test(m.Name ?? '')).map((m) => ({ name: m.Name!, target: m.Destination })),
  };
}

export function mapNetwork(n: NetworkListItem): ActualNetwork {
  const labels = n.Labels ?? {};
  return {
    id: n.Id,
    name: n.Name,
    ...(labels[LABEL.network] ? { key: labels[LABEL.network] } : {}),
    ...(labels[LABEL.configHash] ? { configHash: labels[LABEL.configHash] } : {}),
    ...appliedFrom(labels),
  };
}

export function mapVolume(v: VolumeListItem): ActualVolume {
  const labels = v.Labels ?? {};
  return {
    name: v.Name,
    ...(labels[LABEL.volume] ? { key: labels[LABEL.volume] } : {}),
    ...(labels[LABEL.configHash] ? { configHash: labels[LABEL.configHash] } : {}),
    ...appliedFrom(labels),
  };
}

/** The list's Status text is the only health source that costs no extra call: "Up 3 seconds (health: starting)". */
export function healthFromStatus(status: string): HealthState | undefined {
  if (status.includes('(healthy)')) return 'healthy';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(health: starting)')) return 'starting';
  return undefined;
}

/** A label someone edited by hand or an older format must not crash `plan`; it only loses the field-level diff. */
export function parseApplied(label: string | undefined): Record<string, unknown> | undefined {
  if (!label) return undefined;
  try {
    const value: unknown = JSON.parse(label);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function appliedFrom(labels: Record<string, string>): { applied?: Record<string, unknown> } {
  const applied = parseApplied(labels[LABEL.applied]);
  return applied ? { applied } : {};
}

function commaList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function containerState(state: string): ContainerState {
  return (STATES as readonly string[]).includes(state) ? (state as ContainerState) : 'dead';
}

function isHealth(value: string | undefined): value is HealthState {
  return value === 'starting' || value === 'healthy' || value === 'unhealthy';
}

/** Names holds "/name" plus "/other/alias" entries for legacy links; the container's own name has one slash. */
function containerNameFrom(names: string[]): string {
  const own = names.find((n) => n.lastIndexOf('/') === 0) ?? names[0] ?? '';
  return own.replace(/^\//, '');
}

/**
 * Docker binds "all interfaces" twice (0.0.0.0 and ::) and reports both; stackfile's desired form says "" for all
 * interfaces, so both become "" and collapse into one port.
 */
function normaliseHostIp(ip: string | undefined): string {
  return !ip || ip === '0.0.0.0' || ip === '::' ? '' : ip;
}

/**
 * Docker 20.10 binds an all-interfaces port on 0.0.0.0 and on ::, and when the host port is left to the daemon it
 * picks a different one for each (32782 and 32781), so the two do not collapse by value. The IPv6 twin of an IPv4
 * all-interfaces binding is the same published port to a user; keep the IPv4 one, which is what `docker port` prints
 * first. A binding the user made on :: alone has no IPv4 twin and stays.
 */
function withoutIpv6Twins<T>(bindings: T[], ip: (b: T) => string | undefined, port: (b: T) => string): T[] {
  const hasIpv4Any = new Set(bindings.filter((b) => ip(b) === '0.0.0.0').map(port));
  return bindings.filter((b) => ip(b) !== '::' || !hasIpv4Any.has(port(b)));
}

function dedupePorts(ports: ActualPort[]): ActualPort[] {
  return dedupeBy(ports, (p) => `${p.target}/${p.protocol}/${p.hostIp}/${p.published ?? ''}`)
    .sort((a, b) => a.target - b.target || a.protocol.localeCompare(b.protocol) || (a.published ?? 0) - (b.published ?? 0));
}

function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
