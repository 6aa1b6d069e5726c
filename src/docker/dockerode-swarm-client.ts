import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { DockerError } from '../errors';
import { progressLine, streamError } from './build-output';
import { classifyDockerError, type ErrorContext } from './classify-error';
import type { ProgressSink } from './client';
import { mapFileObject, mapNode, mapService, mapSwarmInfo, mapTask, repoDigestsFrom, type FileObjectItem, type InfoSwarm, type NodeItem, type ServiceItem, type TaskItem } from './map-swarm';
import type { SwarmClient } from './swarm-client';
import type { SwarmFileObject, SwarmInfo, SwarmNode, SwarmService, SwarmTask } from './swarm-actual';
import { LineBuffer, readJsonLines } from './stream-lines';

const NAMESPACE = 'com.docker.stack.namespace';
const SECRET_KEY = 'io.stackfile.secret';
const CONFIG_KEY = 'io.stackfile.config';

/**
 * The SwarmClient over dockerode. Like DockerodeClient, every failure leaves as a classified DockerError. Bodies go
 * through `dial` so that a spec travels as the JSON body only (dockerode would also put its fields in the query).
 */
export class DockerodeSwarmClient implements SwarmClient {
  constructor(private readonly docker: Docker, private readonly host?: string) {}

  async info(): Promise<SwarmInfo> {
    const info = await this.call(() => this.docker.info() as Promise<{ Swarm?: InfoSwarm }>);
    return mapSwarmInfo(info.Swarm);
  }

  async nodes(): Promise<SwarmNode[]> {
    const items = await this.call(() => this.docker.listNodes() as Promise<NodeItem[]>);
    return items.map(mapNode);
  }

  async services(project: string): Promise<SwarmService[]> {
    const items = await this.call(() => this.docker.listServices({ filters: { label: [`${NAMESPACE}=${project}`] } }) as unknown as Promise<ServiceItem[]>);
    return items.map(mapService);
  }

  async inspectService(id: string): Promise<SwarmService> {
    return mapService(await this.call(() => this.docker.getService(id).inspect() as unknown as Promise<ServiceItem>));
  }

  async tasks(serviceIds: string[], options: { upToDate?: boolean } = {}): Promise<SwarmTask[]> {
    if (serviceIds.length === 0) return [];
    const filters: Record<string, string[]> = { service: serviceIds };
    if (options.upToDate) filters['_up-to-date'] = ['true'];
    const items = await this.call(() => this.docker.listTasks({ filters }) as Promise<TaskItem[]>);
    return items.map(mapTask);
  }

  async createService(spec: object): Promise<{ id: string; warnings: string[] }> {
    const res = await this.dial<{ ID: string; Warnings?: string[] | null }>('POST', '/services/create', {}, spec, { 201: true }, serviceOf(spec));
    return { id: res.ID, warnings: res.Warnings ?? [] };
  }

  async updateService(id: string, version: number, spec: object, options: { rollback?: boolean } = {}): Promise<{ warnings: string[] }> {
    const query = { version, ...(options.rollback ? { rollback: 'previous' } : {}) };
    const res = await this.dial<{ Warnings?: string[] | null }>('POST', `/services/${encodeURIComponent(id)}/update`, query, spec, {}, serviceOf(spec));
    return { warnings: res?.Warnings ?? [] };
  }

  async removeService(id: string): Promise<void> {
    await this.ignoring404(() => this.docker.getService(id).remove());
  }

  async serviceLogs(id: string, options: { follow: boolean; tail?: number; timestamps?: boolean }, onLine: (line: string, stream: 'stdout' | 'stderr') => void, signal?: AbortSignal): Promise<void> {
    const query = { stdout: true, stderr: true, follow: options.follow, timestamps: options.timestamps ?? false, ...(options.tail === undefined ? {} : { tail: options.tail }) };
    const raw = await this.call(() => new Promise<Readable>((resolve, reject) => {
      this.docker.modem.dial(
        { path: `/services/${encodeURIComponent(id)}/logs?`, method: 'GET', options: query, isStream: true, statusCodes: { 200: true, 404: 'no such service', 500: 'server error', 503: 'node is not part of a swarm' } },
        (err: unknown, stream: unknown) => (err ? reject(err) : resolve(stream as Readable)),
      );
    }));
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
    // Service logs are framed like a non-TTY container's (a TTY service's frames are all "stdout").
    this.docker.modem.demuxStream(raw, sink((c) => out.push(c)), sink((c) => err.push(c)));
    await this.call(() => done);
  }

  async secrets(project: string): Promise<SwarmFileObject[]> {
    const items = await this.call(() => this.docker.listSecrets({ filters: { label: [`${NAMESPACE}=${project}`] } }) as Promise<FileObjectItem[]>);
    return items.map((o) => mapFileObject(o, SECRET_KEY));
  }

  async configs(project: string): Promise<SwarmFileObject[]> {
    const items = await this.call(() => this.docker.listConfigs({ filters: { label: [`${NAMESPACE}=${project}`] } }) as Promise<FileObjectItem[]>);
    return items.map((o) => mapFileObject(o, CONFIG_KEY));
  }

