/**
 * The types users write stack.ts with. Keys are Docker Compose's, in camelCase, so a Compose user recognises them;
 * every key has a doc comment because editors show it as hover text. These describe the *input*; the normalised form
 * stackfile plans with lives in `desired.ts`.
 */
import type { ModuleInstance } from './module-types';

/** A duration, Compose style: `'1m30s'`, `'500ms'`, `'2h'`, `'10s'`; a bare number means seconds. */
export type Duration = string | number;

/** A size: `'512m'`, `'1g'`, `'64k'`, or a number of bytes. */
export type ByteSize = string | number;

/** Where a secret's value comes from: a layered variable, a file, or a value computed in stack.ts. */
export type SecretSource = { readonly kind: 'var'; readonly name: string } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'value'; readonly value: string };

/**
 * A value stackfile keeps out of its stored state and all output: made by `secret('VAR')`, `secret.file('./path')`
 * or `secret.value(computed)`. Best used in a service's `secrets`, which puts it in the file `/run/secrets/<name>`.
 */
export interface Secret {
  readonly __stackfileSecret: true;
  readonly source: SecretSource;
}

/**
 * A published port. Short form `'8080:80'`, `'127.0.0.1:8080:80/udp'`, `'80'` (random host port),
 * or the long form.
 * @example ports: ['3000:3000', { published: 8443, target: 443, hostIp: '127.0.0.1' }]
 */
export type PortSpec =
  | string
  | number
  | {
      /** Port inside the container. */
      target: number;
      /** Port on the host; omit for a random free port. */
      published?: number | string;
      /** `'tcp'` (default) or `'udp'`. */
      protocol?: 'tcp' | 'udp';
      /** Host address to bind; default all interfaces. */
      hostIp?: string;
      /**
       * Swarm only: `'ingress'` (default, the routing mesh) or `'host'` (published on the node running the task).
       * A single host publishes on itself either way, so the container target ignores it (`stack config` says so).
       */
      mode?: 'host' | 'ingress';
      /** A name for the port, for humans and tools (Compose's `name`); changes nothing in the container. */
      name?: string;
      /** The application protocol on this port (`'http'`, `'grpc'`), as Compose's `app_protocol`; a hint for tools. */
      appProtocol?: string;
    };

/**
 * A mount. Short form `'name:/path'` (named volume), `'./dir:/path:ro'` (bind mount, relative to stack.ts),
 * `'/path'` (anonymous volume), or the long form. Short-form options after the target, comma-separated: `ro`/`rw`,
 * SELinux `z` (shared) or `Z` (private) relabelling of a bind or named volume, and `nocopy` for a volume.
 * @example volumes: ['pgdata:/var/lib/postgresql/data', './src:/app/src:ro,Z', { type: 'tmpfs', target: '/tmp' }]
 */
export type VolumeSpec =
  | string
  | {
      /** `'volume'` (named, declared under top-level `volumes`), `'bind'` (host path) or `'tmpfs'`. */
      type: 'volume' | 'bind' | 'tmpfs';
      /** Volume name or host path (relative paths resolve against stack.ts's folder). Not used for tmpfs. */
      source?: string;
      /** Path inside the container. */
      target: string;
      /** Mount read-only. */
      readOnly?: boolean;
      /** tmpfs size, e.g. `'64m'`. */
      tmpfsSize?: ByteSize;
      /** Bind mount options (`type: 'bind'` only), as Compose's `bind:`. */
      bind?: {
        /**
         * SELinux relabelling of the host path so the container may use it on an SELinux host (Fedora, RHEL):
         * `'z'` shared with other containers, `'Z'` private to this one. Does nothing where SELinux is off.
         */
        selinux?: 'z' | 'Z';
      };
      /** Volume options (`type: 'volume'` only), as Compose's `volume:`. */
      volume?: {
        /** Do not fill an empty volume with what the image has at the target (Docker copies it by default). */
        nocopy?: boolean;
      };
    };

