import { InterruptedError, UserError } from '../../errors';
import { schedule } from '../../graph/schedule';
import type { DependencyCondition } from '../../model/types';
import { trace } from '../../trace';
import type { Progress } from '../progress';
import { hasExited, NotReadyError, type Readiness } from '../readiness';

/** A service that was not launched because a dependency did not meet its condition. */
export class NotStartedError extends UserError {
  constructor(
    readonly dependency: string,
    readonly condition: DependencyCondition,
    /** Why the dependency did not get there, when readiness knows ("exited with code 1"). */
    readonly reason?: string,
  ) {
    // One sentence about the dependency, in the words its own failure uses ("db is unhealthy"), not a second verdict.
    super(`not started: ${dependency} ${reason ?? 'failed'}`);
    this.name = 'NotStartedError';
  }
}

/**
 * What launch gating needs from a deployment target. `L` is what a launch yields and readiness reads (container
 * IDs for the container engine), `R` what readiness yields (the containers' details).
 */
export interface LaunchGate<L, R> {
  /** The services this run launches or waits on (those with steps), in any order. */
  services: readonly string[];
  /** A service's dependencies and their conditions; dependencies outside `services` are not waited on. */
  dependsOn(service: string): Readonly<Record<string, DependencyCondition>>;
  /** Whether a dependency is optional (dependsOn `required: false`): its failure is a warning, not a stop. */
  optional?(service: string, dependency: string): boolean;
  /** Does a service's work (create, recreate, start) once its dependencies meet their conditions. */
  launch(service: string): Promise<L>;
  /**
   * Resolves once a launched service meets `goal`, or rejects with NotReadyError. Called at most once per service
   * and goal: every dependent waiting on it shares the wait.
   */
  ready(service: string, goal: Readiness, launched: L): Promise<R>;
  /** Wait until every service is ready before reporting it (`up`), or only look at it once launched (`--no-wait`). */
  wait: boolean;
  /** What a service looks like right after launch, when `wait` is false. */
  look(service: string, launched: L): Promise<R>;
  /** Progress text while waiting for a service to be ready ("waiting until healthy"). */
  waiting(service: string): string;
  /** Progress text of a ready service ("2 replicas healthy"). */
  describe(result: R): string;
  /** The full failure message of a service (for the container engine: a diagnosis with its logs). */
  explain(service: string, err: unknown): Promise<string>;
  progress: Progress;
  signal: AbortSignal;
}

export interface LaunchOutcome<R> {
  service: string;
  result?: R;
  error?: string;
  /** What to do about the error, when the error knows (a taken port, a missing image). */
  hint?: string;
}

/**
 * Launch gating, the last phase of `up` and the same for every target: every service launches as soon as its
 * dependencies meet their conditions (started, healthy, completed), all others at once; then each is waited on
 * until ready. A failure stops only what depends on it; an interrupt starts no new launch (calls in flight finish).
 * Resolves with one outcome per service, never rejects for a service's failure.
 */
export async function launchAlongGraph<L, R>(o: LaunchGate<L, R>): Promise<LaunchOutcome<R>[]> {
  const waits = new Map<string, Promise<R>>();
  // A service's first readiness failure is its only one: a dependent's wait (healthy) and the service's own (ready)
  // watch one container, and two verdicts from two moments ("is unhealthy", "not ready after 5s, health: starting")
  // would contradict each other.
  const failures = new Map<string, NotReadyError>();
  const readyOf = (service: string, goal: Readiness, launched: ReadonlyMap<string, Promise<L>>): Promise<R> => {
    const key = `${service}|${goal}`;
    if (!waits.has(key)) {
      waits.set(key, launched.get(service)!.then((l) => o.ready(service, goal, l)).catch((err: unknown) => {
        if (!(err instanceof NotReadyError)) throw err;
        if (!failures.has(service)) failures.set(service, err);
        throw failures.get(service);
      }));
    }
    return waits.get(key)!;
  };
  const edges = Object.fromEntries(o.services.map((s) => [s, Object.keys(o.dependsOn(s))]));
  const launched = schedule(o.services, edges, async (service) => {
    if (o.signal.aborted) throw new InterruptedError();
    return o.launch(service);
  }, {
    gate: async (service, dep, results) => {
      const condition = o.dependsOn(service)[dep];
      o.progress.update(service, `waiting for ${dep} (${condition})`);
      try {
        await readyOf(dep, condition, results);
      } catch (err) {
        const reason = err instanceof NotReadyError ? err.reason : undefined;
        if (!o.optional?.(service, dep) || !(err instanceof NotReadyError)) throw new NotStartedError(dep, condition, reason);
        o.progress.update(service, `${dep} ${reason ?? 'failed'}; starting anyway (dependsOn ${dep} required: false)`);
      }
    },
  });

  const outcomes = await Promise.all(o.services.map(async (service): Promise<LaunchOutcome<R>> => {
    try {
      const l = await launched.get(service)!;
      if (!o.wait) {
        o.progress.done(service, 'started');
        return { service, result: await o.look(service, l) };
      }
      o.progress.update(service, o.waiting(service));
      const result = await readyOf(service, 'ready', launched);
      trace(`${service} ready`);
      o.progress.done(service, o.describe(result));
      return { service, result };
    } catch (err) {
      const message = await o.explain(service, err);
      const hint = err instanceof UserError && !(err instanceof InterruptedError) ? err.hint : undefined;
      // The progress line already names the service.
      o.progress.fail(service, err instanceof NotStartedError ? err.message : message.split('\n')[0]);
      return { service, error: message, ...(hint ? { hint } : {}) };
    }
  }));
  // A dependent's wait may see what the service's own wait missed: a one-shot (seed: `sh -c 'exit 3'`) was running
  // when its own wait looked, and had exited with code 3 when its dependent's `completed` wait looked. The run then
  // knows its container failed, and says so whichever wait came first; otherwise `up` succeeded or failed with the
  // timing. Only an exit counts: a dependent that wanted more than the service offers (healthy, from a service
  // without a healthcheck) is the dependent's failure, not the service's. Every wait has settled by now: each
  // dependent's outcome waited for its gates.
  return Promise.all(outcomes.map(async (outcome): Promise<LaunchOutcome<R>> => {
    const failure = failures.get(outcome.service);
    if (outcome.error !== undefined || !failure || !hasExited(failure.details)) return outcome;
    const message = await o.explain(outcome.service, failure);
    o.progress.fail(outcome.service, message.split('\n')[0]);
    return { service: outcome.service, error: message };
  }));
}
