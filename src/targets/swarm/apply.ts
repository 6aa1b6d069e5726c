import type { Progress } from '../../apply/progress';
import type { DockerClient } from '../../docker/client';
import type { SwarmService as LiveService } from '../../docker/swarm-actual';
import type { SwarmClient } from '../../docker/swarm-client';
import { dependencyEdges } from '../../graph/dag';
import { schedule } from '../../graph/schedule';
import type { DesiredState } from '../../model/desired';
import type { SwarmActual } from './actual';
import { appliedSwarmNetwork, appliedSwarmService, configHash } from './applied';
import type { SwarmGoal } from './convergence';
import type { ServiceStep, SwarmPlan } from './plan-types';
import { ServiceNotReadyError, waitForService } from './readiness';
import { swarmServices } from './services';
import { fileObjectSpec, serviceFileObjects } from './spec/files';
import { overlayNetworkBody } from './spec/networks';
import { serviceSpec } from './spec/service-spec';

export interface SwarmApplyOptions {
  docker: DockerClient;
  swarm: SwarmClient;
  progress: Progress;
  signal: AbortSignal;
  /** Wait until every service has converged (default true); services others depend on are waited for anyway. */
  wait: boolean;
  waitTimeoutMs: number;
  version: string;
  /** Between polls of a converging service. */
  pollMs?: number;
}

/** How one service ended up: converged, or why not (with each task error, and whether swarm rolled it back). */
export interface SwarmServiceOutcome {
  service: string;
  action: ServiceStep['action'];
  id?: string;
  running?: number;
  desired?: number;
  error?: ServiceNotReadyError;
}

export interface SwarmApplyResult {
  log: string[];
  outcomes: Record<string, SwarmServiceOutcome>;
  notes: string[];
  interrupted: boolean;
}

/**
 * Executes a swarm plan: networks, then secret and config versions, then removed services, then each service along
 * the dependency graph (a service is created or updated only once its dependencies' tasks meet their condition:
 * `docker stack deploy` ignores depends_on, stackfile keeps it), each update rolled out by swarm with the service's
 * updateConfig and followed until it converged or failed; finally the networks and the secret and config versions
 * no service uses any more.
 */