/** When a dependent service may start: after the dependency's container started, became healthy, or exited 0. */
export type DependencyCondition = 'started' | 'healthy' | 'completed';

/** The long form of a dependency, as Compose's. */
export interface DependsOnSpec {
  /** When this service may start (default `'started'`). */
  condition?: DependencyCondition;
  /** Restart this service after `up` recreates or starts the dependency (Compose's `restart: true`). Default false. */
  restart?: boolean;
  /**
   * `false`: ignore the dependency when it is not in the stack or its profile is off, and start this service even
   * when it fails to start or get ready (with a warning). Default true.
   */
  required?: boolean;
}

/**
 * A healthcheck; `dependsOn: { db: 'healthy' }` waits for it.
 * @example healthcheck: { test: ['CMD', 'pg_isready'], interval: '2s', timeout: '3s', retries: 10, startPeriod: '5s' }
 */
export interface HealthcheckSpec {
  /** `['CMD', 'exe', 'arg']`, `['CMD-SHELL', 'cmd && cmd']`, or a string run by the shell. */
  test?: string | string[];
  /** Time between checks (default 30s). */
  interval?: Duration;
  /** Time one check may take (default 30s). */
  timeout?: Duration;
  /** Consecutive failures before unhealthy (default 3). */
  retries?: number;
  /** Grace period during which failures don't count (default 0s). */
  startPeriod?: Duration;
  /** Turn off a healthcheck the image defines. `{ disable: false }` alone changes nothing: the image's one stays. */
  disable?: boolean;
}

/** How to build a service's image; a string is the build context. */
export type BuildSpec =
  | string
  | {
      /** Folder sent to the daemon, relative to stack.ts. `.dockerignore` in it is honoured. */
      context: string;
      /** Dockerfile path relative to the context (default `Dockerfile`). */
      dockerfile?: string;
      /** Multi-stage target to build. */
      target?: string;
      /**
       * Build arguments (`ARG`): `{ NODE_ENV: 'production' }`, or Compose's list `['NODE_ENV=production', 'TAG']`,
       * where a bare name takes its value from the layered variables (and is left out when unset).
       */
      args?: Record<string, string | number | boolean> | string[];
      /** Images whose layers the build may reuse, e.g. `['registry.example.com/app:cache']`. */
      cacheFrom?: string[];
      /** Labels of the built image: `{ 'org.opencontainers.image.source': '...' }` or `['KEY=value']`. */
      labels?: Record<string, string> | string[];
      /** Network the `RUN` steps use: `'host'`, `'none'` or a network name (default: the daemon's bridge). */
      network?: string;
      /** Extra `/etc/hosts` entries during the build: `['registry.local:10.0.0.5']` or `{ name: ip }`. */
      extraHosts?: string[] | Record<string, string>;
      /**
       * BuildKit secrets (`RUN --mount=type=secret`): typed so Compose files import, but stackfile builds through
       * the Engine API's classic builder, which has none, so using it is an error until BuildKit builds land.
       */
      secrets?: string[];
      /** BuildKit SSH agent forwarding (`RUN --mount=type=ssh`); an error for the same reason as `secrets`. */
      ssh?: string[];
    };

/** A service's membership in one network. */
export interface ServiceNetworkSpec {
  /** Extra DNS names this service answers to on the network. */
  aliases?: string[];
  /** Fixed IPv4 address on this network (the network needs an `ipam` subnet holding it); one replica only. */
  ipv4Address?: string;
  /** Fixed IPv6 address on this network; one replica only. */
  ipv6Address?: string;
  /** Link-local addresses on this network, e.g. `['169.254.8.8']`. */
  linkLocalIps?: string[];
  /** Higher first: the order the container is connected to its networks in (default 0), as Compose's `priority`. */
  priority?: number;
}

/** The long form of a service secret: where the file goes and who may read it. */
export interface ServiceSecretSpec {
  /** The value: `secret('VAR')`, `secret.file('./path')` or `secret.value(computed)`. */
  source: Secret;
  /** Absolute path of the file in the container (default `/run/secrets/<name>`). */
  target?: string;
  /** File mode (default `0o444`, as Compose's). */
  mode?: number;
  /** Owner (default 0, root). */
  uid?: number;
  gid?: number;
}

