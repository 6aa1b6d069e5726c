import type { ActualState } from '../docker/actual';
import type { ContainerDetails, DockerClient } from '../docker/client';
import { InterruptedError, UserError } from '../errors';
import type { DesiredState } from '../model/desired';
import { envSwitch, envWords } from '../plan/applied-env';
import { plan as makePlan, type PlanOptions } from '../plan/plan';
import { hasChanges, type ImageStep, type Plan } from '../plan/types';
import { imageRefs, observe } from '../state/observe';
import { execute, type ExecuteOptions, type Progress } from './execute';
import { ensureImages } from './images';
import { lockProject } from './lock';
import { trace } from '../trace';

export interface UpOptions extends PlanOptions {
  client: DockerClient;
  progress: Progress;
  signal?: AbortSignal;
  /** Wait until every service is running/healthy/completed (default true). */
  wait?: boolean;
  waitTimeoutMs?: number;
  version?: string;
  /**
   * Which of the plan's pulls and builds to run (default all). `stack dev` re-applies on every save of stack.ts and
   * rebuilds an image only when its build changed or a rebuild rule fired; images that are missing are always fetched.
   */
  fetchImage?: (step: ImageStep) => boolean;
  /** Sees the plan about to be executed (after images were fetched), e.g. to print it first. */
  onPlan?: (plan: Plan) => void;
  /**
   * Refuse to switch a project to another env than the one it was last applied with (the CLI's `up` without --env
   * or --force): a plain `up` after `up --env prod` would otherwise quietly revert prod's settings.
   */
  refuseEnvSwitch?: boolean;
  /** `stack dev`: start a replacement before its old container stops where that is safe (see overlapRecreate). */
  overlapRecreate?: boolean;
  /**
   * `stack dev`: an overlapped recreate does not wait for its old container to stop. Once the replacement runs, the
   * old one, off its networks and renamed, is handed here, and the caller stops and removes it in the background.
   */
  retire?: ExecuteOptions['retire'];
  /** Containers left out of the observed state: those `stack dev` is retiring are no longer part of the project. */
  ignoreContainers?: ReadonlySet<string>;
  /**
   * The project lock, taken already, and maybe the state observed under it: `stack dev` takes both while stack.ts
   * loads. `up` releases the lock as its own; a rejection is up's failure to lock. Without `actual`, up observes.
   */
  locked?: Promise<{ release: () => Promise<void>; actual?: ActualState }>;
}

/** A running service as `up` leaves it: what a test (or script) needs to talk to it. */
export interface ServiceStatus {
  service: string;
  containers: { id: string; name: string; state: string; health?: string; ports: { target: number; published: number; protocol: string; hostIp: string }[] }[];
}

export interface UpResult {
  project: string;
  plan: Plan;
  changed: boolean;
  /** What was done, in order. */
  log: string[];
  services: Record<string, ServiceStatus>;
}

/**
 * `stack up`: lock, observe, fetch images, plan, execute. Throws a UserError when the plan is blocked, when a
 * service fails (with a diagnosis per failed service), or with exit code 130 when interrupted.
 */
export async function up(desired: DesiredState, o: UpOptions): Promise<UpResult> {
  const held = o.locked ? await o.locked : undefined;
  const release = held?.release ?? (await lockProject(o.client, desired.project));
  trace('project locked');
  try {
    const actual = held?.actual ?? (await observe(o.client, desired.project, desired, o.ignoreContainers));
    trace('observed');
    const switched = o.refuseEnvSwitch ? envSwitch(desired.env, actual.containers) : undefined;
    if (switched) {
      throw new UserError(`${desired.project} was last applied with ${envWords(switched.from)}; this up would switch it to ${envWords(switched.to)}`, {
        hint: `${switched.from ? `pass --env ${switched.from} to keep it, ` : 'pass --env to say which env, '}or --force to switch; nothing was changed`,
      });
    }
    let plan = makePlan(desired, actual, o);
    trace('planned');
    const fetch = o.fetchImage ? plan.images.filter((step) => step.missing || o.fetchImage!(step)) : plan.images;
    if (plan.blockers.length === 0 && (await ensureImages(o.client, desired, fetch, o.progress))) {
      actual.images = await o.client.imageIds(imageRefs(desired));
      plan = makePlan(desired, actual, o);
    }
    if (plan.blockers.length) {
      throw new UserError(`cannot apply the plan for ${desired.project}:\n${plan.blockers.map((b) => `  - ${b.path}: ${b.message}${b.hint ? ` (${b.hint})` : ''}`).join('\n')}`, {
        hint: 'nothing was changed',
      });
    }
    o.onPlan?.(plan);
    const signal = o.signal ?? new AbortController().signal;
    const result = await execute({
      client: o.client,
      desired,
      plan,
      actual: actual.containers,
      progress: o.progress,
      signal,
      waitTimeoutMs: o.waitTimeoutMs ?? 120_000,
      wait: o.wait ?? true,
      version: o.version ?? '0',
      overlapRecreate: o.overlapRecreate,
      retire: o.retire,
    });
    trace('executed');
    const failed = Object.values(result.outcomes).filter((x) => x.error);
    if (result.interrupted) {
      throw new InterruptedError(result.log);
    }
    if (failed.length) {
      const hints = [...new Set(failed.map((f) => f.hint).filter(Boolean))];
      throw new UserError(failed.map((f) => f.error).join('\n'), {
        hint: `${hints.length ? `${hints.join('; ')}; then ` : ''}run stack up again (services that came up are left running)`,
      });
    }
    return {
      project: desired.project,
      plan,
      changed: hasChanges(plan),
      log: result.log,
      services: Object.fromEntries(Object.values(result.outcomes).map((x) => [x.service, { service: x.service, containers: x.containers.map(toStatus) }])),
    };
  } finally {
    await release();
    trace('lock released');
  }
}

function toStatus(d: ContainerDetails): ServiceStatus['containers'][number] {
  return { id: d.id, name: d.name, state: d.state, ...(d.health ? { health: d.health } : {}), ports: d.ports };
}
