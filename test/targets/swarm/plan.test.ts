import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../../src/model/desired';
import { planSwarm } from '../../../src/targets/swarm/plan';
import type { SwarmDeploy } from '../../../src/targets/swarm/spec/input';
import { desiredOf } from '../../plan/builders';
import { deployedSwarm, emptySwarm } from './builders';
import { secret } from '../../../src/model/secret';

const IMAGE = 'reg.example/shop/web:1';

function stack(over: { webEnv?: Record<string, string>; webReplicas?: number; password?: string; withWorker?: boolean } = {}): DesiredState {
  return desiredOf({
    name: 'shop',
    services: {
      db: { image: 'reg.example/postgres:16', volumes: ['pgdata:/var/lib/postgresql/data'], healthcheck: { test: ['CMD', 'true'], interval: '1s' }, secrets: { db_pw: secret.value(over.password ?? 'hunter2') } },
      web: { image: IMAGE, environment: { LOG_LEVEL: 'info', ...over.webEnv }, dependsOn: { db: 'healthy' }, replicas: over.webReplicas ?? 2 },
      ...(over.withWorker ? { worker: { image: IMAGE, command: ['worker'] } } : {}),
    },
    volumes: { pgdata: {} },
  });
}

/** Sets Compose `deploy` on a resolved service (the model's own reading of `deploy` is covered by its tests). */
function withDeploy(desired: DesiredState, service: string, deploy: SwarmDeploy): DesiredState {
  (desired.services[service] as unknown as { deploy: SwarmDeploy }).deploy = deploy;
  return desired;
}