  async findSecrets(names: string[]): Promise<SwarmFileObject[]> {
    if (names.length === 0) return [];
    // The name filter matches prefixes; exactness is checked here.
    const items = await this.call(() => this.docker.listSecrets({ filters: { name: names } }) as Promise<FileObjectItem[]>);
    return items.map((o) => mapFileObject(o, SECRET_KEY)).filter((o) => names.includes(o.name));
  }

  async findConfigs(names: string[]): Promise<SwarmFileObject[]> {
    if (names.length === 0) return [];
    const items = await this.call(() => this.docker.listConfigs({ filters: { name: names } }) as Promise<FileObjectItem[]>);
    return items.map((o) => mapFileObject(o, CONFIG_KEY)).filter((o) => names.includes(o.name));
  }

  async createSecret(spec: object): Promise<string> {
    return (await this.dial<{ ID: string }>('POST', '/secrets/create', {}, spec, { 201: true })).ID;
  }

  async createConfig(spec: object): Promise<string> {
    return (await this.dial<{ ID: string }>('POST', '/configs/create', {}, spec, { 201: true })).ID;
  }

  async removeSecret(id: string): Promise<void> {
    await this.ignoring404(() => this.docker.getSecret(id).remove());
  }

  async removeConfig(id: string): Promise<void> {
    await this.ignoring404(() => this.docker.getConfig(id).remove());
  }

  async repoDigests(refs: string[]): Promise<Record<string, string[]>> {
    if (refs.length === 0) return {};
    const images = await this.call(() => this.docker.listImages({ digests: true } as Docker.ListImagesOptions));
    return repoDigestsFrom(images, refs);
  }

  async registryDigest(ref: string): Promise<string | undefined> {
    try {
      const res = await this.dial<{ Descriptor?: { digest?: string } }>('GET', `/distribution/${ref}/json`, {}, undefined, {}, { image: ref });
      return res.Descriptor?.digest;
    } catch (err) {
      if (err instanceof DockerError && err.kind !== 'unreachable') return undefined;
      throw err;
    }
  }

  async pushImage(ref: string, onProgress?: ProgressSink): Promise<string> {
    const context = { image: ref };
    const slash = ref.lastIndexOf('/');
    const colon = ref.lastIndexOf(':');
    const tag = colon > slash ? ref.slice(colon + 1) : 'latest';
    const name = colon > slash ? ref.slice(0, colon) : ref;
    // The daemon wants an X-Registry-Auth header even for a registry without auth; an empty one will do.
    const stream = await this.call(() => this.docker.getImage(name).push({ tag, authconfig: {} } as Docker.ImagePushOptions) as Promise<Readable>, context);
    let failure: string | undefined;
    let digest: string | undefined;
    await this.call(() => readJsonLines(stream, (m) => {
      const error = streamError(m);
      const aux = m.aux as { Digest?: string } | undefined;
      if (aux?.Digest) digest = aux.Digest;
      if (error !== undefined) failure = error;
      else if (onProgress) onProgress(progressLine(m));
    }), context);
    if (failure !== undefined) throw classifyDockerError(new Error(failure), { ...context, host: this.host });
    if (!digest) throw new DockerError('unknown', `pushing ${ref} reported no digest`, { hint: 'check the registry with docker push' });
    return digest;
  }

  /** A request with a JSON body and an explicit query, through docker-modem. */
  private dial<T>(method: string, path: string, query: Record<string, unknown>, body: object | undefined, statusCodes: Record<number, true | string> = {}, context: ErrorContext = {}): Promise<T> {
    return this.call(() => new Promise<T>((resolve, reject) => {
      this.docker.modem.dial(
        {
          path: `${path}?`,
          method,
          options: { _query: query, ...(body ? { _body: body } : {}) },
          authconfig: method === 'POST' && path.startsWith('/services') ? {} : undefined,
          statusCodes: { 200: true, 400: 'bad parameter', 403: 'not permitted', 404: 'no such object', 409: 'conflict', 500: 'server error', 503: 'node is not part of a swarm', ...statusCodes },
        } as unknown as Parameters<Docker['modem']['dial']>[0],
        (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as T)),
      );
    }), context);
  }

  private async call<T>(fn: () => Promise<T>, context: ErrorContext = {}): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classifyDockerError(err, { ...context, host: this.host });
    }
  }

  private async ignoring404(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if ((err as { statusCode?: unknown }).statusCode === 404) return;
      throw classifyDockerError(err, { host: this.host });
    }
  }
}

/** A spec's service name for error messages ("service shop_web: ..."). */
function serviceOf(spec: object): ErrorContext {
  const name = (spec as { Name?: unknown }).Name;
  return typeof name === 'string' ? { service: name } : {};
}

function sink(write: (chunk: Buffer) => void): PassThrough {
  const s = new PassThrough();
  s.on('data', write);
  return s;
}
