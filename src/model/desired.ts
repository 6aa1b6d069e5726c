/**
 * The normalised desired state: every short form expanded, every default filled, all names resolved to the daemon's
 * names. `plan()` compares this against what the daemon has, and the per-service spec is stored on each container
 * (secrets replaced by digests) so the next plan diffs field by field against exactly what was applied.
 */
import type { DependencyCondition, WatchAction } from './types';

export interface DesiredPort {
  target: number;
  /** Host port (or `'8000-8010'` range); undefined = random. */
  published?: string;
  protocol: 'tcp' | 'udp';
  /** Empty string = all interfaces. */
  hostIp: string;
}

export interface DesiredMount {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Daemon volume name (resolved) or absolute host path; empty for tmpfs and anonymous volumes. */
  source: string;
  target: string;
  readOnly: boolean;
  /** tmpfs size in bytes. */
  tmpfsSize?: number;
}

export interface DesiredHealthcheck {
  /** Docker's form: `['CMD', ...]`, `['CMD-SHELL', '...']` or `['NONE']` (disabled). */
  test: string[];
  intervalMs?: number;
  timeoutMs?: number;
  retries?: number;
  startPeriodMs?: number;
}

export interface DesiredBuild {
  /** Absolute path of the build context. */
  context: string;
  dockerfile: string;
  target?: string;
  args: Record<string, string>;
}

export interface DesiredSecret {
  name: string;
  /** Absolute path in the container. */
  target: string;
  mode: number;
  uid: number;
  gid: number;
  value: string;
}

/** A `stack dev` watch rule, normalised. Not part of the applied spec: changing one recreates nothing. */
export interface DesiredWatchRule {
  /** Absolute host path (file or folder). */
  path: string;
  action: WatchAction;
  /** Absolute container path, for the sync actions. */
  target?: string;
  /** `.dockerignore` patterns relative to `path`. */
  ignore: string[];
  /** For `sync+exec`: the command run in each replica after a sync. */
  exec?: string[];
  initialSync: boolean;
}

/** One service, normalised. Field order is stable so hashes and diffs are too. */
export interface DesiredService {
  name: string;
  image: string;
  build?: DesiredBuild;
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  /** Names of environment variables whose values are secrets (digested in stored state, masked in output). */
  secretEnv: string[];
  /** Secret files, by name; values are held in memory only (never in labels or output). */
  secrets: DesiredSecret[];
  ports: DesiredPort[];
  volumes: DesiredMount[];
  /** Daemon network name → aliases. */
  networks: Record<string, { aliases: string[] }>;
  dependsOn: Record<string, DependencyCondition>;
  healthcheck?: DesiredHealthcheck;
  restart: string;
  replicas: number;
  user?: string;
  workingDir?: string;
  init: boolean;
  stopSignal?: string;
  stopGracePeriodMs?: number;
  labels: Record<string, string>;
  extraHosts: string[];
  hostname?: string;
  containerName?: string;
  tty: boolean;
  stdinOpen: boolean;
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  readOnly: boolean;
  shmSize?: number;
  ulimits: Record<string, { soft: number; hard: number }>;
  sysctls: Record<string, string>;
  /** NanoCPUs (cpus × 1e9). */
  nanoCpus?: number;
  memoryBytes?: number;
  /** `stack dev` rules; empty when the service has none. */
  watch: DesiredWatchRule[];
}

export interface DesiredVolume {
  /** Key in stack.ts. */
  key: string;
  /** Daemon name. */
  name: string;
  driver: string;
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
  external: boolean;
  /** Requested size in bytes (`size`), left out when unset; only cluster exports use it. */
  size?: number;
}

export interface DesiredNetwork {
  key: string;
  name: string;
  driver: string;
  driverOpts: Record<string, string>;
  internal: boolean;
  attachable: boolean;
  labels: Record<string, string>;
  external: boolean;
  ipam?: { driver?: string; config: { subnet?: string; gateway?: string; ipRange?: string }[] };
}

export interface DesiredState {
  project: string;
  /** The env overlay applied, if any. */
  env?: string;
  /** Absolute path of stack.ts (undefined for stacks built in code). */
  file?: string;
  /** Folder relative paths resolved against. */
  dir: string;
  services: Record<string, DesiredService>;
  volumes: Record<string, DesiredVolume>;
  networks: Record<string, DesiredNetwork>;
  /** Services defined in stack.ts but not enabled (their profiles are off) → their profiles. Left alone by `up`. */
  inactive?: Record<string, string[]>;
  /** Files read while resolving (services' env files, secret files), beyond stack.ts and its imports. */
  inputs?: string[];
}
