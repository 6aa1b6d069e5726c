import { describe, expect, it } from 'vitest';
import { DockerError } from '../../src/errors';
import type { StackDefinition } from '../../src/model/types';
import { appliedState, desiredOf } from '../plan/builders';
import { applyRun } from './apply-harness';
import { idle } from './fake-clock';

// The apply core's phases against a fake daemon and a fake clock: the order of daemon calls, what runs in parallel,
// failures, interrupts and readiness timeouts, in milliseconds. What the engine does with those calls is tested
// against the real daemon in test/integration.
const IMAGE = 'stackfile-test/busybox:latest';
const health = { test: ['CMD', 'true'], interval: '1s' };

/** db (healthcheck, volume) ← api (needs db healthy, on backend) ← web (needs api started); cache stands alone. */
const chain = (apiEnv = '1'): StackDefinition => ({
  name: 'shop',
  services: {
    db: { image: IMAGE, healthcheck: health, volumes: ['data:/data'], networks: ['backend'] },
    api: { image: IMAGE, environment: { V: apiEnv }, dependsOn: { db: 'healthy' }, networks: ['backend', 'default'] },
    web: { image: IMAGE, dependsOn: ['api'] },
    cache: { image: IMAGE },
  },
  volumes: { data: {} },
  networks: { backend: {} },
});

describe('execute: phases in order', () => {
  it('creates volumes, then networks, then containers; a dependent starts only once its dependency is healthy', async () => {
    const r = applyRun(chain());
    r.docker.behaviour.db = { healthyAfter: 3000 };
    const result = await r.run();
    expect(result.interrupted).toBe(false);
    expect(Object.values(result.outcomes).map((o) => o.error)).toEqual([undefined, undefined, undefined, undefined]);
    const { calls } = r.docker;
    const firstContainerCall = calls.findIndex((c) => c.startsWith('create shop-'));
    expect(r.docker.at('create volume shop_data')).toBeLessThan(r.docker.at('create network shop_backend'));
    expect(calls.filter((c) => c.startsWith('create network')).every((c) => calls.indexOf(c) < firstContainerCall)).toBe(true);
    expect(r.docker.at('start shop-db-1')).toBeLessThan(r.docker.at('create shop-api-1'));
    expect(r.docker.at('start shop-api-1')).toBeLessThan(r.docker.at('create shop-web-1'));
    // api waited for db's health in fake time: 3 s of polling, not 3 s of test time.
    expect(r.clock.now()).toBeGreaterThanOrEqual(3000);
    expect(r.progress.lines).toContain('api: waiting for db (healthy)');
    expect(r.progress.lines).toContain('db: done healthy');
    expect(result.log).toEqual(expect.arrayContaining(['created volume shop_data', 'created network shop_backend', 'created shop-db-1', 'created shop-web-1']));
  });

  it('launches independent services at once: cache is created while db is still being created', async () => {
    const r = applyRun(chain());
    const db = r.docker.hold(/^create shop-db-1$/);
    const run = r.start();
    await db.reached;
    await idle();
    // db's create is in flight; cache depends on nothing and has not waited for it.
    expect(r.docker.calls).toContain('start shop-cache-1');
    expect(r.docker.calls).not.toContain('create shop-api-1');
    db.open();
    const result = await r.clock.settle(run);
    expect(result.outcomes.web.error).toBeUndefined();
  });

  it('replaces a changed container in order: create under a temporary name, stop and remove the old one, rename, start', async () => {
    const r = applyRun(chain('2'), () => appliedState(desiredOf(chain('1'))));
    expect(r.plan.containers.filter((c) => c.action !== 'noop').map((c) => `${c.action} ${c.name}`)).toEqual(['recreate shop-api-1']);
    const result = await r.run();
    expect(result.outcomes.api.error).toBeUndefined();
    const api = r.docker.calls.filter((c) => c.includes('shop-api-1'));
    expect(api).toEqual(['stop shop-api-1', 'create shop-api-1-stackfile-new', 'connect shop_default shop-api-1-stackfile-new', 'remove shop-api-1', 'rename shop-api-1-stackfile-new shop-api-1', 'start shop-api-1']);
    expect(r.docker.names()).toEqual(['shop-api-1', 'shop-cache-1', 'shop-db-1', 'shop-web-1']);
    // Nothing else was touched: no-op containers cost no daemon call at all (their observed state is enough).
    expect(r.docker.calls.filter((c) => !c.includes('shop-api-1'))).toEqual([]);
    expect(result.log).toEqual(['recreated shop-api-1 (config changed)']);
  });
});

