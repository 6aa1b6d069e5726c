import { describe, expect, it } from 'vitest';
import { launchAlongGraph, NotStartedError, type LaunchGate } from '../../../src/apply/phases/launch-gate';
import { NotReadyError, type Readiness } from '../../../src/apply/readiness';
import type { ContainerDetails } from '../../../src/docker/client';
import { InterruptedError } from '../../../src/errors';
import type { DependencyCondition } from '../../../src/model/types';
import { recordingProgress } from '../apply-harness';

// Launch gating knows nothing of containers: a target gives it launch and readiness functions. These tests use
// plain functions, as a second target (Swarm services) would be plugged in.
const details = { id: 'x', name: 'x', state: 'exited', exitCode: 1, healthLog: [], ports: [], oomKilled: false, error: '', env: [], anonymousVolumes: [] } as ContainerDetails;

function gate(deps: Record<string, Record<string, DependencyCondition>>, over: Partial<LaunchGate<string, string>> = {}) {
  const events: string[] = [];
  const progress = recordingProgress();
  const o: LaunchGate<string, string> = {
    services: Object.keys(deps),
    dependsOn: (s) => deps[s],
    launch: async (s) => {
      events.push(`launch ${s}`);
      return `${s}-handle`;
    },
    ready: async (s, goal: Readiness, handle) => {
      events.push(`ready ${s} ${goal} (${handle})`);
      return `${s} is ${goal}`;
    },
    wait: true,
    look: async (s) => `${s} looked at`,
    waiting: () => 'waiting until ready',
    describe: (r) => r,
    explain: async (s, err) => `${s}: ${(err as Error).message}`,
    progress,
    signal: new AbortController().signal,
    ...over,
  };
  return { o, events, progress };
}

