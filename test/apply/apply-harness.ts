import { execute, type ExecuteOptions } from '../../src/apply/execute';
import type { Progress } from '../../src/apply/progress';
import type { ActualState } from '../../src/docker/actual';
import type { StackDefinition } from '../../src/model/types';
import { plan } from '../../src/plan/plan';
import { desiredOf, emptyActual } from '../plan/builders';
import { FakeClock } from './fake-clock';
import { FakeDocker } from './fake-docker';

/** Progress as lines (`api: waiting for db (healthy)`), for assertions on what the user is told. */
export function recordingProgress(): Progress & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    update: (s, m) => lines.push(`${s}: ${m}`),
    done: (s, m) => lines.push(`${s}: done ${m}`),
    fail: (s, m) => lines.push(`${s}: failed ${m}`),
    note: (m) => lines.push(m),
  };
}

/**
 * One apply run of `def` against a fake daemon holding `before` (default: nothing), the plan made by the real
 * planner: what the phases see in `up`, without the daemon.
 */
export function applyRun(def: StackDefinition, before?: (project: string) => ActualState) {
  const clock = new FakeClock();
  const docker = new FakeDocker(clock);
  const desired = desiredOf(def);
  const actual = before ? before(desired.project) : emptyActual(desired.project);
  docker.seed(actual);
  const thePlan = plan(desired, actual);
  const progress = recordingProgress();
  const controller = new AbortController();
  const options = (over: Partial<ExecuteOptions> = {}): ExecuteOptions => ({
    client: docker, desired, plan: thePlan, actual: actual.containers, progress, signal: controller.signal, waitTimeoutMs: 120_000, wait: true, version: 'test', clock, ...over,
  });
  return {
    clock, docker, desired, plan: thePlan, progress, controller,
    /** Starts the run; time advances only through `clock.settle` (or the test's own `clock.advance`). */
    start: (over: Partial<ExecuteOptions> = {}) => execute(options(over)),
    /** Runs to the end, advancing fake time whenever the run only waits. */
    run: (over: Partial<ExecuteOptions> = {}) => clock.settle(execute(options(over))),
  };
}