/**
 * A service's use of a top-level secret or config, Compose style: its name, or the long form. A secret's file is
 * `/run/secrets/<name>` by default, a config's `/<name>`; a relative `target` is under that folder (secrets) or `/`.
 * @example secrets: ['db_password', { source: 'tls_key', target: 'key.pem', mode: 0o400, uid: '1000' }]
 */
export type FileReference =
  | string
  | {
      /** Key of the top-level `secrets` or `configs` entry. */
      source: string;
      /** Path of the file in the container. */
      target?: string;
      /** Owner, as a number or numeric string (Compose writes strings). Default 0. */
      uid?: string | number;
      gid?: string | number;
      /** File mode, e.g. `0o440` (default `0o444`). */
      mode?: number;
    };

/**
 * A top-level secret: a `secret(...)` value, or one that already exists in the Swarm (`external`). The container
 * target copies the value into each container that lists it; an external one exists only on Swarm.
 * @example secrets: { db_password: secret('DB_PASSWORD'), tls_key: secret.file('./certs/key.pem') }
 */
export type SecretDefinition = Secret | { external: true; name?: string };

/**
 * A top-level config: a file of settings copied into the containers that list it (default path `/<name>`), shown
 * in `stack config` and plans like any value (use a secret for anything private). Its text comes from a file
 * (relative to stack.ts), is given inline, or comes from a variable; `external` ones exist only on Swarm.
 * @example configs: { nginx_conf: { file: './nginx.conf' }, motd: { content: 'hello' }, flags: { environment: 'FLAGS' } }
 */
export type ConfigDefinition = { file: string } | { content: string } | { environment: string } | { external: true; name?: string };

/** A Swarm rollout (or rollback) policy: how many tasks change at once and what happens when one fails. */
export interface UpdateConfig {
  /** Tasks updated at once (default 1; 0 = all at once). */
  parallelism?: number;
  /** Wait between batches. */
  delay?: Duration;
  /** What to do when an updated task fails: `'pause'` (default), `'continue'` or `'rollback'`. */
  failureAction?: 'continue' | 'rollback' | 'pause';
  /** How long after each task's update to watch it for failure. */
  monitor?: Duration;
  /** Share of failed tasks tolerated during the update (0 to 1). */
  maxFailureRatio?: number;
  /** `'stop-first'` (default) or `'start-first'`: the new task starts before the old one stops (zero downtime). */
  order?: 'stop-first' | 'start-first';
}

/**
 * Compose's `deploy`, in camelCase: how a service runs on a cluster (Docker Swarm). On a single host the keys that
 * have a container equivalent apply (`replicas`, `resources`, `restartPolicy`); the rest are kept for Swarm and
 * listed by `stack config` as ignored here.
 * @example deploy: { replicas: 2, resources: { limits: { cpus: 0.5, memory: '256m' } }, updateConfig: { order: 'start-first' } }
 */
