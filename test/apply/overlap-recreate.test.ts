import { describe, expect, it } from 'vitest';
import { overlapAllowed, retiredName, type RetiredContainer } from '../../src/apply/phases/overlap-recreate';
import { DockerError } from '../../src/errors';
import type { StackDefinition } from '../../src/model/types';
import { appliedState, desiredOf } from '../plan/builders';
import { applyRun } from './apply-harness';

// `stack dev`'s recreate (overlapRecreate: true) against the fake daemon: the order of the calls, and where it
// falls back to stopping first. That the daemon frees a published port on disconnect, so the replacement can start,
// is tested against the real daemon in test/dev/reload.test.ts.
const IMAGE = 'stackfile-test/busybox:latest';

const stack = (v: string): StackDefinition => ({
  name: 'shop',
  services: {
    api: { image: IMAGE, environment: { V: v }, ports: ['127.0.0.1:8080:80'] },
    db: { image: IMAGE, environment: { V: v }, volumes: ['data:/data'] },
    cache: { image: IMAGE, environment: { V: v } },
  },
  volumes: { data: {} },
});

/** The run recreating api, db and cache (v1 → v2); api's old container publishes its port, as the daemon lists it. */
function recreateRun(def: StackDefinition = stack('2')) {
  return applyRun(def, () => {
    const state = appliedState(desiredOf(stack('1')));
    state.containers.find((c) => c.service === 'api')!.ports = [{ target: 80, published: 8080, protocol: 'tcp', hostIp: '127.0.0.1' }];
    return state;
  });
}

const callsOf = (calls: string[], name: string) => calls.filter((c) => c.includes(name));

