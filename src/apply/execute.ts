import type { ActualContainer } from '../docker/actual';
import { archiveOf } from '../docker/archive';
import type { ContainerDetails, DockerClient } from '../docker/client';
import { additionalNetworks, containerCreateBody, namespaceOwners, networkCreateBody, volumeCreateBody } from '../docker/create-options';
import { DockerError, UserError } from '../errors';
import type { DependencyCondition } from '../model/types';
import type { DesiredService, DesiredState } from '../model/desired';
import { SECRET_MARK } from '../model/secret';
import type { ContainerStep, Plan } from '../plan/types';
import { diagnose } from './diagnose';
import { EventHub, NotReadyError, waitFor, type Clock, type Readiness } from './readiness';
import { trace } from '../trace';

/** Where apply reports what it is doing, per service ("creating", "waiting for db (healthy)", "healthy"). */
export interface Progress {
  update(service: string, message: string): void;
  done(service: string, message: string): void;
  fail(service: string, message: string): void;
  /** Work that belongs to no one service: networks, volumes, removals. */
  note(message: string): void;
}

export interface ExecuteOptions {
  client: DockerClient;
  desired: DesiredState;
  plan: Plan;
  actual: ActualContainer[];
  progress: Progress;
  signal: AbortSignal;
  waitTimeoutMs: number;
  /** Wait for every service to be ready before returning (`up` does; `--no-wait` skips it). */
  wait: boolean;
  version: string;
  clock?: Clock;
}

export interface ServiceOutcome {
  service: string;
  containers: ContainerDetails[];
  error?: string;
  /** What to do about the error, when the error knows (a taken port, a missing image). */
  hint?: string;
}

export interface ExecuteResult {
  outcomes: Record<string, ServiceOutcome>;
  /** Human lines of what was changed, in order ("created shop-db-1"). */
  log: string[];
  interrupted: boolean;
}

class Interrupted extends Error {}

/**
 * Executes a plan along the dependency graph: networks and volumes first, then every service at once, each one
 * launching as soon as its dependencies meet their conditions (started, healthy, completed). Nothing is done for
 * `noop` steps but waiting. On abort, no new work starts and in-flight calls finish.
 */
