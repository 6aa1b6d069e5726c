import type { ActualContainer } from '../docker/actual';
import type { ContainerDetails, DockerClient } from '../docker/client';
import { InterruptedError } from '../errors';
import type { DesiredState } from '../model/desired';
import type { ContainerStep, Plan } from '../plan/types';
import { trace } from '../trace';
import type { ApplyContext } from './apply-context';
import { containerReadiness } from './container-readiness';
import { describeReady, failureMessage, redactSecrets } from './failure';
import { containerStepRunner } from './phases/container-steps';
import { launchAlongGraph } from './phases/launch-gate';
import { applyNetworks, removeDroppedNetworks } from './phases/networks';
import { removeContainers } from './phases/removals';
import { applyVolumes } from './phases/volumes';
import type { Progress } from './progress';
import { EventHub, realClock, type Clock } from './readiness';

export type { Progress } from './progress';
export { redactSecrets } from './failure';

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
  /** Time for readiness waits and retry pauses; unit tests pass a fake one so they never sleep. */
  clock?: Clock;
  /** `stack dev`: start a replacement before its old container stops where that is safe (ApplyContext). */
  overlapRecreate?: boolean;
  /** `stack dev`: where an overlapped recreate's old container goes to be stopped in the background (ApplyContext). */
  retire?: ApplyContext['retire'];
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

/**
 * Executes a plan on the container engine, in phases: volumes, networks, removals, then launch gating (every
 * service at once, each launching as soon as its dependencies meet their conditions, its container steps done by
 * the replacement worker), and last the networks dropped from stack.ts. Nothing is done for `noop` steps but
 * waiting. On abort, no new work starts and in-flight calls finish.
 */
export async function execute(o: ExecuteOptions): Promise<ExecuteResult> {
  const { client, desired, plan, signal } = o;
  const ctx: ApplyContext = { client, desired, plan, progress: o.progress, signal, clock: o.clock ?? realClock, log: [], overlapRecreate: o.overlapRecreate, retire: o.retire };
  // The event subscription lives exactly as long as this run (an open stream would keep the process alive).
  const events = new AbortController();
  try {
    const gone = await applyVolumes(ctx);
    trace('volumes done');
    await applyNetworks(ctx, gone);
    trace('networks done');
    await removeContainers(ctx);
    const outcomes = await launchContainers(ctx, o, new EventHub(client, desired.project, events.signal), events.signal);
    if (!signal.aborted && Object.values(outcomes).every((x) => !x.error)) await removeDroppedNetworks(ctx);
    return { outcomes, log: ctx.log, interrupted: signal.aborted };
  } catch (err) {
    // An abort before the services phase (during pulls, or between network and volume steps) is an interruption,
    // not an internal error: up turns it into exit 130.
    if (err instanceof InterruptedError) return { outcomes: {}, log: ctx.log, interrupted: true };
    throw err;
  } finally {
    events.abort();
  }
}

/** Launch gating with the container engine's launch (container steps) and readiness (every replica). */
async function launchContainers(ctx: ApplyContext, o: ExecuteOptions, hub: EventHub, runEnded: AbortSignal): Promise<Record<string, ServiceOutcome>> {
  const { client, desired } = ctx;
  const steps = new Map<string, ContainerStep[]>();
  for (const step of ctx.plan.containers) if (step.action !== 'remove') steps.set(step.service, [...(steps.get(step.service) ?? []), step]);
  const runStep = containerStepRunner(ctx, o.actual, o.version);
  // Waits end with the run too: a replica still waited on after its sibling failed would otherwise poll until its
  // timeout and keep the process alive long after up has reported the failure.
  const ready = containerReadiness(desired, ctx.plan, o.actual, { client, hub, clock: ctx.clock, timeoutMs: o.waitTimeoutMs, signal: AbortSignal.any([ctx.signal, runEnded]) });
  const outcomes = await launchAlongGraph<string[], ContainerDetails[]>({
    services: [...steps.keys()],
    dependsOn: (service) => desired.services[service].dependsOn,
    optional: (service, dep) => desired.services[service].optionalDeps?.includes(dep) ?? false,
    launch: (service) => Promise.all(steps.get(service)!.map((step) => runStep(step, desired.services[service]))),
    ready,
    wait: o.wait,
    look: (_service, ids) => Promise.all(ids.map((id) => client.inspectContainer(id))),
    waiting: (service) => {
      const check = desired.services[service].healthcheck;
      return check && check.test[0] !== 'NONE' ? 'waiting until healthy' : 'waiting until running';
    },
    describe: describeReady,
    explain: async (service, err) => redactSecrets(await failureMessage(client, service, err), desired),
    progress: ctx.progress,
    signal: ctx.signal,
  });
  return Object.fromEntries(outcomes.map((x) => [x.service, { service: x.service, containers: x.result ?? [], ...(x.error ? { error: x.error } : {}), ...(x.hint ? { hint: x.hint } : {}) }]));
}
