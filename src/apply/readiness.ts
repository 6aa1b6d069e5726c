import type { ContainerDetails, DockerClient } from '../docker/client';
import type { DockerEvent } from '../docker/client';

/**
 * Waiting for a container to be ready, as strategy + clock so tests can drive it without sleeping. Waits react to
 * the daemon's event stream (a health_status or die event wakes the waiter at once) and fall back to polling, in
 * case an event is missed.
 */
export type Readiness = 'started' | 'healthy' | 'completed' | 'ready';

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or earlier when `wake` resolves. */
  sleep(ms: number, wake?: Promise<unknown>): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, wake) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake?.then(() => {
        clearTimeout(t);
        resolve();
      });
    }),
};

export class NotReadyError extends Error {
  constructor(
    readonly details: ContainerDetails,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Exit codes of a process ended by a signal from outside, which no log line explains. */
const SIGNALLED: Record<number, string> = {
  137: ' (killed: SIGKILL, e.g. `docker kill` or a stop that timed out)',
  143: ' (terminated: SIGTERM, e.g. `docker stop` or the Docker daemon stopping or restarting)',
};

/** The container's process has ended (and, with no restart policy, stays so). */
export const hasExited = (d: Pick<ContainerDetails, 'state'>): boolean => d.state === 'exited' || d.state === 'dead';

/** What a container's details mean for a readiness goal: met, failed (with why), or keep waiting. */
export function evaluate(goal: Readiness, d: ContainerDetails, restartPolicy = 'no'): 'met' | 'wait' | string {
  const exited = hasExited(d);
  const exitText = `exited with code ${d.exitCode}${d.oomKilled ? ' (killed: out of memory)' : (SIGNALLED[d.exitCode] ?? '')}${d.error ? ` (${d.error})` : ''}`;
  switch (goal) {
    case 'started':
      return d.state === 'running' || exited ? 'met' : 'wait';
    case 'completed':
      if (exited) return d.exitCode === 0 ? 'met' : exitText;
      return 'wait';
    case 'healthy':
      if (d.health === 'healthy') return 'met';
      // Checked before health: the daemon marks a container that stopped as unhealthy, which hides why it stopped.
      if (exited) return exitText;
      if (d.health === 'unhealthy') return 'is unhealthy';
      if (d.health === undefined && d.state === 'running') return 'has no healthcheck, so it can never become healthy (add a healthcheck or depend on it with "started")';
      return 'wait';
    case 'ready':
      // What `up` waits for before it returns: healthy if there is a healthcheck, else running, or done (exit 0).
      if (d.health !== undefined) return evaluate('healthy', d);
      if (d.state === 'running') return 'met';
      if (exited) return d.exitCode === 0 && restartPolicy !== 'always' && restartPolicy !== 'unless-stopped' ? 'met' : exitText;
      return 'wait';
  }
}

/** Fan-out of one daemon event subscription to any number of waiters, opened lazily on the first wait. */
export class EventHub {
  private waiters = new Map<string, (() => void)[]>();
  private started = false;
  constructor(
    private readonly client: DockerClient,
    private readonly project: string,
    private readonly signal: AbortSignal,
  ) {
    // When the subscription ends every waiter wakes, so no wait sleeps on past the run that owns it.
    signal.addEventListener('abort', () => {
      for (const list of this.waiters.values()) list.forEach((w) => w());
      this.waiters.clear();
    }, { once: true });
  }

  /** Resolves at the next event for container `id` (at once when the subscription has ended). */
  next(id: string): Promise<void> {
    if (this.signal.aborted) return Promise.resolve();
    this.start();
    return new Promise((resolve) => this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]));
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.client
      .events(this.project, (e: DockerEvent) => {
        const list = this.waiters.get(e.id);
        if (!list) return;
        this.waiters.delete(e.id);
        list.forEach((w) => w());
      }, this.signal)
      .catch(() => {
        /* polling still covers every wait */
      });
  }
}

export interface WaitOptions {
  client: DockerClient;
  hub?: EventHub;
  clock?: Clock;
  timeoutMs: number;
  /** Poll interval when no event arrives. */
  pollMs?: number;
  signal?: AbortSignal;
  restartPolicy?: string;
}

/** Waits until `goal` is met for container `id`; throws NotReadyError with the last details when it cannot be. */
export async function waitFor(id: string, goal: Readiness, options: WaitOptions): Promise<ContainerDetails> {
  const clock = options.clock ?? realClock;
  const deadline = clock.now() + options.timeoutMs;
  for (;;) {
    // Subscribe before inspecting so an event between the two is not lost.
    const wake = options.hub?.next(id);
    const details = await options.client.inspectContainer(id);
    const verdict = evaluate(goal, details, options.restartPolicy);
    if (verdict === 'met') return details;
    if (verdict !== 'wait') throw new NotReadyError(details, verdict);
    if (options.signal?.aborted) throw new NotReadyError(details, 'interrupted');
    if (clock.now() >= deadline) throw new NotReadyError(details, `was not ${goal} after ${Math.round(options.timeoutMs / 1000)}s (state: ${details.state}${details.health ? `, health: ${details.health}` : ''})`);
    await clock.sleep(Math.min(options.pollMs ?? 1000, Math.max(0, deadline - clock.now())), wake);
  }
}