export async function execute(o: ExecuteOptions): Promise<ExecuteResult> {
  const { client, desired, plan, progress, signal } = o;
  const log: string[] = [];
  // The event subscription lives exactly as long as this run (an open stream would keep the process alive).
  const events = new AbortController();
  const hub = new EventHub(client, desired.project, events.signal);
  try {
    return await run();
  } catch (err) {
    // An abort before the services phase (during pulls, or between network and volume steps) is an interruption,
    // not an internal error: up turns it into exit 130.
    if (err instanceof Interrupted) return { outcomes: {}, log, interrupted: true };
    throw err;
  } finally {
    events.abort();
  }

  async function run(): Promise<ExecuteResult> {
    const checkAbort = () => {
      if (signal.aborted) throw new Interrupted('interrupted');
    };

    /** Containers the volume phase removed: a network recreate must not try to disconnect them. */
    const gone = new Set<string>();
    await Promise.all(
      plan.volumes.filter((v) => v.action !== 'noop').map(async (v) => {
        checkAbort();
        const vol = desired.volumes[v.key!];
        if (v.action === 'recreate') {
          await Promise.all((v.detach ?? []).map(async (c) => {
            await client.stopContainer(c.id);
            await client.removeContainer(c.id);
            gone.add(c.id);
          }));
          await client.removeVolume(v.name);
        }
        await client.createVolume(volumeCreateBody(vol, desired.project));
        log.push(`${v.action}d volume ${v.name}`);
        progress.note(`volume ${v.name} ${v.action}d`);
      }),
    );
    trace('volumes done');
    const replaced = new Set(plan.containers.filter((c) => c.action === 'recreate' || c.action === 'remove').map((c) => c.id));
    await Promise.all(
      plan.networks.filter((n) => n.action === 'create' || n.action === 'recreate').map(async (n) => {
        checkAbort();
        const net = desired.networks[n.key!];
        if (n.action === 'recreate') {
          for (const c of n.reconnect ?? []) if (!gone.has(c.id)) await client.disconnectNetwork(n.name, c.id);
          await client.removeNetwork(n.id ?? n.name);
        }
        await client.createNetwork(networkCreateBody(net, desired.project));
        // Every disconnected container comes back unless its step replaces it, including containers of services
        // outside a scoped `up api` (they have no step at all, and no later plan would notice them missing).
        for (const c of n.reconnect ?? []) if (!replaced.has(c.id)) await client.connectNetwork(n.name, c.id, c.aliases, c.ipam);
        log.push(`${n.action}d network ${n.name}`);
        progress.note(`network ${n.name} ${n.action}d`);
      }),
    );
    trace('networks done');
    await Promise.all(
      plan.containers.filter((c) => c.action === 'remove').map(async (c) => {
        checkAbort();
        await client.stopContainer(c.id!);
        await client.removeContainer(c.id!);
        log.push(`removed ${c.name} (${c.reasons.join('; ')})`);
        progress.note(`removed ${c.name}`);
      }),
    );

    const steps = new Map<string, ContainerStep[]>();
    for (const step of plan.containers) if (step.action !== 'remove') steps.set(step.service, [...(steps.get(step.service) ?? []), step]);
    const services = [...steps.keys()];
    const actualById = new Map(o.actual.map((c) => [c.id, c]));

    const launched = new Map<string, Promise<string[]>>();
    const readiness = new Map<string, Promise<ContainerDetails[]>>();
    let interrupted = false;
    // Waits end with the run too: a replica still waited on after its sibling failed would otherwise poll until its
    // timeout and keep the process alive long after up has reported the failure.
    const waitSignal = AbortSignal.any([signal, events.signal]);
    const waitOpts = (s: DesiredService) => ({ client, hub, clock: o.clock, timeoutMs: o.waitTimeoutMs, signal: waitSignal, restartPolicy: s.restart });

    /** One readiness goal of one service, shared by every dependent that waits on it. */
    const ready = (service: string, goal: Readiness): Promise<ContainerDetails[]> => {
      const key = `${service}|${goal}`;
      if (!readiness.has(key)) {
        readiness.set(key, (async () => {
          const ids = await launched.get(service)!;
          return Promise.all(ids.map((id) => knownReady(id, goal) ?? waitFor(id, goal, waitOpts(desired.services[service]))));
        })());
      }
      return readiness.get(key)!;
    };
    /** Skips an inspect when the observed state already says a no-op container meets the goal. */
    const noopIds = new Set(plan.containers.filter((s) => s.action === 'noop').map((s) => s.id));
    const knownReady = (id: string, goal: Readiness): Promise<ContainerDetails> | undefined => {
      const c = actualById.get(id);
      if (!c || !noopIds.has(id) || c.state !== 'running' || c.health === 'starting' || c.health === 'unhealthy') return undefined;
      if (goal === 'healthy' && c.health !== 'healthy') return undefined;
      if (goal === 'completed') return undefined;
      return Promise.resolve({ id, name: c.name, state: c.state, exitCode: 0, health: c.health, healthLog: [], ports: c.ports.filter((p) => p.published).map((p) => ({ target: p.target, protocol: p.protocol, hostIp: p.hostIp, published: p.published! })), oomKilled: false, error: '', env: [], anonymousVolumes: [] });
    };

    // One archive of a service's secret and config files, shared by all its replicas.
    const secretArchives = new Map<string, Promise<Buffer>>();
    const secretArchive = (s: DesiredService): Promise<Buffer> => {
      let tar = secretArchives.get(s.name);
      const files = [...s.secrets.map((sec) => ({ path: sec.target, content: sec.value, mode: sec.mode, uid: sec.uid, gid: sec.gid })), ...(s.configs ?? []).map((c) => ({ path: c.target, content: c.content, mode: c.mode, uid: c.uid, gid: c.gid }))];
      if (!tar) secretArchives.set(s.name, (tar = archiveOf(files)));
      return tar;
    };

    const runStep = async (step: ContainerStep, s: DesiredService): Promise<string> => {
      if (step.action === 'noop') return step.id!;
      if (step.action === 'start') {
        progress.update(s.name, `starting ${step.name}`);
        if (actualById.get(step.id!)?.state === 'paused') await client.unpauseContainer(step.id!);
        else await startWithRetry(client, step.id!, s);
        log.push(`started ${step.name} (${step.reasons.join('; ')})`);
        return step.id!;
      }
      // A temporary name only while the old container holds the real one. A replacement left under the temporary
      // name by an interrupted recreate (or a container whose containerName changed) leaves the real name free, and
      // reusing the temporary name would conflict with that very container.
      const holdsName = step.action === 'recreate' && actualById.get(step.id!)?.name === step.name;
      const temp = holdsName ? `${step.name}-stackfile-new` : step.name;
      progress.update(s.name, `${step.action === 'recreate' ? 'recreating' : 'creating'} ${step.name}`);
      // The old container stops while its replacement is created (the stop is most of a recreate's daemon time
      // after the start). Should the replacement fail to be created, the old one is started again and the error
      // reported: the service is down only for that moment, and `up` changed nothing it could not finish.
      const oldId = step.action === 'recreate' ? step.id! : undefined;
      const stopped = oldId ? client.stopContainer(oldId) : undefined;
      stopped?.catch(() => undefined); // awaited below; this only keeps an early rejection from being unhandled
      let id: string;
      try {
        const anonymousVolumes = oldId ? await keptAnonymousVolumes(client, oldId) : [];
        const namespaces = namespaceOwners(s, desired.services, desired.project);
        id = await client.createContainer(containerCreateBody(s, desired.project, step.number, { name: temp, anonymousVolumes, version: o.version, namespaceOwners: namespaces }));
        trace(`created ${temp}`);
        for (const net of additionalNetworks(s)) await client.connectNetwork(net.name, id, net.aliases, net.ipam);
        // Before the first start, so the process never runs without its secrets; a restart keeps the files.
        if (s.secrets.length || s.configs?.length) await client.putArchive(id, '/', await secretArchive(s));
      } catch (err) {
        const wasRunning = oldId && actualById.get(oldId)?.state === 'running';
        if (wasRunning) await stopped!.then(() => client.startContainer(oldId)).catch(() => undefined);
        throw err;
      }
      if (oldId) {
        // The old one goes, then the new one takes the name: an interrupted run leaves either the old container or
        // a temp-named new one (or both), and the next plan converges from each.
        await stopped;
        await client.removeContainer(oldId);
        if (holdsName) await client.renameContainer(id, step.name);
        trace(`replaced ${step.name}`);
      }
      await startWithRetry(client, id, s);
      trace(`started ${step.name}`);
      log.push(`${step.action}d ${step.name}${step.action === 'recreate' ? ` (${step.reasons.join('; ')})` : ''}`);
      return id;
    };

    // Every service's launch promise exists before any starts, so a dependent can wait on one declared after it.
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    for (const service of services) {
      const s = desired.services[service];
      launched.set(service, (async () => {
        await gate;
        const deps = Object.entries(s.dependsOn).filter(([d]) => steps.has(d));
        for (const [dep, cond] of deps) {
          progress.update(service, `waiting for ${dep} (${cond})`);
          try {
            await ready(dep, cond as DependencyCondition);
          } catch (err) {
            throw new UserError(`not started because ${dep} did not become ${cond}${err instanceof NotReadyError ? `: ${err.reason}` : ''}`);
          }
        }
        if (signal.aborted) {
          interrupted = true;
          throw new Interrupted('not started: interrupted');
        }
        return Promise.all(steps.get(service)!.map((step) => runStep(step, s)));
      })());
    }
    openGate();

    const outcomes: Record<string, ServiceOutcome> = {};
    await Promise.all(
      services.map(async (service) => {
        const s = desired.services[service];
        try {
          await launched.get(service);
          if (!o.wait) {
            progress.done(service, 'started');
            outcomes[service] = { service, containers: await Promise.all((await launched.get(service)!).map((id) => client.inspectContainer(id))) };
            return;
          }
          progress.update(service, s.healthcheck && s.healthcheck.test[0] !== 'NONE' ? 'waiting until healthy' : 'waiting until running');
          const containers = await ready(service, 'ready');
          trace(`${service} ready`);
          outcomes[service] = { service, containers };
          progress.done(service, describeReady(containers));
        } catch (err) {
          if (err instanceof Interrupted) interrupted = true;
          const message = redactSecrets(await failureMessage(client, service, err), desired);
          const hint = err instanceof UserError && !(err instanceof Interrupted) ? err.hint : undefined;
          outcomes[service] = { service, containers: [], error: message, ...(hint ? { hint } : {}) };
          progress.fail(service, message.split('\n')[0]);
        }
      }),
    );
    // Only now: a container recreated off a network holds it until its old version is gone ("has active
    // endpoints"). Left for the next up when this one was interrupted or a service failed (its old container may
    // still be attached, and the removal error would hide the real failure).
    if (!signal.aborted && Object.values(outcomes).every((x) => !x.error)) {
      await Promise.all(
        plan.networks.filter((n) => n.action === 'remove').map(async (n) => {
          await client.removeNetwork(n.id ?? n.name);
          log.push(`removed network ${n.name}`);
        }),
      );
    }
    return { outcomes, log, interrupted: interrupted || signal.aborted };
  }
}

