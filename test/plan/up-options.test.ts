import { describe, expect, it } from 'vitest';
import { withScale } from '../../src/model/scale';
import { lastAppliedEnv } from '../../src/plan/applied-env';
import { plan } from '../../src/plan/plan';
import { appliedState, desiredOf, emptyActual, threeTier } from './builders';

const actions = (p: ReturnType<typeof plan>) => Object.fromEntries(p.containers.map((c) => [c.name, c.action]));

/** up's Compose flags, as the planner sees them: --no-deps, --force-recreate, --no-build, --scale. */
describe('plan with up options', () => {
  it('--no-deps plans only the named services, not what they depend on', () => {
    const desired = desiredOf(threeTier());
    expect(actions(plan(desired, emptyActual('shop'), { services: ['api'] }))).toEqual({ 'shop-db-1': 'create', 'shop-api-1': 'create' });
    expect(actions(plan(desired, emptyActual('shop'), { services: ['api'], noDeps: true }))).toEqual({ 'shop-api-1': 'create' });
  });

  it('--force-recreate recreates unchanged and stopped containers, saying why', () => {
    const desired = desiredOf(threeTier());
    const actual = appliedState(desired);
    actual.containers.find((c) => c.service === 'web')!.state = 'exited';
    const p = plan(desired, actual, { forceRecreate: true });
    expect(Object.values(actions(p))).toEqual(['recreate', 'recreate', 'recreate']);
    expect(p.containers.every((c) => c.reasons.includes('--force-recreate'))).toBe(true);
    expect(actions(plan(desired, actual))).toEqual({ 'shop-db-1': 'noop', 'shop-api-1': 'noop', 'shop-web-1': 'start' });
  });

  it('--no-build uses a built image as it is and blocks when it was never built', () => {
    const def = threeTier();
    def.services!.web = { ...def.services!.web, build: './web' } as never;
    const desired = desiredOf(def);
    const built = appliedState(desired);
    expect(plan(desired, built).images.map((i) => i.action)).toEqual(['build']);
    expect(plan(desired, built, { build: false }).images).toEqual([]);
    const never = plan(desired, emptyActual('shop'), { build: false });
    expect(never.blockers.map((b) => b.path)).toContain('services.web.build');
  });

  it('--scale api=3 adds replicas without recreating the existing one; a bad spec is a user error', () => {
    const desired = desiredOf(threeTier());
    const p = plan(withScale(desired, ['api=3']), appliedState(desired));
    expect(actions(p)).toMatchObject({ 'shop-api-1': 'noop', 'shop-api-2': 'create', 'shop-api-3': 'create' });
    expect(actions(plan(withScale(desired, ['api=0']), appliedState(desired)))).toMatchObject({ 'shop-api-1': 'remove' });
    expect(() => withScale(desired, ['apii=2'])).toThrow(/no service named apii; did you mean "api"\?/);
    expect(() => withScale(desired, ['api'])).toThrow(/expected SERVICE=N/);
  });
});

describe('the env a project was last applied with', () => {
  it('is the newest labelled container\'s; planning another env says so, the same env says nothing', () => {
    const desired = desiredOf(threeTier());
    const actual = appliedState(desired);
    actual.containers.forEach((c, i) => Object.assign(c, { env: i === 1 ? 'prod' : '', created: 1000 + i * (i === 1 ? 100 : 1) }));
    expect(lastAppliedEnv(actual.containers)).toBe('prod');
    expect(plan(desired, actual).notes).toContain('shop was last applied with env prod; this plan is for the base config (no --env) (pass --env prod to keep it)');
    expect(plan({ ...desired, env: 'prod' }, actual).notes.join('\n')).not.toContain('last applied');
    // Containers from before the label say nothing either way.
    expect(lastAppliedEnv(appliedState(desired).containers)).toBeUndefined();
    expect(plan(desired, appliedState(desired)).notes.join('\n')).not.toContain('last applied');
  });
});