describe('execute: failures', () => {
  it('a create that fails stops only what depends on it; the rest comes up and each failure is reported', async () => {
    const r = applyRun(chain());
    r.docker.fail(/^create shop-api-1$/, () => new DockerError('unknown', 'boom from the daemon', { service: 'api' }));
    const result = await r.run();
    expect(result.outcomes.api.error).toBe('service api failed: boom from the daemon');
    expect(result.outcomes.web.error).toBe('web: not started: api failed');
    expect(result.outcomes.db.error).toBeUndefined();
    expect(result.outcomes.cache.error).toBeUndefined();
    expect(r.docker.calls).not.toContain('create shop-web-1');
    expect(r.progress.lines).toContain('web: failed not started: api failed');
  });

  it('starts the old container again when its replacement cannot be created, and leaves no replacement behind', async () => {
    const r = applyRun(chain('2'), () => appliedState(desiredOf(chain('1'))));
    r.docker.fail(/^create shop-api-1-stackfile-new$/, () => new DockerError('unknown', 'no space for it'));
    const result = await r.run();
    expect(result.outcomes.api.error).toMatch(/no space for it/);
    expect(r.docker.calls.filter((c) => c.includes('shop-api-1'))).toEqual(['stop shop-api-1', 'create shop-api-1-stackfile-new', 'start shop-api-1']);
    expect(r.docker.byName('shop-api-1')?.state).toBe('running');
    expect(r.docker.names()).not.toContain('shop-api-1-stackfile-new');
  });

  it('reports a dependency that exits instead of becoming healthy, with its exit code, and does not start the dependent', async () => {
    const r = applyRun(chain());
    r.docker.behaviour.db = { neverHealthy: true, exitsAfter: { ms: 2500, code: 3 } };
    const result = await r.run();
    expect(result.outcomes.db.error).toMatch(/service db failed: container shop-db-1 exited with code 3/);
    expect(result.outcomes.api.error).toBe('api: not started: db exited with code 3');
    expect(r.docker.calls).not.toContain('create shop-api-1');
  });

  it("shows a crashed service's last log lines per stream, each in its own order, not one list that reads as the program's order", async () => {
    const r = applyRun(chain());
    // As the daemon logs a program that wrote both streams quickly: its pipes are read separately.
    r.docker.behaviour.db = { neverHealthy: true, exitsAfter: { ms: 100, code: 2 }, log: [
      { text: 'connecting', stream: 'stdout' }, { text: 'retrying', stream: 'stdout' },
      { text: 'fatal: bad config', stream: 'stderr' }, { text: 'exiting', stream: 'stderr' },
    ] };
    const result = await r.run();
    expect(result.outcomes.db.error).toContain('  last lines on stdout:\n    connecting\n    retrying\n  last lines on stderr:\n    fatal: bad config\n    exiting');
  });

  it('times out a readiness wait after waitTimeoutMs of (fake) time, naming the state it got stuck in', async () => {
    const r = applyRun(chain());
    r.docker.behaviour.db = { neverHealthy: true };
    const result = await r.run({ waitTimeoutMs: 90_000 });
    // One verdict for db, whichever wait reached the deadline first: db's own, or api's wait for it.
    const verdict = /db-1 (was not (?:ready|healthy) after 90s \(state: running, health: starting\))/.exec(result.outcomes.db.error!)?.[1];
    expect(verdict).toBeDefined();
    expect(result.outcomes.api.error).toBe(`api: not started: db ${verdict}`);
    expect(r.clock.now()).toBe(90_000);
  });

  it('fails a healthcheck that turns unhealthy at once, without waiting for the timeout', async () => {
    const r = applyRun(chain());
    r.docker.behaviour.db = { neverHealthy: true, unhealthyAfter: 2000 };
    const result = await r.run();
    expect(result.outcomes.db.error).toMatch(/is unhealthy/);
    expect(r.clock.now()).toBeLessThan(5000);
  });
});

describe('execute: the start-port race', () => {
  const ports = (published: string): StackDefinition => ({ name: 'p', services: { web: { image: IMAGE, ports: [published] } } });
  const taken = () => new DockerError('port-allocated', 'host port (unknown) is already in use: port is already allocated', { service: 'web' });

  it('retries a start that lost the race for a random host port, pausing 50 ms more each time', async () => {
    const r = applyRun(ports('80'));
    r.docker.fail(/^start p-web-1$/, taken, 2);
    const result = await r.run();
    expect(result.outcomes.web.error).toBeUndefined();
    expect(r.docker.calls.filter((c) => c === 'start p-web-1')).toHaveLength(3);
    expect(r.clock.now()).toBe(50 + 100);
  });

  it('gives up after five attempts', async () => {
    const r = applyRun(ports('80'));
    r.docker.fail(/^start p-web-1$/, taken);
    const result = await r.run();
    expect(result.outcomes.web.error).toMatch(/already in use/);
    expect(r.docker.calls.filter((c) => c === 'start p-web-1')).toHaveLength(5);
  });

  it('does not retry a fixed host port that is taken: that is a real conflict', async () => {
    const r = applyRun(ports('8080:80'));
    r.docker.fail(/^start p-web-1$/, taken);
    const result = await r.run();
    expect(result.outcomes.web.error).toMatch(/already in use/);
    expect(r.docker.calls.filter((c) => c === 'start p-web-1')).toHaveLength(1);
  });
});