export interface DeploySpec {
  /** `'replicated'` (default: `replicas` tasks) or `'global'` (one task on every node; on a single host, one). */
  mode?: 'replicated' | 'global';
  /** Number of containers; the same as the service's `replicas` (setting both differently is an error). */
  replicas?: number;
  /** Swarm service discovery: `'vip'` (default, a virtual IP) or `'dnsrr'` (DNS round robin over the tasks). */
  endpointMode?: 'vip' | 'dnsrr';
  /** Labels on the Swarm service (not on its containers: use the service's `labels` for those). */
  labels?: Record<string, string> | string[];
  /** Which nodes may run the tasks. */
  placement?: {
    /** e.g. `['node.role == manager', 'node.labels.disk == ssd']`. */
    constraints?: string[];
    /** e.g. `[{ spread: 'node.labels.zone' }]`. */
    preferences?: { spread: string }[];
    /** At most this many tasks of the service on one node. */
    maxReplicasPerNode?: number;
  };
  /** Limits apply on every target; reservations are what the scheduler sets aside (memory applies on one host too). */
  resources?: {
    limits?: {
      /** CPUs, e.g. `0.5` or `'1.5'`; the same as the service's `resources.cpus`. */
      cpus?: number | string;
      /** Memory limit, e.g. `'512m'`; the same as the service's `resources.memory`. */
      memory?: ByteSize;
      /** Maximum number of processes in the container. */
      pids?: number;
    };
    reservations?: {
      /** CPUs set aside on the node (Swarm only). */
      cpus?: number | string;
      /** Memory set aside; on a single host, the container's soft memory limit (`--memory-reservation`). */
      memory?: ByteSize;
    };
  };
  /** When to restart a container; used as the service's `restart` when that is not set. */
  restartPolicy?: {
    /** `'any'` (Docker's `always`), `'on-failure'` or `'none'` (Docker's `no`). */
    condition?: 'none' | 'on-failure' | 'any';
    /** Wait between restarts (Swarm only). */
    delay?: Duration;
    /** Give up after this many restarts (with `on-failure`: `on-failure:N` on a single host). */
    maxAttempts?: number;
    /** How long to wait before deciding a restart succeeded (Swarm only). */
    window?: Duration;
  };
  /** How a changed service rolls out on Swarm. */
  updateConfig?: UpdateConfig;
  /** How Swarm rolls back a failed update. */
  rollbackConfig?: UpdateConfig;
}

/** Restart policy, as Docker's: `'no'`, `'always'`, `'unless-stopped'`, `'on-failure'` or `'on-failure:5'`. */
export type RestartPolicy = 'no' | 'always' | 'unless-stopped' | 'on-failure' | `on-failure:${number}`;

/** What a change under a watch rule's path does in `stack dev`. */
export type WatchAction = 'sync' | 'sync+restart' | 'sync+exec' | 'restart' | 'rebuild';

/**
 * A `stack dev` watch rule: Compose's `develop.watch`, in camelCase. Changing a rule recreates nothing.
 * @example watch: [
 *   { path: './api/src', action: 'sync', target: '/app/src', ignore: ['**\/*.test.ts'] },
 *   { path: './api/package.json', action: 'rebuild' },
 *   { path: './api/config', action: 'sync+restart', target: '/app/config' },
 * ]
 */
export interface WatchRule {
  /** File or folder on the host to watch, relative to stack.ts. */
  path: string;
  /**
   * `'sync'` copies changed files (and deletions) into every replica, no tar or shell needed in the image;
   * `'sync+restart'` then restarts the containers; `'sync+exec'` then runs `exec` in them; `'restart'` only restarts;
   * `'rebuild'` rebuilds the image (the service needs `build`) and recreates the service.
   */
  action: WatchAction;
  /** Absolute path in the container that `path` is copied to (sync actions). */
  target?: string;
  /** Changes to ignore: `.dockerignore` patterns relative to `path`, e.g. `['**\/*.test.ts', 'tmp']`. */
  ignore?: string[];
  /** Command run in every replica after each sync (`'sync+exec'` only), e.g. `['kill', '-HUP', '1']`. */
  exec?: string[];
  /** Copy all of `path` into each container `stack dev` starts or recreates, so it matches the host from the start. */
  initialSync?: boolean;
}

