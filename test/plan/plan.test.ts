import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan';
import { renderPlan } from '../../src/plan/render';
import { hasChanges } from '../../src/plan/types';
import { secret } from '../../src/model/secret';
import { appliedState, desiredOf, emptyActual, threeTier } from './builders';

const actions = (p: ReturnType<typeof plan>) => Object.fromEntries(p.containers.map((c) => [c.name, c.action]));

describe('plan', () => {
  it('creates everything for an empty daemon, networks and volumes included', () => {
    const desired = desiredOf(threeTier());
    const p = plan(desired, emptyActual('shop'));
    expect(actions(p)).toEqual({ 'shop-db-1': 'create', 'shop-api-1': 'create', 'shop-web-1': 'create' });
    expect(p.networks.map((n) => [n.name, n.action]).sort()).toEqual([['shop_backend', 'create'], ['shop_default', 'create']]);
    expect(p.volumes.map((v) => [v.name, v.action])).toEqual([['shop_pgdata', 'create']]);
    expect(p.summary).toEqual({ create: 6, recreate: 0, start: 0, remove: 0 });
    expect(hasChanges(p)).toBe(true);
  });

  it('has no changes right after everything was applied', () => {
    const desired = desiredOf(threeTier());
    const p = plan(desired, appliedState(desired));
    expect(hasChanges(p)).toBe(false);
    expect(p.containers.every((c) => c.action === 'noop')).toBe(true);
    expect(renderPlan(p)).toContain('No changes.');
  });

  it('recreates exactly the service whose env var changed, naming the field old → new', () => {
    const before = desiredOf(threeTier());
    const after = desiredOf(threeTier({ apiEnv: { LOG_LEVEL: 'debug' } }));
    const p = plan(after, appliedState(before));
    expect(actions(p)).toEqual({ 'shop-db-1': 'noop', 'shop-api-1': 'recreate', 'shop-web-1': 'noop' });
    const api = p.containers.find((c) => c.service === 'api')!;
    expect(api.changes).toEqual([{ field: 'environment.LOG_LEVEL', from: 'info', to: 'debug' }]);
    expect(api.reasons).toEqual(['config changed']);
    expect(p.summary.recreate).toBe(1);
    expect(renderPlan(p)).toMatch(/environment\.LOG_LEVEL: "info" .*→.* "debug"/);
  });

  it('sees a changed secret by comparing with the container, and prints no value', () => {
    const def = (pw: string) => ({ name: 'shop', services: { db: { image: 'pg', environment: { PW: secret.value(pw) }, secrets: { db_password: secret.value(`file-${pw}`) } } } });
    const actual = appliedState(desiredOf(def('old')));
    expect(plan(desiredOf(def('old')), actual).containers[0].action).toBe('noop');
    const p = plan(desiredOf(def('new')), actual);
    const db = p.containers[0];
    expect(db.action).toBe('recreate');
    expect(db.reasons).toEqual(['secret db_password changed', 'secret environment.PW changed']);
    expect(db.changes).toEqual([]);
    expect(JSON.stringify(p) + renderPlan(p)).not.toMatch(/old|new/);
  });

  it('keeps secret values and their hashes out of the stored spec', () => {
    const desired = desiredOf({ name: 'shop', services: { db: { image: 'pg', environment: { PW: secret.value('hunter2') }, secrets: { k: secret.value('s3cr3t') } } } });
    const stored = appliedState(desired).containers[0].applied;
    const text = JSON.stringify(stored);
    expect(text).not.toMatch(/hunter2|s3cr3t/);
    expect(text).not.toMatch(/sha256/);
    expect(stored).toMatchObject({ environment: { PW: '(secret)' }, secrets: { k: { target: '/run/secrets/k', mode: 0o444 } } });
  });

  it('recreates with reason "image changed" when the tag now points at another image', () => {
    const desired = desiredOf(threeTier());
    const actual = appliedState(desired);
    actual.images['api:1'] = 'sha256:bbbbbbbbbbbbbbbbbbbb';
    const p = plan(desired, actual);
    const api = p.containers.find((c) => c.service === 'api')!;
    expect(api.action).toBe('recreate');
    expect(api.reasons).toEqual(['image changed']);
    expect(api.changes[0]).toMatchObject({ field: 'image id', to: 'bbbbbbbbbbbb' });
  });

  it('starts a stopped container again (drift) and creates a missing one', () => {
    const desired = desiredOf(threeTier());
    const actual = appliedState(desired);
    Object.assign(actual.containers.find((c) => c.service === 'web')!, { state: 'exited', exitCode: 137 });
    actual.containers = actual.containers.filter((c) => c.service !== 'db');
    const p = plan(desired, actual);
    expect(actions(p)).toMatchObject({ 'shop-web-1': 'start', 'shop-db-1': 'create' });
    expect(p.containers.find((c) => c.service === 'web')!.reasons).toEqual(['stopped (exited 137)']);
  });

  it('leaves a completed one-shot job alone when dependents wait for "completed"', () => {
    const def = { name: 'j', services: { migrate: { image: 'm' }, api: { image: 'a', dependsOn: { migrate: 'completed' as const } } } };
    const desired = desiredOf(def);
    const actual = appliedState(desired);
    Object.assign(actual.containers.find((c) => c.service === 'migrate')!, { state: 'exited', exitCode: 0 });
    expect(actions(plan(desired, actual))['j-migrate-1']).toBe('noop');
  });

  it('removes the containers of a service removed from stack.ts, but not its volumes', () => {
    const before = desiredOf(threeTier({ withWorker: true }));
    const p = plan(desiredOf(threeTier()), appliedState(before));
    expect(actions(p)['shop-worker-1']).toBe('remove');
    expect(p.containers.find((c) => c.service === 'worker')!.reasons).toEqual(['service removed from stack.ts']);
    expect(p.volumes.every((v) => v.action === 'noop')).toBe(true);
    expect(p.summary).toEqual({ create: 0, recreate: 0, start: 0, remove: 1 });
  });

  it('scales up by creating the next numbers and down by removing the highest ones', () => {
    const three = desiredOf(threeTier({ apiReplicas: 3 }));
    const up = plan(three, appliedState(desiredOf(threeTier())));
    expect(up.containers.filter((c) => c.service === 'api').map((c) => [c.number, c.action])).toEqual([[1, 'noop'], [2, 'create'], [3, 'create']]);
    const down = plan(desiredOf(threeTier({ apiReplicas: 1 })), appliedState(three));
    expect(down.containers.filter((c) => c.service === 'api').map((c) => [c.number, c.action])).toEqual([[1, 'noop'], [2, 'remove'], [3, 'remove']]);
  });

  it('refuses a named volume whose config changed unless recreating volumes is allowed', () => {
    const before = desiredOf(threeTier());
    const changed = desiredOf({ ...threeTier(), volumes: { pgdata: { driverOpts: { type: 'tmpfs', device: 'tmpfs' } } } });
    const refused = plan(changed, appliedState(before));
    expect(refused.blockers).toHaveLength(1);
    expect(refused.blockers[0].message).toMatch(/shop_pgdata.*config changed.*deletes its data/);
    const allowed = plan(changed, appliedState(before), { recreateVolumes: true });
    expect(allowed.blockers).toEqual([]);
    expect(allowed.volumes[0].action).toBe('recreate');
    expect(allowed.volumes[0].detach?.map((c) => c.name)).toEqual(['shop-db-1']);
    expect(allowed.containers.find((c) => c.service === 'db')).toMatchObject({ action: 'recreate', reasons: ['volume shop_pgdata is recreated'] });
  });

  it('recreates a network whose config changed and lists the containers to reconnect', () => {
    const before = desiredOf(threeTier());
    const after = desiredOf({ ...threeTier(), networks: { backend: { internal: true } } });
    const p = plan(after, appliedState(before));
    const net = p.networks.find((n) => n.name === 'shop_backend')!;
    expect(net.action).toBe('recreate');
    expect(net.changes).toEqual([{ field: 'internal', from: false, to: true }]);
    expect(net.reconnect?.map((r) => r.name)).toEqual(['shop-api-1']);
    expect(actions(p)['shop-api-1']).toBe('noop');
  });

  it('refuses a same-named network that stackfile did not create', () => {
    const desired = desiredOf(threeTier());
    const actual = emptyActual('shop');
    actual.networks.shop_backend = { id: 'x', name: 'shop_backend' };
    expect(plan(desired, actual).blockers[0].message).toMatch(/shop_backend.*not created by stackfile/);
  });

  it('limits the plan to the named services and their dependencies', () => {
    const p = plan(desiredOf(threeTier({ withWorker: true })), emptyActual('shop'), { services: ['api'] });
    expect(Object.keys(actions(p)).sort()).toEqual(['shop-api-1', 'shop-db-1']);
  });

  it('cleans up after an interrupted recreate: the temp-named replacement is removed', () => {
    const desired = desiredOf(threeTier());
    const actual = appliedState(desired);
    const api = actual.containers.find((c) => c.service === 'api')!;
    actual.containers.push({ ...api, id: 'temp-id', name: 'shop-api-1-stackfile-new', created: 2000 });
    const p = plan(desired, actual);
    expect(p.containers.filter((c) => c.service === 'api').map((c) => [c.id, c.action]).sort()).toEqual([[api.id, 'noop'], ['temp-id', 'remove']]);
  });

  it('cleans up after a stack dev that died while retiring a replaced container, renamed or not yet', () => {
    const desired = desiredOf(threeTier());
    const actual = appliedState(desired);
    const api = actual.containers.find((c) => c.service === 'api')!;
    // Renamed out of the way, the replacement holding the real name: the old one is removed.
    const retiring = { ...api, id: 'old-id', name: 'shop-api-1-stackfile-old-0123456789ab', created: 500, networks: [] };
    let p = plan(desired, { ...actual, containers: [...actual.containers, retiring] });
    expect(p.containers.filter((c) => c.service === 'api').map((c) => [c.id, c.action, c.reasons.join('; ')]).sort()).toEqual([
      [api.id, 'noop', ''],
      ['old-id', 'remove', 'leftover from an interrupted recreate'],
    ]);
    // Died between the two renames: the newer, temp-named replacement is kept (and renamed by a recreate).
    const temp = { ...api, id: 'temp-id', name: 'shop-api-1-stackfile-new', created: 2000 };
    p = plan(desired, { ...actual, containers: [...actual.containers.filter((c) => c !== api), retiring, temp] });
    expect(p.containers.filter((c) => c.service === 'api').map((c) => [c.id, c.action]).sort()).toEqual([['old-id', 'remove'], ['temp-id', 'recreate']]);
  });

  it('says an image must be pulled instead of pulling it', () => {
    const desired = desiredOf(threeTier());
    const actual = appliedState(desired);
    delete actual.images['web:1'];
    const p = plan(desired, actual);
    expect(p.images).toEqual([{ resource: 'image', action: 'pull', ref: 'web:1', services: ['web'], missing: true, reason: 'not present locally' }]);
    expect(p.blockers).toEqual([]);
    const never = plan(desired, actual, { pullPolicy: 'never' });
    expect(never.blockers.map((b) => b.message)).toEqual(['image web:1 is not present locally and --pull never was given']);
  });

  it('blocks a service list naming a service that does not exist', () => {
    const p = plan(desiredOf(threeTier()), emptyActual('shop'), { services: ['api', 'nope'] });
    expect(p.blockers).toEqual([{ path: 'services', message: 'no service named nope in shop', hint: 'services are: db, api, web' }]);
  });

  it('recreates a container that lost one of its networks, starts a paused one, leaves a restarting one to its policy', () => {
    const desired = desiredOf(threeTier());
    const actual = appliedState(desired);
    actual.containers.find((c) => c.service === 'api')!.networks = ['shop_default'];
    actual.containers.find((c) => c.service === 'web')!.state = 'paused';
    actual.containers.find((c) => c.service === 'db')!.state = 'restarting';
    const p = plan(desired, actual);
    expect(p.containers.find((c) => c.service === 'api')).toMatchObject({ action: 'recreate', reasons: ['not attached to network shop_backend'] });
    expect(p.containers.find((c) => c.service === 'web')).toMatchObject({ action: 'start', reasons: ['paused'] });
    expect(p.containers.find((c) => c.service === 'db')!.action).toBe('noop');
  });

  it('blocks recreating a volume that services outside a scoped run use', () => {
    const before = desiredOf(threeTier({ withWorker: true }));
    const changed = desiredOf({ ...threeTier({ withWorker: true }), volumes: { pgdata: { labels: { v: '2' } } } });
    const p = plan(changed, appliedState(before), { recreateVolumes: true, services: ['worker'] });
    expect(p.blockers.map((b) => b.message)).toEqual(['volume "shop_pgdata" would be recreated under db, which this run does not include']);
  });

  it('does not recreate for a replicas or dependsOn change alone', () => {
    const before = desiredOf(threeTier());
    const after = desiredOf({ ...threeTier(), services: { ...threeTier().services, web: { image: 'web:1', ports: ['8080:80'], dependsOn: ['api', 'db'] } } });
    expect(hasChanges(plan(after, appliedState(before)))).toBe(false);
  });
});

describe('renderPlan', () => {
  it('shows changed fields in stack.ts words and units', () => {
    const def = (port: string, grace: string) => ({ name: 'r', services: { web: { image: 'w', ports: [port], stopGracePeriod: grace, healthcheck: { test: 'true', interval: grace } } } });
    // Colours are on under CI (picocolors' choice); compare the plain text.
    const text = renderPlan(plan(desiredOf(def('8080:80', '30s')), appliedState(desiredOf(def('9090:80', '10s'))))).replace(/\x1b\[[0-9;]*m/g, '');
    expect(text).toContain('ports: ["9090:80/tcp"] → ["8080:80/tcp"]');
    expect(text).toContain('stopGracePeriod: "10s" → "30s"');
    expect(text).toContain('healthcheck.interval: "10s" → "30s"');
    expect(text).toContain('Plan: 0 to create, 1 to recreate, 0 to start, 0 to remove.');
  });
});
