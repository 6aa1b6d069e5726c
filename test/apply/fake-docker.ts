/**
 * An in-memory DockerClient for unit tests of the apply core's phases (ordering, parallelism, failures, interrupts,
 * readiness), which must run in milliseconds without a daemon. Engine behaviour itself is tested against the real
 * daemon in test/integration; this fake only models what the phases rely on: names are unique, a container has a
 * state, health follows a script per service, and every call is recorded in order.
 */
import type { ActualState } from '../../src/docker/actual';
import { PassThrough } from 'node:stream';
import type { ContainerCreateBody, ContainerDetails, DockerClient, DockerEvent, ExecSession, VolumeInfo } from '../../src/docker/client';
import { LABEL } from '../../src/docker/labels';
import { DockerError } from '../../src/errors';
import type { FakeClock } from './fake-clock';

interface FakeContainer {
  id: string;
  name: string;
  service: string;
  state: 'created' | 'running' | 'exited' | 'paused';
  startedAt?: number;
  hasHealthcheck: boolean;
}

/** How a service's containers behave once started, in fake milliseconds since their start. */
export interface Behaviour {
  /** Healthy this long after start (default: at once, when the service has a healthcheck). */
  healthyAfter?: number;
  /** Never becomes healthy: stays 'starting', or turns 'unhealthy' after `unhealthyAfter`. */
  neverHealthy?: boolean;
  unhealthyAfter?: number;
  /** Exits with `code` this long after start. */
  exitsAfter?: { ms: number; code: number };
  /** What its log holds, in the daemon's order (default: nothing). */
  log?: { text: string; stream: 'stdout' | 'stderr' }[];
}

type Gate = { pattern: RegExp; opened: Promise<void>; open: () => void; reached: Promise<void>; arrive: () => void };

export class FakeDocker implements DockerClient {
  /** Every mutating call, in the order the fake received it: `create shop-api-1`, `start shop-api-1`. */
  readonly calls: string[] = [];
  readonly containers = new Map<string, FakeContainer>();
  readonly networks = new Map<string, { id: string; name: string; members: Set<string> }>();
  readonly volumes = new Set<string>();
  private readonly labelled = new Map<string, VolumeInfo>();
  readonly behaviour: Record<string, Behaviour> = {};
  private failures: { pattern: RegExp; error: () => Error; times: number }[] = [];
  private gates: Gate[] = [];
  private nextId = 1;

  constructor(private readonly clock: FakeClock) {}

  /** Puts what `actual` describes into the fake daemon: its containers running, its networks and volumes. */
  seed(actual: ActualState): this {
    for (const c of actual.containers) {
      this.containers.set(c.id, { id: c.id, name: c.name, service: c.service, state: c.state === 'running' ? 'running' : 'exited', startedAt: -1e9, hasHealthcheck: c.applied?.healthcheck !== undefined });
    }
    for (const n of Object.values(actual.networks)) this.networks.set(n.name, { id: n.id, name: n.name, members: new Set() });
    for (const v of Object.keys(actual.volumes)) this.volumes.add(v);
    return this;
  }

  /** Calls matching `pattern` (against `create shop-api-1`) throw the error, `times` times (default always). */
  fail(pattern: RegExp, error: () => Error, times = Infinity): void {
    this.failures.push({ pattern, error, times });
  }

  /**
   * Calls matching `pattern` wait until the returned `open()`; `reached` resolves when the first such call arrives.
   * How a test holds one call in flight to see what else runs meanwhile.
   */
  hold(pattern: RegExp): { open: () => void; reached: Promise<void> } {
    let open!: () => void;
    let arrive!: () => void;
    const gate: Gate = { pattern, opened: new Promise<void>((r) => (open = r)), open: () => open(), reached: new Promise<void>((r) => (arrive = r)), arrive: () => arrive() };
    this.gates.push(gate);
    return { open: gate.open, reached: gate.reached };
  }

  /** Names of the containers that exist now, sorted. */
  names(): string[] {
    return [...this.containers.values()].map((c) => c.name).sort();
  }