/** One container definition (replicated `replicas` times). */
export interface ServiceSpec {
  /** Image to run, e.g. `'postgres:16'`. With `build`, the tag the built image gets. */
  image?: string;
  /** Build the image from a folder instead of (or as well as) naming one. */
  build?: BuildSpec;
  /** Overrides the image's CMD. An array is exec form; a string is split like a shell would (no shell runs). */
  command?: string | string[];
  /** Overrides the image's ENTRYPOINT. */
  entrypoint?: string | string[];
  /**
   * Environment variables. Values may be `secret(...)`: their value is never printed or stored in labels.
   * `null` removes a variable an overlay inherited.
   */
  environment?: Record<string, string | number | boolean | Secret | null> | string[];
  /**
   * `.env`-style files (relative to stack.ts) whose variables are added, later files winning; `environment` wins on
   * conflict. A missing file is an error unless its entry says `required: false` (Compose's long form).
   * @example envFile: ['./common.env', { path: './local.env', required: false }]
   */
  envFile?: string | (string | { path: string; required?: boolean })[];
  /**
   * Secrets as files: each becomes `/run/secrets/<name>` inside the container, copied in before it starts, so the
   * value is not in `docker inspect` (Env, Labels, Mounts) the way an environment variable is. A changed value
   * recreates the container; the value itself is never printed or stored outside the container.
   * The list form names top-level `secrets`, as Compose does.
   * @example secrets: { db_password: secret('DB_PASSWORD'), tls_key: { source: secret.file('./key.pem'), mode: 0o400, uid: 1000 } }
   * @example secrets: ['db_password', { source: 'tls_key', target: '/etc/tls/key.pem', mode: 0o400 }]
   */
  secrets?: Record<string, Secret | ServiceSecretSpec> | FileReference[];
  /**
   * Top-level `configs` to put in the container as files (default `/<name>`), copied in before it starts like
   * secrets, but not masked: their text is shown by `stack config`, and a change recreates the container.
   * @example configs: ['nginx_conf', { source: 'app_conf', target: '/etc/app/config.yml' }]
   */
  configs?: FileReference[];
  /** Published ports. */
  ports?: PortSpec[];
  /** Mounts: named volumes, bind mounts, tmpfs. */
  volumes?: VolumeSpec[];
  /** Networks to join (default: the project's `default` network). */
  networks?: string[] | Record<string, ServiceNetworkSpec | null>;
  /**
   * Services to start first: `['db']` waits for started; `{ db: 'healthy', migrate: 'completed' }`. The long form
   * adds Compose's `restart: true` (when `up` recreates or starts the dependency, this service is restarted after it)
   * and `required: false` (a dependency that is not in the stack or whose profile is off is ignored, and one that
   * fails to start is a warning: this service starts anyway).
   * @example dependsOn: { db: { condition: 'healthy', restart: true }, cache: { condition: 'started', required: false } }
   */
  dependsOn?: string[] | Record<string, DependencyCondition | DependsOnSpec>;
  /**
   * Compose's `links` (legacy): `'db'` or `'db:database'`. The service also answers to the alias, seen from this
   * service only, on this service's first network (which both must share), and it starts first. Services already
   * reach each other by name; for a name everyone sees, use the network's `aliases`.
   */
  links?: string[];
  /** Container healthcheck. */
  healthcheck?: HealthcheckSpec;
  /**
   * Restart policy (default `'no'`). Writing `'no'` marks a one-shot task: `stack export kubernetes` makes it a Job
   * (unless it has ports, a healthcheck, or a dependant that waits for it to be started or healthy), where the
   * default leaves a Deployment.
   * @example migrate: { image: 'app:1', command: ['npm', 'run', 'migrate'], restart: 'no' }
   */
  restart?: RestartPolicy;
  /**
   * Profiles that enable this service; without any, it always runs. With profiles it runs only when one is enabled
   * (`--profile debug`, or `STACK_PROFILES=debug,tools`) or when it is named on the command line (`stack up adminer`).
   * @example profiles: ['debug']
   */
  profiles?: string[];
  /** Number of containers (default 1). `0` keeps the service defined but runs nothing. */
  replicas?: number;
  /** User (and group) to run as: `'1000'`, `'node'`, `'1000:1000'`. */
  user?: string;
  /** Working directory inside the container. */
  workingDir?: string;
  /** Run an init process (docker-init) as PID 1 that forwards signals and reaps zombies. */
  init?: boolean;
  /** Signal sent to stop the container (default `SIGTERM`). */
  stopSignal?: string;
  /** Time to wait after the stop signal before SIGKILL (default 10s). */
  stopGracePeriod?: Duration;
  /** Container labels. */
  labels?: Record<string, string> | string[];
  /** Extra `/etc/hosts` entries: `['host.docker.internal:host-gateway']` or `{ name: ip }`. */
  extraHosts?: string[] | Record<string, string>;
  /** Container hostname. */
  hostname?: string;
  /** Fixed container name instead of `<project>-<service>-<n>`; only with one replica. */
  containerName?: string;
  /** Allocate a pseudo-TTY. */
  tty?: boolean;
  /** Keep stdin open. */
  stdinOpen?: boolean;
  /** Linux capabilities to add, e.g. `['NET_ADMIN']`. */
  capAdd?: string[];
  /** Linux capabilities to drop. */
  capDrop?: string[];
  /** Give the container extended privileges. */
  privileged?: boolean;
  /** Mount the root filesystem read-only. */
  readOnly?: boolean;
  /** Size of `/dev/shm`, e.g. `'256m'`. */
  shmSize?: ByteSize;
  /** Resource limits: `{ nofile: { soft: 1024, hard: 2048 }, nproc: 512 }`; `-1` is unlimited (`memlock: -1`), as in Compose. */
  ulimits?: Record<string, number | { soft: number; hard: number }>;
  /** Kernel parameters: `{ 'net.core.somaxconn': 1024 }`. */
  sysctls?: Record<string, string | number> | string[];
  /** CPU and memory limits (the same as `deploy.resources.limits`, which Compose files use). */
  resources?: {
    /** CPUs, e.g. `0.5` or `'1.5'`. */
    cpus?: number | string;
    /** Memory limit, e.g. `'512m'`. */
    memory?: ByteSize;
  };
  /** `stack dev` only: what to do when files change (sync into the containers, restart, rebuild). */
  watch?: WatchRule[];
  /**
   * Ports the service listens on without publishing them (Compose's `expose`): recorded on the container as
   * exposed ports, for tools and for other containers' discovery. `'8080'`, `'9000/udp'`, `3000`, `'8000-8002'`.
   */
  expose?: (string | number)[];
  /** Platform of the image to run (and pull or build), e.g. `'linux/amd64'`. */
  platform?: string;
  /** OCI runtime to run the container with, e.g. `'runc'` or `'runsc'` (gVisor); it must be configured in the daemon. */
  runtime?: string;
  /**
   * The container's network stack: `'bridge'` (Docker's default bridge, no service DNS), `'host'`, `'none'`,
   * `'service:NAME'` (share the network of another service's first container: it starts first, and recreating it
   * recreates this one) or `'container:NAME'`. Not combined with `networks`; default: the stack's networks.
   */
  networkMode?: 'host' | 'none' | 'bridge' | `service:${string}` | `container:${string}`;
  /** DNS servers, e.g. `'1.1.1.1'` or `['1.1.1.1', '8.8.8.8']`. */
  dns?: string | string[];
  /** DNS search domains. */
  dnsSearch?: string | string[];
  /** resolv.conf options, e.g. `['ndots:1', 'timeout:2']`. */
  dnsOpt?: string[];
  /** PID namespace: `'host'`, `'service:NAME'` or `'container:NAME'`. */
  pid?: string;
  /** IPC namespace: `'private'`, `'shareable'`, `'host'`, `'none'`, `'service:NAME'` or `'container:NAME'`. */
  ipc?: string;
  /**
   * Host devices to give the container: `'/dev/ttyUSB0'`, `'/dev/sda:/dev/xvda:rwm'`, or the long form.
   * @example devices: ['/dev/fuse', { source: '/dev/snd', target: '/dev/snd', permissions: 'rw' }]
   */
  devices?: (string | { source: string; target?: string; permissions?: string })[];
  /** Security options, e.g. `['no-new-privileges:true', 'seccomp:unconfined']`. */
  securityOpt?: string[];
  /** tmpfs mounts by path, with options: `'/run'` or `['/run:size=64m', '/tmp']`. */
  tmpfs?: string | string[];
  /**
   * Where the container's logs go: a driver and its options (default: the daemon's driver, usually `json-file`).
   * @example logging: { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } }
   */
  logging?: { driver?: string; options?: Record<string, string> };
  /** Compose's `deploy`: cluster settings (Swarm), of which a single host applies replicas, resources and restart. */
  deploy?: DeploySpec;
  /** Extension keys (Compose's `x-*`): allowed anywhere in a service and ignored, e.g. for YAML-anchor-like reuse. */
  [extension: `x-${string}`]: unknown;
}

