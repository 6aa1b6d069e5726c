import type { DockerClient } from '../docker/client';
import { InterruptedError } from '../errors';
import type { DesiredState } from '../model/desired';
import type { Plan } from '../plan/types';
import type { RetiredContainer } from './phases/overlap-recreate';
import type { Progress } from './progress';
import type { Clock } from './readiness';

/** What every phase of an apply run shares: the daemon, the stack, the plan being executed and the run's record. */
export interface ApplyContext {
  client: DockerClient;
  desired: DesiredState;
  plan: Plan;
  progress: Progress;
  /** Aborted on Ctrl-C: no phase starts new work after it; calls in flight finish. */
  signal: AbortSignal;
  clock: Clock;
  /** Human lines of what was changed, in order ("created volume shop_data"); phases append to it. */
  log: string[];
  /**
   * `stack dev`: a recreate may start the replacement before the old container is stopped, where the two can
   * share nothing a second copy could corrupt (see overlapRecreate). `up` stops first, as Compose does.
   */
  overlapRecreate?: boolean;
  /** `stack dev`: an overlapped recreate hands its old container here to be stopped in the background. */
  retire?: (old: RetiredContainer) => void;
}

/** Throws InterruptedError once the run was interrupted: phases call it before each new piece of work. */
export function checkAbort(signal: AbortSignal): void {
  if (signal.aborted) throw new InterruptedError();
}