  byName(name: string): FakeContainer | undefined {
    return [...this.containers.values()].find((c) => c.name === name);
  }

  /** Index of the first recorded call matching `call` exactly (-1 when absent): for order assertions. */
  at(call: string): number {
    return this.calls.indexOf(call);
  }

  private async enter(call: string): Promise<void> {
    this.calls.push(call);
    for (const g of this.gates) {
      if (!g.pattern.test(call)) continue;
      g.arrive();
      await g.opened;
    }
    const f = this.failures.find((x) => x.times > 0 && x.pattern.test(call));
    if (f) {
      f.times--;
      throw f.error();
    }
  }

  private container(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new DockerError('not-found', `No such container: ${id}`, { statusCode: 404 });
    return c;
  }

  async ping(): Promise<void> {}
  async listContainers(): Promise<never[]> {
    return [];
  }
  async listOneOffContainers(): Promise<never[]> {
    return [];
  }
  async listNetworks(): Promise<never[]> {
    return [];
  }
  async listVolumes(): Promise<never[]> {
    return [];
  }
  async findNetworks(): Promise<never[]> {
    return [];
  }
  async findVolumes(): Promise<never[]> {
    return [];
  }
  async imageIds(): Promise<Record<string, string>> {
    return {};
  }

  async createContainer(body: ContainerCreateBody): Promise<string> {
    await this.enter(`create ${body.name}`);
    if (this.byName(body.name)) throw new DockerError('conflict', `Conflict. The container name "/${body.name}" is already in use`, { statusCode: 409 });
    const id = `c${this.nextId++}`;
    const health = (body as { Healthcheck?: { Test?: string[] } }).Healthcheck;
    this.containers.set(id, { id, name: body.name, service: body.Labels[LABEL.service], state: 'created', hasHealthcheck: !!health && health.Test?.[0] !== 'NONE' });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    await this.enter(`start ${this.container(id).name}`);
    const c = this.container(id);
    c.state = 'running';
    c.startedAt = this.clock.now();
  }