/** A named volume, created once and kept across `up` and `down` (removed only by `down --volumes`). */
export interface VolumeDefinition {
  /** Volume driver (default `local`). */
  driver?: string;
  /** Driver options. */
  driverOpts?: Record<string, string>;
  /** Volume labels. */
  labels?: Record<string, string>;
  /** Use a volume that exists outside this stack (not created, never removed). */
  external?: boolean;
  /** Actual volume name, instead of `<project>_<key>`. */
  name?: string;
  /**
   * Storage to request where volumes are claimed rather than created: the PersistentVolumeClaim that
   * `stack export kubernetes` writes (default `1g`). The Docker engine ignores it (local volumes have no size).
   * @example volumes: { pgdata: { size: '20g' } }
   */
  size?: ByteSize;
}

/** A user network. Services on it reach each other by service name. */
export interface NetworkDefinition {
  /** Network driver (default `bridge`). */
  driver?: string;
  /** Driver options. */
  driverOpts?: Record<string, string>;
  /** No outside connectivity. */
  internal?: boolean;
  /** Allow `docker network connect` of standalone containers. */
  attachable?: boolean;
  /** Network labels. */
  labels?: Record<string, string>;
  /** Use a network that exists outside this stack (not created, never removed). */
  external?: boolean;
  /** Actual network name, instead of `<project>_<key>`. */
  name?: string;
  /** IPAM subnets, e.g. `[{ subnet: '172.28.0.0/16' }]`. */
  ipam?: { driver?: string; config?: { subnet?: string; gateway?: string; ipRange?: string }[] };
  /** Give containers IPv6 addresses too (the network needs an IPv6 subnet in `ipam`, e.g. `'fd00:1::/64'`). */
  enableIpv6?: boolean;
}