describe('overlapRecreate (stack dev)', () => {
  it('starts the replacement before the old container stops; a published port is handed over by disconnecting the old one', async () => {
    const r = recreateRun();
    const result = await r.run({ overlapRecreate: true });
    expect(result.outcomes.api.error).toBeUndefined();
    const api = callsOf(r.docker.calls, 'shop-api-1');
    // The create and the handover run side by side; both come before the start.
    expect(api.slice(0, 2).sort()).toEqual(['create shop-api-1-stackfile-new', 'disconnect shop_default shop-api-1']);
    expect(api.slice(2)).toEqual([
      'start shop-api-1-stackfile-new',
      'stop shop-api-1',
      'remove shop-api-1',
      'rename shop-api-1-stackfile-new shop-api-1',
    ]);
    // No port, no fixed address: nothing to hand over, the old one keeps its network until it stops.
    expect(callsOf(r.docker.calls, 'shop-cache-1')).toEqual(['create shop-cache-1-stackfile-new', 'start shop-cache-1-stackfile-new', 'stop shop-cache-1', 'remove shop-cache-1', 'rename shop-cache-1-stackfile-new shop-cache-1']);
    expect(r.docker.names()).toEqual(['shop-api-1', 'shop-cache-1', 'shop-db-1']);
    expect(result.log).toEqual(expect.arrayContaining(['recreated shop-api-1 (config changed)', 'recreated shop-cache-1 (config changed)']));
  });

  it('with retire (stack dev), the old container is not stopped: off its networks and renamed, it is handed over once the replacement runs', async () => {
    const r = recreateRun();
    const old = (service: string) => r.plan.containers.find((c) => c.service === service)!.id!;
    const retired: RetiredContainer[] = [];
    const result = await r.run({ overlapRecreate: true, retire: (c) => retired.push(c) });
    expect(result.outcomes.api.error).toBeUndefined();
    const apiOld = retiredName('shop-api-1', old('api'));
    const cacheOld = retiredName('shop-cache-1', old('cache'));
    expect(apiOld).toMatch(/^shop-api-1-stackfile-old-.{1,12}$/);
    const api = callsOf(r.docker.calls, 'shop-api-1');
    expect(api.slice(0, 2).sort()).toEqual(['create shop-api-1-stackfile-new', 'disconnect shop_default shop-api-1']);
    // The port was handed over before the start; the real name is freed, then taken, only after it.
    expect(api.slice(2)).toEqual(['start shop-api-1-stackfile-new', `rename shop-api-1 ${apiOld}`, 'rename shop-api-1-stackfile-new shop-api-1']);
    // Nothing to hand over first: the old one leaves its network only once the replacement runs, and is renamed too.
    const cache = callsOf(r.docker.calls, 'shop-cache-1');
    expect(cache.slice(0, 2)).toEqual(['create shop-cache-1-stackfile-new', 'start shop-cache-1-stackfile-new']);
    expect(cache.slice(2, 4).sort()).toEqual([`disconnect shop_default shop-cache-1`, `rename shop-cache-1 ${cacheOld}`]);
    expect(cache.slice(4)).toEqual(['rename shop-cache-1-stackfile-new shop-cache-1']);
    expect(r.docker.calls.filter((c) => /^(stop|remove) shop-(api|cache)/.test(c))).toEqual([]);
    expect(retired.sort((a, b) => a.service.localeCompare(b.service))).toEqual([
      { id: old('api'), name: apiOld, service: 'api' },
      { id: old('cache'), name: cacheOld, service: 'cache' },
    ]);
    expect(r.docker.byName(apiOld)?.state).toBe('running');
    expect(r.docker.byName('shop-api-1')?.id).not.toBe(old('api'));
    // db has a volume: stopped first and removed, never retired in the background.
    expect(callsOf(r.docker.calls, 'shop-db-1')).toEqual(['stop shop-db-1', 'create shop-db-1-stackfile-new', 'remove shop-db-1', 'rename shop-db-1-stackfile-new shop-db-1', 'start shop-db-1']);
  });

  it('stops first where two copies could write to the same place (a mounted volume), as up always does', async () => {
    const r = recreateRun();
    await r.run({ overlapRecreate: true });
    const db = callsOf(r.docker.calls, 'shop-db-1');
    expect(db).toEqual(['stop shop-db-1', 'create shop-db-1-stackfile-new', 'remove shop-db-1', 'rename shop-db-1-stackfile-new shop-db-1', 'start shop-db-1']);
  });

  it('up (no overlapRecreate) stops first even where overlapping would be allowed', async () => {
    const r = recreateRun();
    await r.run();
    expect(callsOf(r.docker.calls, 'shop-api-1')[0]).toBe('stop shop-api-1');
    expect(r.docker.calls).not.toContain('disconnect shop_default shop-api-1');
  });

  it('a replacement that cannot be created leaves the old container serving: connected again, running, never stopped', async () => {
    const r = recreateRun();
    r.docker.fail(/^create shop-api-1-stackfile-new$/, () => new DockerError('unknown', 'no space for it'));
    const result = await r.run({ overlapRecreate: true });
    expect(result.outcomes.api.error).toMatch(/no space for it/);
    expect(callsOf(r.docker.calls, 'shop-api-1').sort()).toEqual(['connect shop_default shop-api-1', 'create shop-api-1-stackfile-new', 'disconnect shop_default shop-api-1']);
    expect(r.docker.calls.indexOf('connect shop_default shop-api-1')).toBeGreaterThan(r.docker.calls.indexOf('disconnect shop_default shop-api-1'));
    expect(r.docker.byName('shop-api-1')?.state).toBe('running');
    expect(r.docker.names()).not.toContain('shop-api-1-stackfile-new');
  });

  it('a replacement that fails to start still replaces the old one (as a stop-first recreate ends), and the failure is reported', async () => {
    const r = recreateRun();
    r.docker.fail(/^start shop-api-1-stackfile-new$/, () => new DockerError('unknown', 'cannot start it'));
    const result = await r.run({ overlapRecreate: true });
    expect(result.outcomes.api.error).toMatch(/cannot start it/);
    expect(callsOf(r.docker.calls, 'shop-api-1').slice(-3)).toEqual(['stop shop-api-1', 'remove shop-api-1', 'rename shop-api-1-stackfile-new shop-api-1']);
    expect(r.docker.names().filter((n) => n.startsWith('shop-api'))).toEqual(['shop-api-1']);
  });

  it('allows overlapping only without writable mounts, devices or shared namespaces', () => {
    const services = (def: StackDefinition) => desiredOf(def).services;
    const base = stack('1');
    const all = base.services!;
    const with_ = (api: object) => services({ ...base, services: { ...all, api: { ...all.api, ...api } } });
    expect(overlapAllowed(services(base).api, services(base))).toBe(true);
    expect(overlapAllowed(services(base).db, services(base))).toBe(false);
    let s = with_({ volumes: ['./src:/src'] });
    expect(overlapAllowed(s.api, s)).toBe(false);
    s = with_({ volumes: ['./src:/src:ro', { type: 'tmpfs', target: '/run' }] });
    expect(overlapAllowed(s.api, s)).toBe(true);
    s = services({ ...base, services: { ...all, api: { image: IMAGE, networkMode: 'host' } } });
    expect(overlapAllowed(s.api, s)).toBe(false);
    // cache joins api's network namespace: api's old container must not go away under it mid-overlap.
    s = services({ ...base, services: { ...all, cache: { image: IMAGE, networkMode: 'service:api' } } });
    expect(overlapAllowed(s.api, s)).toBe(false);
  });
});