  async stopContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    await this.enter(`stop ${c?.name ?? id}`);
    if (c && c.state === 'running') c.state = 'exited';
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.containers.get(id);
    await this.enter(`remove ${c?.name ?? id}`);
    this.containers.delete(id);
  }

  async renameContainer(id: string, name: string): Promise<void> {
    await this.enter(`rename ${this.container(id).name} ${name}`);
    if (this.byName(name)) throw new DockerError('conflict', `Conflict. The container name "/${name}" is already in use`, { statusCode: 409 });
    this.container(id).name = name;
  }

  async inspectContainer(id: string): Promise<ContainerDetails> {
    const c = this.container(id);
    const b = this.behaviour[c.service] ?? {};
    const since = c.startedAt === undefined ? 0 : this.clock.now() - c.startedAt;
    let state: ContainerDetails['state'] = c.state;
    let exitCode = 0;
    if (c.state === 'running' && b.exitsAfter && since >= b.exitsAfter.ms) {
      state = 'exited';
      exitCode = b.exitsAfter.code;
    }
    let health: ContainerDetails['health'];
    if (c.hasHealthcheck && state === 'running') {
      if (b.neverHealthy) health = b.unhealthyAfter !== undefined && since >= b.unhealthyAfter ? 'unhealthy' : 'starting';
      else health = since >= (b.healthyAfter ?? 0) ? 'healthy' : 'starting';
    }
    return { id, name: c.name, state, exitCode, health, healthLog: [], ports: [], oomKilled: false, error: '', env: [], anonymousVolumes: [] };
  }

  async restartContainer(id: string): Promise<void> {
    await this.enter(`restart ${this.container(id).name}`);
  }

  async unpauseContainer(id: string): Promise<void> {
    await this.enter(`unpause ${this.container(id).name}`);
    this.container(id).state = 'running';
  }

  async createNetwork(body: Record<string, unknown> & { Name: string }): Promise<string> {
    await this.enter(`create network ${body.Name}`);
    const id = `n${this.nextId++}`;
    this.networks.set(body.Name, { id, name: body.Name, members: new Set() });
    return id;
  }

  async removeNetwork(idOrName: string): Promise<void> {
    const n = [...this.networks.values()].find((x) => x.id === idOrName || x.name === idOrName);
    await this.enter(`remove network ${n?.name ?? idOrName}`);
    if (n) this.networks.delete(n.name);
  }

  async connectNetwork(network: string, container: string): Promise<void> {
    await this.enter(`connect ${network} ${this.container(container).name}`);
  }

  async disconnectNetwork(network: string, container: string): Promise<void> {
    await this.enter(`disconnect ${network} ${this.containers.get(container)?.name ?? container}`);
  }

  async createVolume(body: Record<string, unknown> & { Name: string }): Promise<void> {
    await this.enter(`create volume ${body.Name}`);
    this.volumes.add(body.Name);
  }

  async removeVolume(name: string): Promise<void> {
    await this.enter(`remove volume ${name}`);
    this.volumes.delete(name);
    this.labelled.delete(name);
  }

  async claimVolume(name: string, labels: Record<string, string>): Promise<VolumeInfo> {
    await this.enter(`claim volume ${name}`);
    if (!this.labelled.has(name)) this.labelled.set(name, { name, labels, createdAt: this.clock.now() });
    this.volumes.add(name);
    return this.labelled.get(name)!;
  }

  async inspectVolume(name: string): Promise<VolumeInfo | undefined> {
    return this.volumes.has(name) ? (this.labelled.get(name) ?? { name, labels: {}, createdAt: 0 }) : undefined;
  }

  async volumesNamed(prefix: string): Promise<VolumeInfo[]> {
    return [...this.labelled.values()].filter((v) => v.name.startsWith(prefix) && this.volumes.has(v.name));
  }

  async daemonTime(): Promise<number> {
    return this.clock.now();
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    await this.enter(`kill ${this.container(id).name} ${signal}`);
    this.container(id).state = 'exited';
  }

  async startAttached(id: string): Promise<number> {
    await this.startContainer(id);
    this.container(id).state = 'exited';
    return 0;
  }

  async top(): Promise<{ titles: string[]; processes: string[][] }> {
    return { titles: ['PID', 'CMD'], processes: [] };
  }

  async pushImage(ref: string): Promise<void> {
    await this.enter(`push ${ref}`);
  }

  async imageDetails(): Promise<never[]> {
    return [];
  }

  async version(): Promise<{ version: string; apiVersion: string; os: string; arch: string }> {
    return { version: 'fake', apiVersion: '1.41', os: 'linux', arch: 'amd64' };
  }

  async pullImage(): Promise<void> {}
  async buildImage(): Promise<void> {}
  async logs(id: string, options: { tail?: number }, onLine: (line: string, stream: 'stdout' | 'stderr') => void): Promise<void> {
    const c = this.containers.get(id) ?? [...this.containers.values()].find((x) => x.name === id);
    const log = (c && this.behaviour[c.service]?.log) ?? [];
    for (const l of log.slice(-(options.tail ?? log.length))) onLine(l.text, l.stream);
  }
  async logTail(): Promise<string[]> {
    return ['(fake log line)'];
  }

  /** No events: readiness falls back to polling, which the fake clock drives. */
  events(_project: string, _onEvent: (e: DockerEvent) => void, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  async putArchive(id: string, path: string): Promise<void> {
    await this.enter(`put ${this.container(id).name} ${path}`);
  }

  async getArchive(): Promise<undefined> {
    return undefined;
  }

  async exec(): Promise<number> {
    return 0;
  }

  /** A process that ends at once having said it cannot run: the phases under test never talk to one. */
  async openExec(): Promise<ExecSession> {
    const output = new PassThrough();
    output.end('(fake: no exec sessions)\n');
    return { stdin: new PassThrough(), output, ended: Promise.resolve(), close() {} };
  }
}