/** A service as an overlay sees it: any key may be changed, and `null` removes it (back to the default). */
export type ServiceOverlay = { [K in keyof ServiceSpec]?: ServiceSpec[K] | null };

/** Everything an env overlay may change: any part of the stack, deep-merged over the base. */
export type StackOverlay = {
  services?: Record<string, ServiceOverlay | null>;
  volumes?: Record<string, VolumeDefinition | null>;
  networks?: Record<string, NetworkDefinition | null>;
  secrets?: Record<string, SecretDefinition | null>;
  configs?: Record<string, ConfigDefinition | null>;
  /** The deployment target for this env, e.g. `envs: { prod: { target: 'swarm' } }`. */
  target?: DeployTarget;
};

/**
 * Where `stack up` deploys: `containers` (one Docker engine, the default) or `swarm` (services on the Docker Swarm
 * whose manager DOCKER_HOST names). `--target NAME` on the command line wins.
 */
export type DeployTarget = 'containers' | 'swarm';

/** A whole stack: what `export default defineStack({...})` returns. */
export interface StackDefinition {
  /** Project name; containers are `<name>-<service>-<n>`. Default: the folder holding stack.ts. */
  name?: string;
  /**
   * Where `stack up` deploys (default `containers`: one Docker engine). Usually set per env, so `stack up` stays
   * local and `stack up --env prod` deploys to the cluster.
   * @example envs: { prod: { target: 'swarm', services: { web: { replicas: 3 } } } }
   */
  target?: DeployTarget;
  /** The services, by name (may be left out when `modules` bring them all). */
  services?: Record<string, ServiceSpec>;
  /**
   * Module instances whose services, volumes and networks join the stack's. A name defined twice (by two modules,
   * or by a module and the stack) is an error unless `overrides` names it. Env overlays apply after modules.
   * @example
   * const db = postgres({ name: 'db', password: secret('PG_PASSWORD') });
   * export default defineStack({ modules: [db, redis({ name: 'cache' })], services: { api: { environment: { DATABASE_URL: db.url } } } });
   */
  modules?: ModuleInstance<object>[];
  /**
   * Changes to resources modules define, deep-merged like an env overlay (objects merge, arrays replace, null
   * removes); naming a resource here also allows defining it twice, the definitions then being merged in order.
   * @example overrides: { services: { db: { ports: ['127.0.0.1:5432:5432'] } } }
   */
  overrides?: StackOverlay;
  /** Named volumes services may mount. */
  volumes?: Record<string, VolumeDefinition>;
  /** Networks services may join. A `default` network is always there unless you define your own `default`. */
  networks?: Record<string, NetworkDefinition>;
  /**
   * Secrets services list by name (`secrets: ['db_password']`), as in Compose.
   * @example secrets: { db_password: secret('DB_PASSWORD') }
   */
  secrets?: Record<string, SecretDefinition>;
  /**
   * Configuration files services list by name (`configs: ['nginx_conf']`), as in Compose.
   * @example configs: { nginx_conf: { file: './nginx.conf' } }
   */
  configs?: Record<string, ConfigDefinition>;
  /** Extension keys (Compose's `x-*`), allowed and ignored. */
  [extension: `x-${string}`]: unknown;
  /**
   * Named overlays, deep-merged over the base and chosen with `--env NAME`. Arrays replace, objects merge,
   * `null` removes.
   * @example envs: { prod: { services: { api: { replicas: 2, restart: 'always' } } } }
   */
  envs?: Record<string, StackOverlay>;
}