describe('execute: interrupts', () => {
  it('starts nothing new after an abort: a dependent still waiting is not created; calls in flight finish', async () => {
    const r = applyRun(chain());
    r.docker.behaviour.db = { healthyAfter: 10_000 };
    const run = r.start();
    // Let the run reach api's wait for db, advance some fake time, then interrupt.
    for (let i = 0; i < 3; i++) {
      await idle();
      r.clock.advance();
    }
    expect(r.progress.lines).toContain('api: waiting for db (healthy)');
    r.controller.abort();
    const result = await r.clock.settle(run);
    expect(result.interrupted).toBe(true);
    expect(r.docker.calls).not.toContain('create shop-api-1');
    expect(r.docker.calls).not.toContain('create shop-web-1');
    expect(result.outcomes.db.error).toBe('db: interrupted');
    expect(result.log).toEqual(expect.arrayContaining(['created shop-db-1', 'created shop-cache-1']));
  });

  it('stops before the services phase when interrupted during the volumes phase, reporting what was done', async () => {
    const r = applyRun(chain());
    const volume = r.docker.hold(/^create volume/);
    const run = r.start();
    await volume.reached;
    r.controller.abort();
    volume.open();
    const result = await r.clock.settle(run);
    expect(result).toMatchObject({ interrupted: true, outcomes: {} });
    expect(result.log).toEqual(['created volume shop_data']);
    expect(r.docker.calls.filter((c) => c.startsWith('create network') || c.startsWith('create shop-'))).toEqual([]);
  });
});

describe('execute: networks and volumes', () => {
  it('recreates a changed network: disconnect, remove, create, reconnect the containers it does not replace', async () => {
    const def = (internal: boolean): StackDefinition => ({ name: 'n', services: { a: { image: IMAGE, networks: ['inner'] }, b: { image: IMAGE, networks: ['inner'] } }, networks: { inner: { internal } } });
    const r = applyRun(def(true), () => appliedState(desiredOf(def(false))));
    const result = await r.run();
    expect(result.outcomes.a.error).toBeUndefined();
    expect(r.docker.at('disconnect n_inner n-a-1')).toBeGreaterThanOrEqual(0);
    expect(r.docker.at('remove network n_inner')).toBeGreaterThan(Math.max(r.docker.at('disconnect n_inner n-a-1'), r.docker.at('disconnect n_inner n-b-1')));
    expect(r.docker.at('create network n_inner')).toBeGreaterThan(r.docker.at('remove network n_inner'));
    expect(r.docker.at('connect n_inner n-a-1')).toBeGreaterThan(r.docker.at('create network n_inner'));
    expect(result.log).toContain('recreated network n_inner');
  });

  it('removes a network dropped from stack.ts last, and not at all when a service failed', async () => {
    const def = (extra: boolean): StackDefinition => ({ name: 'd', services: { a: { image: IMAGE, environment: { X: String(extra) }, networks: extra ? ['extra', 'default'] : ['default'] } }, ...(extra ? { networks: { extra: {} } } : {}) });
    const ok = applyRun(def(false), () => appliedState(desiredOf(def(true))));
    await ok.run();
    expect(ok.docker.calls[ok.docker.calls.length - 1]).toBe('remove network d_extra');
    expect(ok.docker.at('remove network d_extra')).toBeGreaterThan(ok.docker.at('remove d-a-1'));

    const failed = applyRun(def(false), () => appliedState(desiredOf(def(true))));
    failed.docker.fail(/^start d-a-1$/, () => new DockerError('unknown', 'no'));
    await failed.run();
    expect(failed.docker.calls).not.toContain('remove network d_extra');
  });

  it('removes the containers of a recreated volume first, then the volume, then creates it again', async () => {
    const def = (v: string): StackDefinition => ({ name: 'v', services: { a: { image: IMAGE, volumes: ['data:/data'] } }, volumes: { data: { labels: { v } } } });
    const r = applyRun(def('2'), () => appliedState(desiredOf(def('1'))));
    // The real planner only recreates a volume on request: the plan is remade with the option, as `up --recreate-volumes` does.
    const { plan } = await import('../../src/plan/plan');
    const p = plan(r.desired, appliedState(desiredOf(def('1'))), { recreateVolumes: true });
    const result = await r.clock.settle(r.start({ plan: p }));
    expect(result.outcomes.a.error).toBeUndefined();
    expect(r.docker.calls.slice(0, 4)).toEqual(['stop v-a-1', 'remove v-a-1', 'remove volume v_data', 'create volume v_data']);
    expect(r.docker.names()).toEqual(['v-a-1']);
  });
});

describe('execute: --no-wait', () => {
  it('reports services as started without waiting for health', async () => {
    const r = applyRun(chain());
    r.docker.behaviour.db = { neverHealthy: true };
    const result = await r.run({ wait: false, waitTimeoutMs: 20_000 });
    // api still waits for its dependency's condition (that is startup order, not the final wait)...
    expect(result.outcomes.api.error).toBe('api: not started: db was not healthy after 20s (state: running, health: starting)');
    // ...but db itself is reported as started, with its inspected state.
    expect(result.outcomes.db.error).toBeUndefined();
    expect(result.outcomes.db.containers[0]).toMatchObject({ name: 'shop-db-1', state: 'running', health: 'starting' });
    expect(r.progress.lines).toContain('db: done started');
  });
});
