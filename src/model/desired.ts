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
  /** Swarm's publishing mode, when set (a single host ignores it). */
  mode?: 'host' | 'ingress';
  /** Compose's port `name` and `app_protocol`: labels for tools, nothing in the container. */
  name?: string;
  appProtocol?: string;
}

export interface DesiredMount {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Daemon volume name (resolved) or absolute host path; empty for tmpfs and anonymous volumes. */
  source: string;
  target: string;
  readOnly: boolean;
  /** tmpfs size in bytes. */
  tmpfsSize?: number;
  // Left out when unset, so mounts without them keep the applied-spec hash they had before the keys existed.
  /** SELinux relabelling of a bind mount or named volume: `z` shared between containers, `Z` private to this one. */
  selinux?: 'z' | 'Z';
  /** A named or anonymous volume is not filled with what the image has at the target when it is empty. */
  nocopy?: true;
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
  cacheFrom?: string[];
  labels?: Record<string, string>;
  network?: string;
  /** `host:ip` entries. */
  extraHosts?: string[];
}

/**
 * Where a secret's value came from, kept so exporters can reference the source instead of the value: a variable
 * name, an absolute file path, a value computed in stack.ts, or a Swarm secret that exists outside the stack.
 */
export type DesiredSecretSource = { kind: 'var'; name: string } | { kind: 'file'; path: string } | { kind: 'value' } | { kind: 'external'; name: string };

export interface DesiredSecret {
  name: string;
  /** Absolute path in the container. */
  target: string;
  mode: number;
  uid: number;
  gid: number;
  /** The text; for a file that is not UTF-8, its bytes in base64 (`binary`: see file-content.ts). */
  value: string;
  binary?: true;
  source?: DesiredSecretSource;
}

/** Where a config's text came from (a file's absolute path, inline, a variable, or a Swarm config outside the stack). */
export type DesiredConfigSource = { kind: 'file'; path: string } | { kind: 'content' } | { kind: 'environment'; name: string } | { kind: 'external'; name: string };

/** A config file put in the container; unlike a secret, its text is not hidden (only digested in labels, for size). */
export interface DesiredConfig {
  /** Key of the top-level `configs` entry. */
  name: string;
  /** Absolute path in the container. */
  target: string;
  mode: number;
  uid: number;
  gid: number;
  /** The text; for a file that is not UTF-8, its bytes in base64 (`binary`: see file-content.ts). */
  content: string;
  binary?: true;
  source: DesiredConfigSource;
}

/** Compose's `deploy`, normalised: durations in ms, sizes in bytes. Kept whole for cluster targets. */
export interface DesiredDeploy {
  mode?: 'replicated' | 'global';
  replicas?: number;
  endpointMode?: 'vip' | 'dnsrr';
  labels?: Record<string, string>;
  placement?: { constraints?: string[]; preferences?: { spread: string }[]; maxReplicasPerNode?: number };
  resources?: {
    limits?: { nanoCpus?: number; memoryBytes?: number; pids?: number };
    reservations?: { nanoCpus?: number; memoryBytes?: number };
  };
  restartPolicy?: { condition?: 'none' | 'on-failure' | 'any'; delayMs?: number; maxAttempts?: number; windowMs?: number };
  updateConfig?: DesiredUpdateConfig;
  rollbackConfig?: DesiredUpdateConfig;
}

export interface DesiredUpdateConfig {
  parallelism?: number;
  delayMs?: number;
  failureAction?: 'continue' | 'rollback' | 'pause';
  monitorMs?: number;
  maxFailureRatio?: number;
  order?: 'stop-first' | 'start-first';
}

/** A service's attachment to one network. */
export interface DesiredServiceNetwork {
  aliases: string[];
  ipv4Address?: string;
  ipv6Address?: string;
  linkLocalIps?: string[];
  /** Networks are connected highest priority first; the map's order already reflects it. */
  priority?: number;
}

export interface DesiredDevice {
  source: string;
  target: string;
  /** cgroup permissions, e.g. `'rwm'`. */
  permissions: string;
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
  /** Daemon network name → the attachment, in connection order (empty with a `networkMode`). */
  networks: Record<string, DesiredServiceNetwork>;
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
  // The keys below are left out (not empty) when unset, so services that do not use them keep the applied-spec hash
  // they had before the keys existed: upgrading stackfile recreates nothing.
  /** Config files, by name. */
  configs?: DesiredConfig[];
  /** Exposed-only ports, `'8080/tcp'`. */
  expose?: string[];
  platform?: string;
  runtime?: string;
  /** `host`, `none`, `bridge`, `service:NAME` or `container:NAME`. */
  networkMode?: string;
  dns?: string[];
  dnsSearch?: string[];
  dnsOpt?: string[];
  /** `host`, `service:NAME` or `container:NAME`. */
  pid?: string;
  ipc?: string;
  devices?: DesiredDevice[];
  securityOpt?: string[];
  /** Path → mount options (`'size=64m'`, or '' for none). */
  tmpfs?: Record<string, string>;
  logging?: { driver: string; options: Record<string, string> };
  pidsLimit?: number;
  memoryReservationBytes?: number;
  /** Compose's `deploy`, kept whole; the parts a single host applies are also in replicas/restart/resources. */
  deploy?: DesiredDeploy;
  /** Where each secret environment variable's value came from (for exporters). Not part of the applied spec. */
  secretEnvSources?: Record<string, DesiredSecretSource>;
  /**
   * `envFile`, for exporters: the files (absolute paths), and for each variable whose value came from one of them
   * (not from `environment`) that file's index. A Compose file names the files rather than copying their values in.
   * Not part of the applied spec.
   */
  envFiles?: { files: { path: string; required: boolean }[]; from: Record<string, number> };
  /** Compose's `links`: another service's first container under an extra DNS name only this service resolves. */
  links?: { service: string; alias: string }[];
  /**
   * Whether stack.ts chose `restart` (the service's own `restart`, or `deploy.restartPolicy.condition`, wherever it
   * was written: a module, `overrides`, an env overlay) rather than leaving the default. The engine's default is
   * `'no'` too, so only this tells a service marked to run once from one that never said (most long-running ones):
   * the Kubernetes export makes the first a Job (workload-kind.ts). Left out when false; not part of the applied
   * spec, and not shown by `stack config`: the container is the same either way.
   */
  restartExplicit?: true;
  /** Dependencies (dependsOn `restart: true`) whose recreation or start by `up` restarts this service. Not applied. */
  restartWith?: string[];
  /** Dependencies (dependsOn `required: false`) this service starts without when they are absent or fail. Not applied. */
  optionalDeps?: string[];
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
  /** Only when true (left out otherwise, so networks made before the key existed keep their hash). */
  enableIpv6?: true;
}

export interface DesiredState {
  project: string;
  /** The env overlay applied, if any. */
  env?: string;
  /** The deployment target stack.ts (or its env overlay) names; left out when unset (the command line decides). */
  target?: 'containers' | 'swarm';
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