/** What the function form of `defineStack` receives. */
export interface StackContext {
  /** The env selected with `--env` (or `STACK_ENV`); `undefined` when none. */
  env: string | undefined;
  /**
   * Variables from the process environment (which wins), `.env.<env>.local`, `.env.<env>`, `.env.local` and `.env`,
   * with `${VAR}` / `${VAR:-default}` expanded. `ctx.vars.require('NAME')` returns a variable that must be set:
   * every missing one is reported together, before anything changes; a second argument says why, in the error.
   * `ctx.vars.bool('NAME', false)` reads one as a boolean (`true`/`yes`/`y`/`on`, `false`/`no`/`n`/`off`).
   * @example image: `api:${ctx.vars.TAG ?? 'dev'}`, environment: { DB_HOST: ctx.vars.require('DB_HOST', 'the database host') }
   */
  vars: StackVars;
  /** Absolute path of the folder holding stack.ts. */
  dir: string;
}

/** `ctx.vars`: the layered variables, plus `require` for the ones that must be set and `bool` for a switch. */
export type StackVars = { readonly [name: string]: string | undefined } & {
  /**
   * The value of `name`; when it is unset or empty, stackfile reports it (with every other missing one, and
   * `message` when given: Compose's `${NAME:?message}`) and stops. To allow an empty value (Compose's
   * `${NAME?message}`), write `ctx.vars.NAME ?? ctx.vars.require('NAME', message)`.
   * @example environment: { POSTGRES_PASSWORD: ctx.vars.require('PG_PASS', 'database password required') }
   */
  require(name: string, message?: string): string;
  /**
   * The value of `name` as a boolean, read as Compose reads one: `true`, `yes`, `y`, `on` are true and `false`,
   * `no`, `n`, `off` are false, in any case. When it is unset or empty, `fallback`; with no fallback, it is reported
   * as a missing variable. Any other value (`ture`, `1`) is reported with the variable's name and its value, with
   * every other problem, before anything changes: never read as false.
   * @example readOnly: ctx.vars.bool('READ_ONLY', false), tty: ctx.vars.bool('TTY')
   */
  bool(name: string, fallback?: boolean): boolean;
};

/** The value a stack.ts default-exports: a definition, or a function that builds one from the context. */
export type StackInput = StackDefinition | ((ctx: StackContext) => StackDefinition | Promise<StackDefinition>);
