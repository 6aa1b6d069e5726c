import type { DesiredService, DesiredState } from './desired';
import { formatByteSize, formatDuration } from './duration';
import { mountSuffix } from './mount-suffix';
import { formatPort } from './ports';

import { SECRET_MARK } from './secret';

export { SECRET_MARK as MASK };

/**
 * The resolved stack as users read it (`stack config`): Compose-like short forms, durations as text, defaults and
 * empty fields left out, secrets masked.
 */
export function toDisplay(state: DesiredState): Record<string, unknown> {
  return prune({
    name: state.project,
    env: state.env,
    services: Object.fromEntries(Object.values(state.services).map((s) => [s.name, displayService(s)])),
    networks: Object.fromEntries(Object.values(state.networks).map(({ key, ...n }) => [key, n])),
    volumes: Object.fromEntries(Object.values(state.volumes).map(({ key, size, ...v }) => [key, { ...v, size: size === undefined ? undefined : formatByteSize(size) }])),
  }) as Record<string, unknown>;
}

export function maskedEnvironment(s: DesiredService): Record<string, string> {
  return Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, s.secretEnv.includes(k) ? SECRET_MARK : v]));
}

function displayService(s: DesiredService): unknown {
  const h = s.healthcheck;
  const { name: _name, secretEnv: _secrets, secretEnvSources: _sources, envFiles: _envFiles, restartExplicit: _restartExplicit, pidsLimit: _p, memoryReservationBytes: _m, secrets, stopGracePeriodMs, nanoCpus, memoryBytes, shmSize, ...rest } = s;
  return {
    ...rest,
    configs: s.configs && Object.fromEntries(s.configs.map((c) => [c.name, { target: c.target, ...fileOwner(c), ...(c.source.kind === 'file' ? { file: c.source.path } : c.source.kind === 'environment' ? { environment: c.source.name } : {}), content: c.binary ? `(${Buffer.from(c.content, 'base64').length} bytes, not text)` : c.content }])),
    devices: s.devices?.map((d) => `${d.source}:${d.target}:${d.permissions}`),
    tmpfs: s.tmpfs && Object.entries(s.tmpfs).map(([path, options]) => (options ? `${path}:${options}` : path)),
    deploy: s.deploy && displayUnits(s.deploy),
    environment: maskedEnvironment(s),
    secrets: Object.fromEntries(secrets.map((sec) => [sec.name, { target: sec.target, ...(sec.mode === 0o444 ? {} : { mode: `0${sec.mode.toString(8)}` }), ...(sec.uid ? { uid: sec.uid } : {}), ...(sec.gid ? { gid: sec.gid } : {}), value: SECRET_MARK }])),
    // A list when no network has aliases or addresses, as users usually write it.
    networks: Object.values(s.networks).some((n) => Object.keys(n).length > 1 || n.aliases.length) ? s.networks : Object.keys(s.networks),
    ports: s.ports.map(formatPort),
    volumes: s.volumes.map((m) => `${m.type === 'tmpfs' ? 'tmpfs' : m.source || '(anonymous)'}:${m.target}${mountSuffix(m)}`),
    healthcheck: h && {
      test: h.test,
      interval: h.intervalMs === undefined ? undefined : formatDuration(h.intervalMs),
      timeout: h.timeoutMs === undefined ? undefined : formatDuration(h.timeoutMs),
      retries: h.retries,
      startPeriod: h.startPeriodMs === undefined ? undefined : formatDuration(h.startPeriodMs),
    },
    restart: s.restart === 'no' ? undefined : s.restart,
    replicas: s.replicas === 1 ? undefined : s.replicas,
    shmSize: shmSize === undefined ? undefined : formatByteSize(shmSize),
    stopGracePeriod: stopGracePeriodMs === undefined ? undefined : formatDuration(stopGracePeriodMs),
    resources: { cpus: nanoCpus === undefined ? undefined : nanoCpus / 1e9, memory: memoryBytes === undefined ? undefined : formatByteSize(memoryBytes) },
  };
}

function fileOwner(f: { mode: number; uid: number; gid: number }): Record<string, unknown> {
  return { ...(f.mode === 0o444 ? {} : { mode: `0${f.mode.toString(8)}` }), ...(f.uid ? { uid: f.uid } : {}), ...(f.gid ? { gid: f.gid } : {}) };
}

/** `delayMs: 5000` → `delay: '5s'`, `memoryBytes` → `memory: '256m'`, `nanoCpus` → `cpus`: the units users wrote. */
function displayUnits(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(displayUnits);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => {
    if (k.endsWith('Ms') && typeof v === 'number') return [k.slice(0, -2), formatDuration(v)];
    if (k === 'memoryBytes' && typeof v === 'number') return ['memory', formatByteSize(v)];
    if (k === 'nanoCpus' && typeof v === 'number') return ['cpus', v / 1e9];
    return [k, displayUnits(v)];
  }));
}

/** Drops undefined, false, empty arrays and empty objects, so output shows only what the user set or what matters. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = prune(v);
    if (p === undefined || p === false) continue;
    if (Array.isArray(p) && p.length === 0) continue;
    if (typeof p === 'object' && p !== null && !Array.isArray(p) && Object.keys(p).length === 0) continue;
    out[k] = p;
  }
  return out;
}
