/**
 * The Docker operations stackfile needs, as an interface it owns. `dockerode-client.ts` implements it (the only
 * dockerode importer); everything else, including tests of pure parts, talks to this interface.
 */
import type { DesiredBuild } from '../model/desired';
import type { ActualContainer, ActualNetwork, ActualVolume, ContainerState, HealthState } from './actual';

/*
 * Node's types as this interface's published declaration sees them. The library's types reach this file
 * (api.ts → apply/* → DockerClient), and a user's editor checks them, with or without @types/node installed: so no
 * import from 'node:*' and no NodeJS namespace here. Buffer is node's own where the program has @types/node
 * (inferred from the global), a Uint8Array otherwise; streams are the few members stackfile uses, which node's
 * streams have.
 */

/** node's Buffer when the program has @types/node, else the Uint8Array it extends. */
export type Bytes = typeof globalThis extends { Buffer: { isBuffer(value: any): value is infer B } } ? B : Uint8Array;

/** A readable byte stream (node's Readable is one). */
export interface ByteSource {
  on(event: string, listener: (...args: any[]) => void): this;
  setEncoding(encoding: 'utf8'): this;
}

/** A writable byte stream (node's Writable and process.stdout are ones). */
export interface ByteSink {
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean;
  end(callback?: () => void): this;
  on(event: string, listener: (...args: any[]) => void): this;
}

/** Body of POST /containers/create, as the Engine API defines it (built by the pure `create-options.ts`). */
export type ContainerCreateBody = Record<string, unknown> & { name: string; Labels: Record<string, string>; platform?: string };

/** Fixed addresses of a container on one network (Engine API EndpointSettings.IPAMConfig). */
export interface EndpointIpam {
  IPv4Address?: string;
  IPv6Address?: string;
  LinkLocalIPs?: string[];
}

export interface ContainerDetails {
  id: string;
  name: string;
  state: ContainerState;
  exitCode: number;
  health?: HealthState;
  /** Output of the latest healthchecks, newest last. */
  healthLog: { exitCode: number; output: string }[];
  /** Published ports as bound by the daemon. */
  ports: { target: number; protocol: string; hostIp: string; published: number }[];
  oomKilled: boolean;
  error: string;
  /** `NAME=value` entries of the container's environment. */
  env: string[];
  /** Volumes the daemon created without a name (an image's VOLUME, or `volumes: ['/path']`). */
  anonymousVolumes: { name: string; target: string }[];
}

export interface DockerEvent {
  type: 'container' | 'network' | 'volume' | 'image' | string;
  action: string;
  id: string;
  attributes: Record<string, string>;
  /** When it happened, Unix seconds (the daemon's clock, as log timestamps are). */
  time: number;
}

/** A volume as the lock sees it: its labels and when the daemon made it (by the daemon's clock). */
export interface VolumeInfo {
  name: string;
  labels: Record<string, string>;
  /** Unix milliseconds, daemon clock (seconds precision); NaN when the daemon does not say. */
  createdAt: number;
}

/**
 * A process kept running in a container with its stdin open, for a conversation over one connection (dev-mode sync
 * streams changed files to one, rather than paying an Engine API call per save).
 */
export interface ExecSession {
  /** The process's stdin; ending it is the EOF the process reads. */
  stdin: ByteSink;
  /** What the process writes to stdout and stderr, merged, in the order the daemon delivers it. */
  output: ByteSource;
  /** Resolves when the connection ends: the process exited, the container stopped, or `close()` was called. */
  ended: Promise<void>;
  /** Ends stdin and drops the connection. */
  close(): void;
}

export interface ProgressSink {
  (line: string): void;
}

/** A local image as `stack images` shows it. */
export interface ImageDetails {
  /** The reference asked for (`repo:tag`). */
  ref: string;
  id: string;
  /** Bytes. */
  size: number;
  /** Unix seconds. */
  created: number;
}

/** The daemon's version, for `stack version`. */
export interface EngineVersion {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
}

/** Streams of a container started attached (`stack run`). */
export interface AttachStreams {
  tty: boolean;
  /** Forwarded until its end; the container reads EOF then. */
  stdin?: ByteSource;
  stdout: ByteSink;
  stderr: ByteSink;
}

export interface DockerClient {
  /** Throws a classified DockerError ('unreachable') when the daemon does not answer. */
  ping(): Promise<void>;
  listContainers(project: string): Promise<ActualContainer[]>;
  /** The one-off containers `stack run` made for `project` (labelled run-of, not project), any state. */
  listOneOffContainers(project: string): Promise<ActualContainer[]>;
  listNetworks(project: string): Promise<ActualNetwork[]>;
  listVolumes(project: string): Promise<ActualVolume[]>;
  /** Networks/volumes by exact name, whoever made them (external ones, name clashes). */
  findNetworks(names: string[]): Promise<ActualNetwork[]>;
  findVolumes(names: string[]): Promise<ActualVolume[]>;
  /** Reference → image ID for the references present locally. */
  imageIds(refs: string[]): Promise<Record<string, string>>;