describe('launchAlongGraph', () => {
  it('launches a service once its dependencies meet their conditions, sharing each readiness wait', async () => {
    const { o, events, progress } = gate({ db: {}, api: { db: 'healthy' }, worker: { db: 'healthy' }, web: { api: 'started' } });
    const outcomes = await launchAlongGraph(o);
    expect(outcomes.map((x) => [x.service, x.result])).toEqual([['db', 'db is ready'], ['api', 'api is ready'], ['worker', 'worker is ready'], ['web', 'web is ready']]);
    // One wait for db healthy, shared by api and worker; it reads db's launch result.
    expect(events.filter((e) => e === 'ready db healthy (db-handle)')).toHaveLength(1);
    expect(events.indexOf('launch api')).toBeGreaterThan(events.indexOf('ready db healthy (db-handle)'));
    expect(events.indexOf('launch web')).toBeGreaterThan(events.indexOf('ready api started (api-handle)'));
    expect(progress.lines).toEqual(expect.arrayContaining(['api: waiting for db (healthy)', 'web: waiting for api (started)', 'db: waiting until ready', 'db: done db is ready']));
  });

  it('turns a dependency that cannot get ready into NotStartedError for its dependents, with the reason', async () => {
    const seen: unknown[] = [];
    const { o } = gate({ db: {}, api: { db: 'healthy' } }, {
      ready: async (s) => {
        if (s === 'db') throw new NotReadyError(details, 'exited with code 1');
        return 'fine';
      },
      explain: async (s, err) => {
        seen.push(err);
        return `${s} failed`;
      },
    });
    const outcomes = await launchAlongGraph(o);
    expect(outcomes.map((x) => x.error)).toEqual(['db failed', 'api failed']);
    const notStarted = seen.find((e) => e instanceof NotStartedError) as NotStartedError;
    expect(notStarted).toMatchObject({ dependency: 'db', condition: 'healthy', reason: 'exited with code 1' });
    expect(notStarted.message).toBe('not started: db exited with code 1');
  });

  it('gives a service one verdict: its own wait and a dependent\'s report the first failure, not two that disagree', async () => {
    // db's dependent waits for healthy and sees it unhealthy; db's own wait (ready) times out later having seen it
    // starting. Both used to be printed: "db did not become healthy: is unhealthy" and "not ready after 5s (starting)".
    const { o, progress } = gate({ db: {}, api: { db: 'healthy' } }, {
      ready: async (s, goal) => {
        if (s !== 'db') return 'fine';
        if (goal === 'healthy') throw new NotReadyError(details, 'is unhealthy');
        await new Promise((r) => setTimeout(r, 20));
        throw new NotReadyError(details, 'was not ready after 5s (state: running, health: starting)');
      },
    });
    const outcomes = await launchAlongGraph(o);
    expect(outcomes.map((x) => x.error)).toEqual(['db: is unhealthy', 'api: not started: db is unhealthy']);
    // The progress line names the service once.
    expect(progress.lines).toContain('api: failed not started: db is unhealthy');
  });

  it("fails a service its own wait saw ready when a dependent's wait then saw it fail (a one-shot that exited 3)", async () => {
    // seed was running when its own wait looked; by the time api's `completed` wait looked, it had exited with 3.
    // api starts anyway (required: false), and up must still report seed, whichever wait looked first.
    const { o, progress } = gate({ seed: {}, api: { seed: 'completed' } }, {
      optional: () => true,
      ready: async (s, goal) => {
        if (s === 'seed' && goal === 'completed') throw new NotReadyError(details, 'exited with code 3');
        return `${s} is running`;
      },
    });
    const outcomes = await launchAlongGraph(o);
    expect(outcomes.map((x) => [x.service, x.error ?? x.result])).toEqual([['seed', 'seed: exited with code 3'], ['api', 'api is running']]);
    expect(progress.lines).toEqual(expect.arrayContaining(['api: seed exited with code 3; starting anyway (dependsOn seed required: false)']));
  });

  it('leaves a running service alone when a dependent wanted more of it than it offers (healthy, without a healthcheck)', async () => {
    const running = { ...details, state: 'running', exitCode: 0 } as ContainerDetails;
    const { o } = gate({ db: {}, api: { db: 'healthy' } }, {
      ready: async (s, goal) => {
        if (s === 'db' && goal === 'healthy') throw new NotReadyError(running, 'has no healthcheck, so it can never become healthy');
        return `${s} is running`;
      },
    });
    const outcomes = await launchAlongGraph(o);
    expect(outcomes.map((x) => [x.service, x.error ?? x.result])).toEqual([['db', 'db is running'], ['api', 'api: not started: db has no healthcheck, so it can never become healthy']]);
  });

  it('launches nothing once interrupted, and says so per service', async () => {
    const controller = new AbortController();
    controller.abort();
    const seen: unknown[] = [];
    const { o, events } = gate({ a: {}, b: {} }, { signal: controller.signal, explain: async (s, err) => (seen.push(err), `${s} stopped`) });
    const outcomes = await launchAlongGraph(o);
    expect(events).toEqual([]);
    expect(outcomes.map((x) => x.error)).toEqual(['a stopped', 'b stopped']);
    expect(seen.every((e) => e instanceof InterruptedError)).toBe(true);
  });

  it('with wait off, looks at each service once launched instead of waiting for it', async () => {
    const { o, events } = gate({ a: {} }, { wait: false });
    const outcomes = await launchAlongGraph(o);
    expect(outcomes).toEqual([{ service: 'a', result: 'a looked at' }]);
    expect(events).toEqual(['launch a']);
  });

  it('keeps the hint of a user error, so up can print what to do', async () => {
    const { DockerError } = await import('../../../src/errors');
    const { o } = gate({ a: {} }, { launch: async () => { throw new DockerError('port-allocated', 'taken', { hint: 'free the port' }); } });
    const [outcome] = await launchAlongGraph(o);
    expect(outcome).toEqual({ service: 'a', error: 'a: taken', hint: 'free the port' });
  });
});