describe('planSwarm', () => {
  it('creates the network, the secret and every service of a new stack, named as docker stack deploy names them', () => {
    const desired = stack();
    const p = planSwarm(desired, emptySwarm(desired));
    expect(p.networks.map((n) => [n.action, n.name])).toEqual([['create', 'shop_default']]);
    expect(p.files.map((f) => [f.action, f.resource, f.key])).toEqual([['create', 'secret', 'db_pw']]);
    expect(p.files[0].name).toMatch(/^shop_db_pw\.[0-9a-f]{12}$/);
    expect(p.services.map((s) => [s.action, s.name])).toEqual([['create', 'shop_db'], ['create', 'shop_web']]);
    expect(p.summary).toEqual({ create: 4, update: 0, recreate: 0, remove: 0 });
    expect(p.blockers).toEqual([]);
  });

  it('finds nothing to do right after a deploy', () => {
    const desired = stack();
    const p = planSwarm(desired, deployedSwarm(desired));
    expect(p.summary).toEqual({ create: 0, update: 0, recreate: 0, remove: 0 });
    expect(p.services.every((s) => s.action === 'noop')).toBe(true);
    expect(p.images).toEqual([]);
  });

  it('a changed environment variable is a rolling update (not a replace), with the field old → new', () => {
    const p = planSwarm(stack({ webEnv: { LOG_LEVEL: 'debug' } }), deployedSwarm(stack()));
    const web = p.services.find((s) => s.service === 'web')!;
    expect(web).toMatchObject({ action: 'update', rolling: true, reasons: ['config changed'], changes: [{ field: 'environment.LOG_LEVEL', from: 'info', to: 'debug' }] });
    expect(p.summary).toEqual({ create: 0, update: 1, recreate: 0, remove: 0 });
  });

  it('a changed replica count is a scale in place: an update that replaces no task', () => {
    const web = planSwarm(stack({ webReplicas: 3 }), deployedSwarm(stack())).services.find((s) => s.service === 'web')!;
    expect(web).toMatchObject({ action: 'update', rolling: false, scale: { from: 2, to: 3 }, reasons: ['replicas 2 → 3'], changes: [{ field: 'replicas', from: 2, to: 3 }] });
  });

  it('a changed secret value is a new secret version, an update of its users, and the old version removed', () => {
    const before = deployedSwarm(stack());
    const p = planSwarm(stack({ password: 'correct horse' }), before);
    const [oldVersion] = before.secrets;
    expect(p.files.map((f) => [f.action, f.key, f.name === oldVersion.name])).toEqual([['create', 'db_pw', false], ['remove', 'db_pw', true]]);
    expect(p.files[0].reasons).toEqual(['new value']);
    expect(p.services.find((s) => s.service === 'db')).toMatchObject({ action: 'update', rolling: true, reasons: ['secret db_pw changed'], changes: [] });
    expect(JSON.stringify(p)).not.toContain('correct horse');
    expect(JSON.stringify(p)).not.toContain('hunter2');
  });

  it('an image whose digest moved is an update with the digests, short', () => {
    const desired = stack();
    const actual = deployedSwarm(desired);
    actual.digests[IMAGE] = 'sha256:2222222222222222222222222222222222222222222222222222222222222222';
    const web = planSwarm(desired, actual).services.find((s) => s.service === 'web')!;
    expect(web).toMatchObject({ action: 'update', reasons: ['image changed'], changes: [{ field: 'image digest', from: '111111111111', to: '222222222222' }] });
  });

  it('asks up to resolve the digest of an image not present here, and to build and push a built one', () => {
    const desired = stack();
    (desired.services.web as { build?: unknown }).build = { context: '/src/web', dockerfile: 'Dockerfile', args: {} };
    const actual = emptySwarm(desired, { digests: {} });
    expect(planSwarm(desired, actual).images.map((i) => [i.action, i.ref, i.services])).toEqual([['resolve', 'reg.example/postgres:16', ['db']], ['build', IMAGE, ['web']]]);
  });

  it('only the service labels or update config changing updates without replacing tasks', () => {
    const before = withDeploy(stack(), 'web', { updateConfig: { order: 'stop-first' } });
    const after = withDeploy(stack(), 'web', { updateConfig: { order: 'start-first' }, labels: { tier: 'front' } });
    const web = planSwarm(after, deployedSwarm(before)).services.find((s) => s.service === 'web')!;
    expect(web).toMatchObject({ action: 'update', rolling: false });
    expect(web.changes.map((c) => c.field)).toEqual(['deploy.labels', 'deploy.updateConfig.order']);
  });

  it('replicated ↔ global cannot change in place: recreate, saying why', () => {
    const web = planSwarm(withDeploy(stack(), 'web', { mode: 'global' }), deployedSwarm(stack())).services.find((s) => s.service === 'web')!;
    expect(web.action).toBe('recreate');
    expect(web.reasons[0]).toContain('replicated to global');
  });

  it('removes a service taken out of stack.ts, and leaves one whose profile is off', () => {
    const before = deployedSwarm(stack({ withWorker: true }));
    expect(planSwarm(stack(), before).services.filter((s) => s.action === 'remove').map((s) => s.name)).toEqual(['shop_worker']);
    const inactive = { ...stack(), inactive: { worker: ['jobs'] } };
    const p = planSwarm(inactive, before);
    expect(p.services.some((s) => s.action === 'remove')).toBe(false);
    expect(p.notes).toContain('worker is disabled (profiles: jobs); its service is left as it is');
  });

  it('plans only the named services and their dependencies, removing nothing else', () => {
    const desired = stack({ withWorker: true });
    const p = planSwarm(desired, emptySwarm(desired), { services: ['web'] });
    expect(p.services.map((s) => s.service)).toEqual(['db', 'web']);
  });

  it('blocks a completed-job dependency that swarm would restart forever, and a missing external network', () => {
    const desired = desiredOf({
      name: 'shop',
      services: { migrate: { image: IMAGE }, web: { image: IMAGE, dependsOn: { migrate: 'completed' }, networks: ['outside'] } },
      networks: { outside: { external: true } },
    });
    (desired.services.migrate as { restart?: string }).restart = undefined;
    const p = planSwarm(desired, emptySwarm(desired));
    expect(p.blockers.map((b) => b.path)).toEqual(['services.migrate.restart', 'networks.outside']);
  });

  it('says so before deploying when the kernel lacks IPVS and a service relies on a virtual IP or the routing mesh', () => {
    const desired = stack();
    (desired.services.web as { ports: unknown[] }).ports = [{ target: 80, published: '8080', protocol: 'tcp', hostIp: '' }];
    const notes = planSwarm(desired, emptySwarm(desired, { ipvs: false })).notes;
    expect(notes.find((n) => n.includes('virtual IPs'))).toContain('db, web');
    expect(notes.find((n) => n.includes('routing mesh'))).toContain('ports of web');
    const dnsrr = withDeploy(withDeploy(stack(), 'web', { endpointMode: 'dnsrr' }), 'db', { endpointMode: 'dnsrr' });
    expect(planSwarm(dnsrr, emptySwarm(dnsrr, { ipvs: false })).notes.filter((n) => !n.startsWith('restart:'))).toEqual([]);
  });

  it("says, once, that the single-host default restart 'no' is unset on swarm (tasks restart, as docker stack deploy does), naming the services", () => {
    const desired = withDeploy(stack({ withWorker: true }), 'worker', { restartPolicy: { condition: 'none' } });
    (desired.services.db as { restart: string }).restart = 'always';
    const notes = planSwarm(desired, emptySwarm(desired)).notes;
    const restart = notes.filter((n) => n.startsWith('restart:'));
    // db restarts because it says so, worker says none: only web runs on swarm's default.
    expect(restart).toEqual([expect.stringContaining('swarm restarts the tasks of web whenever they exit')]);
    expect(restart[0]).toContain("deploy.restartPolicy.condition 'none'");
    // A restart beside a restartPolicy is ignored on swarm, as docker stack deploy ignores it.
    const both = withDeploy(stack(), 'web', { restartPolicy: { condition: 'on-failure' } });
    (both.services.web as { restart: string }).restart = 'always';
    expect(planSwarm(both, emptySwarm(both)).notes).toContain('services.web.restart is ignored on swarm (deploy.restartPolicy is set and wins, as in docker stack deploy)');
  });
});