/** The replaced container's anonymous volumes, which the new one mounts again (see containerCreateBody). */
async function keptAnonymousVolumes(client: DockerClient, id: string): Promise<{ name: string; target: string }[]> {
  const old = await client.inspectContainer(id).catch(() => undefined);
  return old?.anonymousVolumes ?? [];
}

/**
 * Parallel starts can race in the engine's allocation of random host ports (docker/compose#12851): a start fails
 * with "port is already allocated" for a port nobody asked for. Such starts are retried; a fixed port that is
 * taken is a real conflict and fails at once.
 */
async function startWithRetry(client: DockerClient, id: string, s: DesiredService): Promise<void> {
  const randomPorts = s.ports.some((p) => !p.published || p.published.includes('-'));
  for (let attempt = 1; ; attempt++) {
    try {
      await client.startContainer(id);
      return;
    } catch (err) {
      if (!(err instanceof DockerError) || err.kind !== 'port-allocated' || !randomPorts || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

function describeReady(containers: ContainerDetails[]): string {
  const c = containers[0];
  if (!c) return 'no replicas';
  const state = c.health === 'healthy' ? 'healthy' : c.state === 'exited' ? 'completed' : 'running';
  return containers.length > 1 ? `${containers.length} replicas ${state}` : state;
}

/**
 * A failure message quotes the container's own logs and healthcheck output, which may echo a secret it was given;
 * stackfile's output never shows one, so known secret values are masked (short ones too common to mask are left).
 */
export function redactSecrets(text: string, desired: DesiredState): string {
  const values = Object.values(desired.services).flatMap((s) => [...s.secrets.map((sec) => sec.value), ...s.secretEnv.map((k) => s.environment[k])]);
  let out = text;
  for (const v of values.filter((x) => x && x.trim().length >= 4).sort((a, b) => b.length - a.length)) out = out.split(v.trim()).join(SECRET_MARK);
  return out;
}

async function failureMessage(client: DockerClient, service: string, err: unknown): Promise<string> {
  if (err instanceof NotReadyError && err.reason === 'interrupted') return `${service}: interrupted`;
  if (err instanceof NotReadyError) return diagnose(client, service, err.details, err.reason);
  if (!(err instanceof Error)) return String(err);
  if (err.message.startsWith('not started')) return `${service}: ${err.message}`;
  // Daemon errors classified with the service already name it.
  const prefix = `service ${service}: `;
  return `service ${service} failed: ${err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message}`;
}