  createContainer(body: ContainerCreateBody): Promise<string>;
  /** Already running is not an error. */
  startContainer(id: string): Promise<void>;
  /** Stops with the container's own stop signal; SIGKILL after `timeoutSeconds`. Already-stopped is not an error. */
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  /** Force-removes (running or not). Its anonymous volumes go too only with `volumes: true`. Missing is not an error. */
  removeContainer(id: string, options?: { volumes?: boolean }): Promise<void>;
  renameContainer(id: string, name: string): Promise<void>;
  inspectContainer(id: string): Promise<ContainerDetails>;
  restartContainer(id: string, timeoutSeconds?: number): Promise<void>;
  unpauseContainer(id: string): Promise<void>;
  /** Sends `signal` (default SIGKILL). A container that is not running is not an error. */
  killContainer(id: string, signal?: string): Promise<void>;
  /** Starts a created container with its streams attached; resolves with its exit code once it ends. */
  startAttached(id: string, streams: AttachStreams): Promise<number>;
  /** `ps` inside a running container (GET /containers/{id}/top): column titles and one row per process. */
  top(id: string): Promise<{ titles: string[]; processes: string[][] }>;

  createNetwork(body: Record<string, unknown> & { Name: string }): Promise<string>;
  removeNetwork(idOrName: string): Promise<void>;
  connectNetwork(network: string, container: string, aliases: string[], ipam?: EndpointIpam): Promise<void>;
  disconnectNetwork(network: string, container: string): Promise<void>;
  createVolume(body: Record<string, unknown> & { Name: string }): Promise<void>;
  removeVolume(name: string): Promise<void>;
  /**
   * Creates volume `name` with `labels` unless one of that name exists, and returns the volume that exists
   * afterwards: the caller's own labels if it made it, the earlier creator's otherwise. The daemon creates a name
   * once, so this is an atomic test-and-set on the daemon itself (the project lock is built on it).
   */
  claimVolume(name: string, labels: Record<string, string>): Promise<VolumeInfo>;
  /** The volume named exactly `name`, or undefined. */
  inspectVolume(name: string): Promise<VolumeInfo | undefined>;
  /** Volumes whose name starts with `prefix`. */
  volumesNamed(prefix: string): Promise<VolumeInfo[]>;
  /** The daemon's clock, Unix milliseconds (one /info call: slow, for rare paths only). */
  daemonTime(): Promise<number>;

  /** Pulls `ref`, reporting progress lines; classified errors for not-found / denied. */
  pullImage(ref: string, onProgress?: ProgressSink, platform?: string): Promise<void>;
  /** Pushes `ref` to its registry, reporting progress lines; a refused push is a classified error. */
  pushImage(ref: string, onProgress?: ProgressSink): Promise<void>;
  /** The references present locally, with ID, size and creation time. */
  imageDetails(refs: string[]): Promise<ImageDetails[]>;
  /** The daemon's version (GET /version). */
  version(): Promise<EngineVersion>;
  /** Builds `build` (context tarred honouring .dockerignore) and tags it `tag`; a failed step's output is in the error. */
  buildImage(build: DesiredBuild, tag: string, onProgress?: ProgressSink, platform?: string): Promise<void>;

  /** Raw log stream, demultiplexed into stdout/stderr lines by the caller's sink. `since` is Unix seconds (fractions kept). */
  logs(id: string, options: { follow: boolean; tail?: number; since?: number; timestamps?: boolean }, onLine: (line: string, stream: 'stdout' | 'stderr') => void, signal?: AbortSignal): Promise<void>;
  /** Last `tail` log lines as text (for failure diagnoses). */
  logTail(id: string, tail: number): Promise<string[]>;
  /** Container/network events of one project until `signal` aborts. */
  events(project: string, onEvent: (e: DockerEvent) => void, signal: AbortSignal): Promise<void>;
  /**
   * Extracts a tar archive into `path` inside the container (PUT /containers/{id}/archive). Works on created and
   * stopped containers too, and needs no tar or shell in the image: secrets are copied in before start, dev-mode
   * sync copies changed files.
   */
  putArchive(id: string, path: string, tar: Bytes | ByteSource): Promise<void>;
  /** A tar archive of `path` inside the container, or undefined when it does not exist. */
  getArchive(id: string, path: string): Promise<Bytes | undefined>;
  /** Runs a command in a running container; resolves with its exit code. */
  exec(id: string, cmd: string[], options: { tty: boolean; interactive: boolean; stdin?: ByteSource; stdout: ByteSink; stderr: ByteSink; user?: string; workdir?: string; env?: string[] }): Promise<number>;
  /**
   * Starts `cmd` in a running container and returns at once with its streams open (no TTY). A command the image
   * lacks is not an error here: the process just ends, and what the runtime said is in `output`.
   */
  openExec(id: string, cmd: string[], options?: { user?: string }): Promise<ExecSession>;
}
