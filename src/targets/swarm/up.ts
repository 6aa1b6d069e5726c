import { lockProject } from '../../apply/lock';
import type { Progress } from '../../apply/progress';
import type { DockerClient } from '../../docker/client';
import type { SwarmClient } from '../../docker/swarm-client';
import { InterruptedError, UserError } from '../../errors';
import type { DesiredState } from '../../model/desired';
import { applySwarm, type SwarmServiceOutcome } from './apply';
import { ensureSwarmImages } from './images';
import { observeSwarm } from './observe';
import { planSwarm } from './plan';
import type { SwarmPlan } from './plan-types';
import { swarmPlanStatus } from './render';

export interface SwarmUpOptions {
  progress: Progress;
  signal?: AbortSignal;
  services?: string[];
  wait?: boolean;
  waitTimeoutMs?: number;
  version?: string;
  pollMs?: number;
  /** Sees the plan about to be applied. */
  onPlan?: (plan: SwarmPlan) => void;
}

export interface SwarmUpResult {
  project: string;
  plan: SwarmPlan;
  changed: boolean;
  log: string[];
  notes: string[];
  services: Record<string, SwarmServiceOutcome>;
}

/**
 * `stack up` on a swarm: lock (on the manager), observe, plan, make the images pullable (build + push, or resolve
 * the digest), plan again with the digests, apply. A blocked plan, a service that does not converge (with swarm's
 * rollback and each task error), or an interrupt is a UserError naming the services.
 */
export async function upSwarm(desired: DesiredState, docker: DockerClient, swarm: SwarmClient, o: SwarmUpOptions): Promise<SwarmUpResult> {
  // Fails first, with how to fix it, when the engine is not a swarm manager (before the lock volume is made).
  let actual = await observeSwarm(docker, swarm, desired.project, desired);
  const release = await lockProject(docker, desired.project);
  try {
    actual = await observeSwarm(docker, swarm, desired.project, desired);
    let plan = planSwarm(desired, actual, { services: o.services });
    blocked(plan);
    const notes = await ensureSwarmImages(desired, plan.images, actual, docker, swarm, o.progress);
    plan = planSwarm(desired, actual, { services: o.services });
    blocked(plan);
    o.onPlan?.(plan);
    const signal = o.signal ?? new AbortController().signal;
    const result = await applySwarm(desired, plan, actual, {
      docker,
      swarm,
      progress: o.progress,
      signal,
      wait: o.wait ?? true,
      waitTimeoutMs: o.waitTimeoutMs ?? 180_000,
      version: o.version ?? '0',
      pollMs: o.pollMs,
    });
    if (result.interrupted) throw new InterruptedError(result.log);
    const failed = Object.values(result.outcomes).filter((x) => x.error);
    if (failed.length) {
      const text = failed.map((f) => [`service ${f.service}: ${f.error!.reason}`, ...f.error!.errors.map((e) => `    ${e}`)].join('\n'));
      const rolledBack = failed.some((f) => f.error!.rolledBack);
      throw new UserError(text.join('\n'), {
        hint: `${rolledBack ? 'the rolled-back services run their previous spec; ' : ''}fix the cause (stack ps --target swarm shows each task's node and error), then run stack up again`,
      });
    }
    return { project: desired.project, plan, changed: swarmPlanStatus(plan) === 'changes', log: result.log, notes: [...plan.notes, ...notes, ...result.notes], services: result.outcomes };
  } finally {
    await release();
  }
}

function blocked(plan: SwarmPlan): void {
  if (plan.blockers.length === 0) return;
  throw new UserError(`cannot apply the plan for ${plan.project} on the swarm:\n${plan.blockers.map((b) => `  - ${b.path}: ${b.message}${b.hint ? ` (${b.hint})` : ''}`).join('\n')}`, { hint: 'nothing was changed' });
}
