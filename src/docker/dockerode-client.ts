import { PassThrough, type Duplex, type Readable, type Writable } from 'node:stream';
import type Docker from 'dockerode';
import { DockerError } from '../errors';
import type { DesiredBuild } from '../model/desired';
import type { ActualContainer, ActualNetwork, ActualVolume } from './actual';
import { buildContext } from './build-context';
import { BuildOutput, progressLine, streamError } from './build-output';
import { classifyDockerError, type ErrorContext } from './classify-error';
import type { AttachStreams, ContainerCreateBody, ContainerDetails, DockerClient, DockerEvent, EndpointIpam, EngineVersion, ExecSession, ImageDetails, ProgressSink, VolumeInfo } from './client';
import { imageIdsFrom, withTag } from './image-ids';
import { LABEL } from './labels';
import { mapContainer, mapContainerDetails, mapNetwork, mapVolume, type ContainerInspect, type ContainerListItem, type NetworkListItem, type VolumeListItem } from './map-inspect';
import { DEFAULT_HEALTH_INTERVAL_MS, PodmanHealth, podmanApiVersion, type VersionInfo } from './podman-health';
import { allRegistryAuths, registryAuth } from './registry-auth';
import { LineBuffer, readJsonLines } from './stream-lines';

/** The interface's structural streams (see client.ts) as node's own, which are what callers pass. */
type NodeStreams<T> = Omit<T, 'stdin' | 'stdout' | 'stderr'> & { stdin?: Readable; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

/** What the Podman healthcheck driver reads of an inspect, beyond what mapContainerDetails maps. */
type PodmanAwareInspect = ContainerInspect & { State: { StartedAt?: string }; Config?: { Healthcheck?: { Interval?: number } | null } | null };

/**
 * The DockerClient over dockerode. Every daemon call goes through `call()`, so every failure leaves here as a
 * classified DockerError with the original as `cause`.
 */
export class DockerodeClient implements DockerClient {
  /**
   * @param docker a configured dockerode instance (see `createDockerClient()` in connect.ts)
   * @param host the daemon address as the user gave it, for "cannot reach the Docker daemon at ..." messages
   */
  constructor(private readonly docker: Docker, private readonly host?: string) {}

  private podmanHealth?: Promise<PodmanHealth | undefined>;
  /** The logins a build sends, read once per client: an `up` builds its services in parallel, each would run the credential helpers again. */
  private buildLogins?: ReturnType<typeof allRegistryAuths>;

  async ping(): Promise<void> {
    await this.call(() => this.docker.ping());
  }

  async listContainers(project: string): Promise<ActualContainer[]> {
    const items = (await this.call(() => this.docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${project}`] } }))) as unknown as ContainerListItem[];
    const containers = items.map(mapContainer);
    // Podman's list items carry its create options (`AdjustCPUShares`, `Platform`...), Docker's never: told apart
    // here at no extra call, so `up` on Docker pays nothing for what follows.
    return items.some((i) => 'AdjustCPUShares' in i) ? this.withPodmanHealth(containers) : containers;
  }

  /**
   * Docker's list says a container's health in its Status ("Up 5 seconds (healthy)"); Podman 4.3's says nothing.
   * So on Podman every running container is inspected (its healthcheck may come from the image, which the list
   * does not show either), through inspectContainer, which also runs a check that is due (Podman without systemd
   * runs none itself); the health is added as Docker words it.
   */
  private async withPodmanHealth(containers: ActualContainer[]): Promise<ActualContainer[]> {
    const lacking = containers.filter((c) => c.state === 'running' && c.health === undefined);
    if (lacking.length === 0) return containers;
    const found = new Map(await Promise.all(lacking.map(async (c) => [c.id, (await this.inspectContainer(c.id)).health] as const)));
    return containers.map((c) => {
      const health = found.get(c.id);
      if (!health) return c;
      return { ...c, health, ...(c.status ? { status: `${c.status} (${health === 'starting' ? 'health: starting' : health})` } : {}) };
    });
  }

  async listOneOffContainers(project: string): Promise<ActualContainer[]> {
    const items = await this.call(() => this.docker.listContainers({ all: true, filters: { label: [`${LABEL.runOf}=${project}`] } }));
    return (items as unknown as ContainerListItem[]).map(mapContainer);
  }

  async listNetworks(project: string): Promise<ActualNetwork[]> {
    const items = await this.call(() => this.docker.listNetworks({ filters: { label: [`${LABEL.project}=${project}`] } }));
    return (items as NetworkListItem[]).map(mapNetwork);
  }

  async listVolumes(project: string): Promise<ActualVolume[]> {
    const res = await this.call(() => this.docker.listVolumes({ filters: { label: [`${LABEL.project}=${project}`] } }));
    return ((res.Volumes ?? []) as VolumeListItem[]).map(mapVolume);
  }

  async findNetworks(names: string[]): Promise<ActualNetwork[]> {
    if (names.length === 0) return [];
    // The daemon's name filter matches substrings ("web" finds "web-internal"); exactness is checked here.
    const items = await this.call(() => this.docker.listNetworks({ filters: { name: names } }));
    return (items as NetworkListItem[]).filter((n) => names.includes(n.Name)).map(mapNetwork);
  }

  async findVolumes(names: string[]): Promise<ActualVolume[]> {
    if (names.length === 0) return [];
    const res = await this.call(() => this.docker.listVolumes({ filters: { name: names } }));
    return ((res.Volumes ?? []) as VolumeListItem[]).filter((v) => names.includes(v.Name)).map(mapVolume);
  }

  async imageIds(refs: string[]): Promise<Record<string, string>> {
    if (refs.length === 0) return {};
    const images = await this.call(() => this.docker.listImages());
    return imageIdsFrom(images, refs);
  }

  async createContainer(body: ContainerCreateBody): Promise<string> {
    const { name, platform, ...rest } = body;
    // _query/_body keep the body out of the URL: dockerode would otherwise also put every field, applied-spec
    // label included, into the query string.
    const options = { _query: { name, ...(platform ? { platform } : {}) }, _body: rest } as unknown as Docker.ContainerCreateOptions;
    const container = await this.call(() => this.docker.createContainer(options), { service: rest.Labels[LABEL.service] });
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    // 304, already started: by a start that a killed run sent just before it died, which the daemon finished.
    await this.ignoring([304], () => this.docker.getContainer(id).start());
  }

  async stopContainer(id: string, timeoutSeconds?: number): Promise<void> {
    await this.ignoring([304, 404], () => this.docker.getContainer(id).stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }));
  }

  async removeContainer(id: string, options: { volumes?: boolean } = {}): Promise<void> {
    await this.ignoring([404], () => this.docker.getContainer(id).remove({ force: true, v: options.volumes ?? false }));
  }

  async renameContainer(id: string, name: string): Promise<void> {
    await this.call(() => this.docker.getContainer(id).rename({ name }));
  }

  async inspectContainer(id: string): Promise<ContainerDetails> {
    const info = (await this.call(() => this.docker.getContainer(id).inspect())) as unknown as PodmanAwareInspect;
    const details = mapContainerDetails(info);
    // Docker runs healthchecks itself; Podman without systemd never does (see podman-health.ts).
    if (details.state !== 'running' || details.health !== 'starting') return details;
    const podman = await this.podman();
    if (!podman) return details;
    const interval = (info.Config?.Healthcheck?.Interval ?? 0) / 1e6 || DEFAULT_HEALTH_INTERVAL_MS;
    if (!(await podman.driveIfDue(info.Id, Date.parse(info.State.StartedAt ?? ''), interval))) return details;
    return mapContainerDetails((await this.call(() => this.docker.getContainer(id).inspect())) as unknown as ContainerInspect);
  }

  /** The Podman healthcheck driver when the daemon is Podman (asked once, on the first container that needs it). */
  private podman(): Promise<PodmanHealth | undefined> {
    this.podmanHealth ??= this.call(() => this.docker.version()).then((version) => {
      const api = podmanApiVersion(version as VersionInfo);
      if (!api) return undefined;
      return new PodmanHealth((id) => this.call(() => new Promise<void>((resolve, reject) => {
        this.docker.modem.dial(
          { path: `/v${api}/libpod/containers/${encodeURIComponent(id)}/healthcheck`, method: 'GET', statusCodes: { 200: true, 404: 'no such container', 409: 'container has no healthcheck or is not running', 500: 'server error' } },
          (err: unknown) => (err ? reject(err) : resolve()),
        );
      })));
    });
    return this.podmanHealth;
  }

  async restartContainer(id: string, timeoutSeconds?: number): Promise<void> {
    await this.call(() => this.docker.getContainer(id).restart(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }));
  }

  async unpauseContainer(id: string): Promise<void> {
    await this.call(() => this.docker.getContainer(id).unpause());
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    // 409: not running (nothing to signal), 404: gone. Both leave the goal, a container that is not running, met.
    await this.ignoring([404, 409], () => this.docker.getContainer(id).kill({ signal }));
  }

  async startAttached(id: string, streams: NodeStreams<AttachStreams>): Promise<number> {
    const container = this.docker.getContainer(id);
    // Attach before start, or the first output is lost; wait is asked for before start too, so a fast exit is seen.
    const socket = (await this.call(() => container.attach({ stream: true, stdin: !!streams.stdin, stdout: true, stderr: true, hijack: !!streams.stdin }))) as unknown as NodeJS.ReadWriteStream;
    const ended = new Promise<void>((resolve) => {
      socket.once('end', resolve);
      socket.once('close', () => resolve());
      socket.once('error', () => resolve());
    });
    if (streams.tty) socket.on('data', (chunk: Buffer) => streams.stdout.write(chunk));
    else this.docker.modem.demuxStream(socket, streams.stdout, streams.stderr);
    // 'next-exit': the default, 'not-running', would answer at once for a container that is only created.
    const exited = this.call(() => container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode: number }>);
    exited.catch(() => undefined);
    await this.call(() => container.start());
    if (streams.stdin) streams.stdin.pipe(socket as unknown as Writable);
    const { StatusCode } = await exited;
    // The last output can trail the exit by a moment.
    await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
    if (streams.stdin) streams.stdin.unpipe(socket as unknown as Writable);
    return StatusCode;
  }

  async top(id: string): Promise<{ titles: string[]; processes: string[][] }> {
    const res = (await this.call(() => this.docker.getContainer(id).top())) as { Titles?: string[]; Processes?: string[][] };
    return { titles: res.Titles ?? [], processes: res.Processes ?? [] };
  }

  async createNetwork(body: Record<string, unknown> & { Name: string }): Promise<string> {
    const network = await this.call(() => this.docker.createNetwork({ _query: {}, _body: body } as unknown as Docker.NetworkCreateOptions));
    return network.id;
  }

  async removeNetwork(idOrName: string): Promise<void> {
    await this.ignoring([404], () => this.docker.getNetwork(idOrName).remove());
  }

  async connectNetwork(network: string, container: string, aliases: string[], ipam?: EndpointIpam): Promise<void> {
    await this.call(() => this.docker.getNetwork(network).connect({ Container: container, EndpointConfig: { Aliases: aliases, ...(ipam ? { IPAMConfig: ipam } : {}) } }));
  }

  async disconnectNetwork(network: string, container: string): Promise<void> {
    await this.call(() => this.docker.getNetwork(network).disconnect({ Container: container }));
  }

  async createVolume(body: Record<string, unknown> & { Name: string }): Promise<void> {
    await this.call(() => this.docker.createVolume({ _query: {}, _body: body } as unknown as Docker.VolumeCreateOptions));
  }

  async removeVolume(name: string): Promise<void> {
    await this.ignoring([404], () => this.docker.getVolume(name).remove());
  }

  async claimVolume(name: string, labels: Record<string, string>): Promise<VolumeInfo> {
    try {
      // Straight to the modem: dockerode's createVolume answers with a handle, dropping the labels in the reply.
      const created = await new Promise<VolumeInspect>((resolve, reject) => {
        this.docker.modem.dial(
          { path: '/volumes/create?', method: 'POST', options: { _query: {}, _body: { Name: name, Labels: labels } }, statusCodes: { 200: true, 201: true, 409: 'conflict', 500: 'server error' } },
          (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as VolumeInspect)),
        );
      });
      const info = volumeInfo(created);
      if (Object.entries(labels).every(([k, v]) => info.labels[k] === v)) return info;
      // Someone else's: read it again, since a daemon that restarted answers a create of an existing volume
      // without its labels.
      return (await this.inspectVolume(name)) ?? info;
    } catch (err) {
      // Docker answers an existing name with that volume; Podman's compatible API with 409 instead.
      if ((err as { statusCode?: unknown }).statusCode !== 409) throw classifyDockerError(err, { host: this.host });
      const existing = await this.inspectVolume(name);
      if (!existing) throw classifyDockerError(err, { host: this.host });
      return existing;
    }
  }

  async inspectVolume(name: string): Promise<VolumeInfo | undefined> {
    try {
      return volumeInfo((await this.docker.getVolume(name).inspect()) as unknown as VolumeInspect);
    } catch (err) {
      if ((err as { statusCode?: unknown }).statusCode === 404) return undefined;
      throw classifyDockerError(err, { host: this.host });
    }
  }

  async volumesNamed(prefix: string): Promise<VolumeInfo[]> {
    const res = await this.call(() => this.docker.listVolumes({ filters: { name: [prefix] } }));
    return ((res.Volumes ?? []) as unknown as VolumeInspect[]).filter((v) => v.Name.startsWith(prefix)).map(volumeInfo);
  }

  async daemonTime(): Promise<number> {
    const info = await this.call(() => this.docker.info() as Promise<{ SystemTime?: string }>);
    const t = Date.parse(info.SystemTime ?? '');
    return Number.isNaN(t) ? Date.now() : t;
  }

  async pullImage(ref: string, onProgress?: ProgressSink, platform?: string): Promise<void> {
    const context = { image: ref };
    // dockerode's pull adds ":latest" itself, but only by looking at the last ":" (wrong for "registry:5000/app").
    const authconfig = await registryAuth(ref);
    const stream = await this.call(() => this.docker.pull(ref.includes('@') ? ref : withTag(ref), { ...(platform ? { platform } : {}), ...(authconfig ? { authconfig } : {}) }) as Promise<Readable>, context);
    await this.followProgress(stream, context, onProgress);
  }

  async pushImage(ref: string, onProgress?: ProgressSink): Promise<void> {
    const context = { image: ref, pushing: true };
    const tagged = withTag(ref);
    const tag = tagged.slice(tagged.lastIndexOf(':') + 1);
    // The login `docker login` stored; without one the daemon still wants an X-Registry-Auth header, and an empty
    // one will do (as the docker CLI sends).
    const authconfig = (await registryAuth(ref)) ?? {};
    const stream = await this.call(() => this.docker.getImage(tagged).push({ tag, authconfig } as Docker.ImagePushOptions) as unknown as Promise<Readable>, context);
    await this.followProgress(stream, context, onProgress);
  }

  /** Reads a pull's or push's JSON progress stream to its end; an error the daemon reports inside it is thrown. */
  private async followProgress(stream: Readable, context: ErrorContext & { image: string }, onProgress?: ProgressSink): Promise<void> {
    let failure: string | undefined;
    await this.call(() => readJsonLines(stream, (m) => {
      const error = streamError(m);
      if (error !== undefined) failure = error;
      else if (onProgress) onProgress(progressLine(m));
    }), context);
    if (failure !== undefined) throw classifyDockerError(new Error(failure), { ...context, host: this.host });
  }

  async imageDetails(refs: string[]): Promise<ImageDetails[]> {
    if (refs.length === 0) return [];
    const ids = await this.imageIds(refs);
    const images = await this.call(() => this.docker.listImages());
    return refs.filter((ref) => ids[ref]).map((ref) => {
      const image = images.find((i) => i.Id === ids[ref]);
      return { ref, id: ids[ref], size: image?.Size ?? 0, created: image?.Created ?? 0 };
    });
  }

  async version(): Promise<EngineVersion> {
    const v = (await this.call(() => this.docker.version())) as { Version?: string; ApiVersion?: string; Os?: string; Arch?: string };
    return { version: v.Version ?? '?', apiVersion: v.ApiVersion ?? '?', os: v.Os ?? '?', arch: v.Arch ?? '?' };
  }

  async buildImage(build: DesiredBuild, tag: string, onProgress?: ProgressSink, platform?: string): Promise<void> {
    const { tar, dockerfile } = buildContext(build);
    // The logins of `docker login`, for FROM images in private registries (the classic builder pulls them itself).
    const registries = await (this.buildLogins ??= allRegistryAuths());
    const options = {
      t: tag, dockerfile, buildargs: build.args, rm: true, forcerm: true,
      ...(build.target ? { target: build.target } : {}),
      // The API takes cachefrom as a JSON list; labels (an object) dockerode encodes itself; extrahosts repeats.
      ...(build.cacheFrom ? { cachefrom: JSON.stringify(build.cacheFrom) } : {}),
      ...(build.labels ? { labels: build.labels } : {}),
      ...(build.network ? { networkmode: build.network } : {}),
      ...(build.extraHosts ? { extrahosts: build.extraHosts.join(',') } : {}),
      ...(platform ? { platform } : {}),
      // The types want a password for each; an identity-token login has none, and the daemon accepts that.
      ...(Object.keys(registries).length ? { registryconfig: registries as Docker.RegistryConfig } : {}),
    };
    const stream = await this.call(() => this.docker.buildImage(tar, options) as Promise<Readable>);
    const output = new BuildOutput(onProgress);
    await this.call(() => readJsonLines(stream, (m) => output.push(m)));
    const failed = output.end(tag, build.context);
    if (failed) throw failed;
  }

  async logs(id: string, options: { follow: boolean; tail?: number; since?: number; timestamps?: boolean }, onLine: (line: string, stream: 'stdout' | 'stderr') => void, signal?: AbortSignal): Promise<void> {
    const container = this.docker.getContainer(id);
    // A TTY container's log is one raw stream; any other is framed with 8-byte headers that must be demultiplexed.
    const info = await this.call(() => container.inspect());
    const query = { stdout: true, stderr: true, follow: options.follow, timestamps: options.timestamps ?? false, ...(options.tail === undefined ? {} : { tail: options.tail }), ...(options.since === undefined ? {} : { since: unixTimestamp(options.since) }) };
    const raw = await this.call(() => this.rawGet(`/containers/${encodeURIComponent(id)}/logs?`, query));
    const out = new LineBuffer((line) => onLine(line, 'stdout'));
    const err = new LineBuffer((line) => onLine(line, 'stderr'));
    const done = new Promise<void>((resolve, reject) => {
      const abort = () => raw.destroy();
      signal?.addEventListener('abort', abort, { once: true });
      if (signal?.aborted) abort();
      const finish = (e?: Error) => {
        signal?.removeEventListener('abort', abort);
        out.flush();
        err.flush();
        if (e && !signal?.aborted) reject(e);
        else resolve();
      };
      raw.once('end', () => finish());
      raw.once('close', () => finish());
      raw.once('error', finish);
    });
    if (info.Config.Tty) raw.on('data', (chunk: Buffer) => out.push(chunk));
    else this.docker.modem.demuxStream(raw, sink((c) => out.push(c)), sink((c) => err.push(c)));
    await this.call(() => done);
  }

  async logTail(id: string, tail: number): Promise<string[]> {
    const lines: string[] = [];
    await this.logs(id, { follow: false, tail }, (line) => lines.push(line));
    return lines;
  }

  async events(project: string, onEvent: (e: DockerEvent) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    // Only container events: API 1.41 puts no labels on network and volume events, so a label filter drops them all.
    const filters = { label: [`${LABEL.project}=${project}`], type: ['container' as const] };
    const stream = await this.call(() => this.docker.getEvents({ filters }) as unknown as Promise<Readable>);
    await this.call(() => readJsonLines(stream, (m) => onEvent(mapEvent(m)), signal));
    // The stream only ends on its own when the daemon goes away (restart, lost ssh tunnel): watchers must know.
    if (!signal.aborted) {
      throw new DockerError('unreachable', `the Docker daemon at ${this.host ?? 'DOCKER_HOST'} closed the event stream`, { hint: 'did dockerd restart? run the command again once `docker info` answers' });
    }
  }

  async exec(id: string, cmd: string[], options: { tty: boolean; interactive: boolean; stdin?: Readable; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; user?: string; workdir?: string; env?: string[] }): Promise<number> {
    const exec = await this.call(() => this.docker.getContainer(id).exec({
      Cmd: cmd,
      AttachStdin: options.interactive,
      AttachStdout: true,
      AttachStderr: true,
      Tty: options.tty,
      ...(options.user ? { User: options.user } : {}),
      ...(options.workdir ? { WorkingDir: options.workdir } : {}),
      ...(options.env ? { Env: options.env } : {}),
    }));
    const socket = await this.call(() => exec.start({ hijack: true, stdin: options.interactive, Detach: false, Tty: options.tty }));
    await new Promise<void>((resolve, reject) => {
      if (options.tty) socket.on('data', (chunk: Buffer) => options.stdout.write(chunk));
      else this.docker.modem.demuxStream(socket, options.stdout, options.stderr);
      socket.once('end', resolve);
      socket.once('close', () => resolve());
      socket.once('error', reject);
      // Piping ends the socket's writing side when stdin ends, which is the EOF the command reads.
      if (options.interactive && options.stdin) options.stdin.pipe(socket);
      else if (options.interactive) socket.end();
    });
    if (options.interactive && options.stdin) options.stdin.unpipe(socket);
    // The exec's exit code lands a moment after its output ends.
    for (let attempt = 0; ; attempt++) {
      const info = await this.call(() => exec.inspect());
      if (!info.Running && info.ExitCode !== null) return info.ExitCode;
      if (attempt >= 100) throw new DockerError('unknown', `exec ${cmd.join(' ')} in ${id} ended without an exit code`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async openExec(id: string, cmd: string[], options: { user?: string } = {}): Promise<ExecSession> {
    const exec = await this.call(() => this.docker.getContainer(id).exec({
      Cmd: cmd,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      ...(options.user ? { User: options.user } : {}),
    }));
    const socket = (await this.call(() => exec.start({ hijack: true, stdin: true, Detach: false, Tty: false }))) as unknown as Duplex;
    const output = new PassThrough();
    this.docker.modem.demuxStream(socket, output, output);
    const ended = new Promise<void>((resolve) => {
      socket.once('end', () => resolve());
      socket.once('close', () => resolve());
      // A reset connection is an end like any other: the caller sees the session gone, not a crash.
      socket.once('error', () => resolve());
    }).then(() => {
      output.end();
    });
    return {
      stdin: socket,
      output,
      ended,
      close: () => {
        socket.end();
        // The daemon closes its side once the process exits on EOF; one that does not is cut off.
        setTimeout(() => socket.destroy(), 1000).unref();
      },
    };
  }

  /** GET as a stream whatever the content: dockerode buffers non-follow logs and may even JSON.parse them. */
  private rawGet(path: string, query: Record<string, unknown>): Promise<Readable> {
    return new Promise((resolve, reject) => {
      this.docker.modem.dial(
        { path, method: 'GET', options: query, isStream: true, statusCodes: { 200: true, 404: 'no such container', 500: 'server error' } },
        (err: unknown, stream: unknown) => (err ? reject(err) : resolve(stream as Readable)),
      );
    });
  }

  async putArchive(id: string, path: string, tar: Buffer | Readable): Promise<void> {
    await this.call(() => this.docker.getContainer(id).putArchive(tar, { path }));
  }

  async getArchive(id: string, path: string): Promise<Buffer | undefined> {
    try {
      const stream = (await this.docker.getContainer(id).getArchive({ path })) as unknown as Readable;
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (err) {
      if ((err as { statusCode?: unknown }).statusCode === 404) return undefined;
      throw classifyDockerError(err, { host: this.host });
    }
  }

  private async call<T>(fn: () => Promise<T>, context: ErrorContext = {}): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classifyDockerError(err, { ...context, host: this.host });
    }
  }

  /** Stop and remove are idempotent: "already stopped" (304) and "no such object" (404) mean the goal is reached. */
  private async ignoring(statusCodes: number[], fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      const status = (err as { statusCode?: unknown }).statusCode;
      if (typeof status === 'number' && statusCodes.includes(status)) return;
      throw classifyDockerError(err, { host: this.host });
    }
  }
}

interface VolumeInspect {
  Name: string;
  Labels?: Record<string, string> | null;
  CreatedAt?: string;
}

function volumeInfo(v: VolumeInspect): VolumeInfo {
  return { name: v.Name, labels: v.Labels ?? {}, createdAt: Date.parse(v.CreatedAt ?? '') };
}

/** API 1.41 events carry Type/Action/Actor; the older status/id/from fields are left behind. */
function mapEvent(m: Record<string, unknown>): DockerEvent {
  const actor = (m.Actor ?? {}) as { ID?: string; Attributes?: Record<string, string> };
  const time = typeof m.timeNano === 'number' ? m.timeNano / 1e9 : Number(m.time ?? 0);
  return { type: String(m.Type ?? ''), action: String(m.Action ?? m.status ?? ''), id: actor.ID ?? String(m.id ?? ''), attributes: actor.Attributes ?? {}, time };
}

/** The daemon reads a fractional timestamp as "seconds.nanoseconds": a plain `1700000000.25` would mean 25 ns. */
function unixTimestamp(seconds: number): string {
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(9);
}

function sink(write: (chunk: Buffer) => void): Writable {
  const s = new PassThrough();
  s.on('data', write);
  return s;
}
