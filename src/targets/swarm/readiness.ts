import { realClock, type Clock } from '../../apply/readiness';
import type { SwarmNode } from '../../docker/swarm-actual';
import type { SwarmClient } from '../../docker/swarm-client';
import { convergence, type Convergence, type ConvergenceInput, type SwarmGoal } from './convergence';

/** A service that did not converge: why, each distinct task error, and whether swarm rolled it back. */
export class ServiceNotReadyError extends Error {
  constructor(
    readonly service: string,
    readonly reason: string,
    readonly errors: string[],
    readonly rolledBack = false,
  ) {
    super(reason);
  }
}

export interface SwarmWaitOptions {
  client: SwarmClient;
  nodes: SwarmNode[];
  goal: SwarmGoal;
  before?: ConvergenceInput['before'];
  timeoutMs: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** Poll interval: swarm has no event for "task healthy", and its task states move on its own heartbeat. */
  pollMs?: number;
  /** Sees each verdict while waiting ("1/2 running: starting"). */
  onProgress?: (c: Extract<Convergence, { state: 'waiting' }>) => void;
}

/** Polls the manager until service `id` converges on `goal`; throws ServiceNotReadyError when it cannot. */
export async function waitForService(service: string, id: string, o: SwarmWaitOptions): Promise<Extract<Convergence, { state: 'met' }>> {
  const clock = o.clock ?? realClock;
  const deadline = clock.now() + o.timeoutMs;
  const pendingSince = new Map<string, number>();
  for (;;) {
    const [live, tasks, upToDate] = await Promise.all([o.client.inspectService(id), o.client.tasks([id]), o.client.tasks([id], { upToDate: true })]);
    const now = clock.now();
    for (const t of tasks) if (t.state === 'pending' && t.error && !pendingSince.has(t.id)) pendingSince.set(t.id, now);
    const verdict = convergence({ service: live, tasks, upToDate, nodes: o.nodes, goal: o.goal, before: o.before, now, pendingSince });
    if (verdict.state === 'met') return verdict;
    if (verdict.state === 'failed') throw new ServiceNotReadyError(service, verdict.message, verdict.errors, verdict.rolledBack);
    o.onProgress?.(verdict);
    if (o.signal?.aborted) throw new ServiceNotReadyError(service, 'interrupted', []);
    if (now >= deadline) {
      const errors = tasks.filter((t) => t.error).map((t) => t.error!);
      throw new ServiceNotReadyError(service, `not ${o.goal} after ${Math.round(o.timeoutMs / 1000)}s (${verdict.running}/${verdict.desired} tasks running; ${verdict.detail})`, [...new Set(errors)].slice(0, 5));
    }
    await clock.sleep(Math.min(o.pollMs ?? 250, Math.max(0, deadline - now)));
  }
}