export async function applySwarm(desired: DesiredState, plan: SwarmPlan, actual: SwarmActual, o: SwarmApplyOptions): Promise<SwarmApplyResult> {
  const log: string[] = [];
  const notes: string[] = [];
  const project = desired.project;
  const services = swarmServices(desired);
  const clusterKey = actual.info.clusterId ?? '';

  await Promise.all(plan.networks.filter((n) => n.action === 'create').map(async (step) => {
    const n = desired.networks[step.key!];
    const applied = appliedSwarmNetwork(n);
    await o.docker.createNetwork(overlayNetworkBody(n, project, { configHash: configHash(applied), applied: JSON.stringify(applied) }) as never);
    log.push(`created network ${n.name}`);
  }));

  const ids: Record<string, string> = {};
  for (const e of [...actual.secrets, ...actual.configs]) ids[e.name] = e.id;
  const wanted = new Map(Object.values(services).flatMap((s) => serviceFileObjects(s, project, clusterKey)).map((f) => [`${f.kind}/${f.name}`, f]));
  await Promise.all(plan.files.filter((f) => f.action === 'create').map(async (step) => {
    const object = wanted.get(`${step.resource}/${step.name}`)!;
    const spec = fileObjectSpec(object, project);
    ids[step.name] = step.resource === 'secret' ? await o.swarm.createSecret(spec) : await o.swarm.createConfig(spec);
    // The name carries a fingerprint, never the value.
    log.push(`created ${step.resource} ${step.name}`);
  }));

  await Promise.all(plan.services.filter((s) => s.action === 'remove').map(async (step) => {
    await o.swarm.removeService(step.id!);
    log.push(`removed service ${step.name}`);
  }));

  const live = new Map<string, LiveService>(actual.services.map((s) => [s.service, s]));
  const steps = new Map(plan.services.filter((s) => s.action !== 'remove').map((s) => [s.service, s]));
  const edges = dependencyEdges(desired.services);
  const goals = new Map<string, SwarmGoal>();
  for (const s of Object.values(desired.services)) for (const [dep, condition] of Object.entries(s.dependsOn)) if (condition === 'completed') goals.set(dep, 'completed');
  const waitedOn = new Set(Object.values(desired.services).flatMap((s) => Object.keys(s.dependsOn)));
  const outcomes: Record<string, SwarmServiceOutcome> = {};

  const deploy = async (name: string): Promise<SwarmServiceOutcome> => {
    const step = steps.get(name)!;
    const s = services[name];
    const outcome: SwarmServiceOutcome = { service: name, action: step.action, ...(step.id ? { id: step.id } : {}) };
    outcomes[name] = outcome;
    if (o.signal.aborted) return outcome;
    const before = live.get(name);
    const objects = serviceFileObjects(s, project, clusterKey);
    const applied = appliedSwarmService(s, objects);
    const digest = actual.digests[s.image];
    const spec = serviceSpec(s, {
      project,
      image: digest ? `${s.image.split('@')[0]}@${digest}` : s.image,
      volumes: desired.volumes,
      clusterKey,
      objectIds: ids,
      stored: { configHash: configHash(applied), applied: JSON.stringify(applied), dependsOn: Object.keys(s.dependsOn).join(',') },
      version: o.version,
    });
    let beforeTasks: { updateStartedAt?: string; taskIds: ReadonlySet<string> } | undefined;
    if (step.action === 'create' || step.action === 'recreate') {
      if (step.action === 'recreate' && before) {
        o.progress.update(name, 'removing the old service');
        await o.swarm.removeService(before.id);
        log.push(`removed service ${step.name}`);
      }
      o.progress.update(name, 'creating');
      outcome.id = (await o.swarm.createService(spec)).id;
      log.push(`created service ${step.name}`);
      beforeTasks = { taskIds: new Set() };
    } else if (step.action === 'update' && before) {
      beforeTasks = { ...(before.updateStatus?.startedAt ? { updateStartedAt: before.updateStatus.startedAt } : {}), taskIds: new Set(actual.tasks.filter((t) => t.serviceId === before.id).map((t) => t.id)) };
      o.progress.update(name, step.rolling ? 'updating' : step.scale ? `scaling ${step.scale.from} → ${step.scale.to}` : 'updating its settings');
      await o.swarm.updateService(before.id, before.version, spec);
      log.push(`${step.rolling || !step.scale ? 'updated' : 'scaled'} service ${step.name}${step.scale ? ` (replicas ${step.scale.from} → ${step.scale.to})` : ''}`);
    }
    if (!o.wait && !waitedOn.has(name)) {
      o.progress.done(name, step.action === 'noop' ? 'unchanged' : `${step.action === 'create' ? 'created' : 'updated'}; not waiting`);
      return outcome;
    }
    const goal = goals.get(name) ?? 'running';
    o.progress.update(name, `waiting for its tasks (${goal === 'completed' ? 'completed' : s.healthcheck ? 'running and healthy' : 'running'})`);
    try {
      const met = await waitForService(name, outcome.id!, {
        client: o.swarm,
        nodes: actual.nodes,
        goal,
        ...(beforeTasks ? { before: beforeTasks } : {}),
        timeoutMs: o.waitTimeoutMs,
        signal: o.signal,
        pollMs: o.pollMs,
        onProgress: (c) => o.progress.update(name, `${c.running}/${c.desired} running: ${c.detail}`),
      });
      outcome.running = met.running;
      outcome.desired = met.desired;
      o.progress.done(name, `${goal === 'completed' ? 'completed' : `${met.running}/${met.desired} running`}${s.healthcheck && goal !== 'completed' ? ' (healthy)' : ''}${step.action === 'noop' ? '' : `, ${step.action === 'create' || step.action === 'recreate' ? 'created' : 'updated'}`}`);
    } catch (err) {
      if (!(err instanceof ServiceNotReadyError)) throw err;
      outcome.error = err;
      o.progress.fail(name, err.reason);
      throw err;
    }
    return outcome;
  };

  const names = [...steps.keys()];
  const results = schedule(names, edges, deploy, {
    gate: async (node, dep, all) => {
      try {
        await all.get(dep);
      } catch {
        o.progress.fail(node, `not deployed: ${dep} did not come up`);
        throw new Skipped();
      }
    },
  });
  const settled = await Promise.allSettled(results.values());
  for (const r of settled) if (r.status === 'rejected' && !(r.reason instanceof ServiceNotReadyError) && !(r.reason instanceof Skipped)) throw r.reason;
  const failed = Object.values(outcomes).some((x) => x.error);

  if (!failed && !o.signal.aborted) {
    // Old secret and config versions go once no service uses them; a task still shutting down may hold one a moment.
    for (const step of plan.files.filter((f) => f.action === 'remove')) {
      const removed = await retry(() => (step.resource === 'secret' ? o.swarm.removeSecret(step.id!) : o.swarm.removeConfig(step.id!)), 10_000);
      if (removed) log.push(`removed ${step.resource} ${step.name}`);
      else notes.push(`${step.resource} ${step.name} is still in use; the next up removes it`);
    }
    for (const step of plan.networks.filter((n) => n.action === 'remove')) {
      const removed = await retry(() => o.docker.removeNetwork(step.id ?? step.name), 20_000);
      if (removed) log.push(`removed network ${step.name}`);
      else notes.push(`network ${step.name} is still in use; the next up removes it`);
    }
  }
  return { log, outcomes, notes, interrupted: o.signal.aborted };
}

/** A service not deployed because a dependency failed (its own failure is the dependency's). */
class Skipped extends Error {}

async function retry(fn: () => Promise<unknown>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await fn();
      return true;
    } catch {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}
