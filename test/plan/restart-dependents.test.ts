/** dependsOn `restart: true` (Compose): a running dependent is restarted after up recreates, creates or starts its dependency. */
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan';
import type { StackDefinition } from '../../src/model/types';
import { actionsWithReasons, appliedState, desiredOf } from './builders';

const stack = (dbEnv = '1'): StackDefinition => ({
  name: 'p',
  services: {
    db: { image: 'db', environment: { V: dbEnv } },
    api: { image: 'api', dependsOn: { db: { condition: 'started', restart: true } } },
    worker: { image: 'worker', dependsOn: ['db'] },
  },
});

const actions = actionsWithReasons;

describe('dependsOn restart: true', () => {
  it('restarts the dependent (a start step on a running container) when its dependency is recreated; plain dependents stay', () => {
    const p = plan(desiredOf(stack('2')), appliedState(desiredOf(stack('1'))));
    expect(actions(p)).toEqual({
      db: ['recreate', 'config changed'],
      api: ['start', 'restarts after db is recreated (dependsOn restart: true)'],
      worker: ['noop'],
    });
  });

  it('restarts it when the dependency is started or created again, and not when nothing changed', () => {
    const desired = desiredOf(stack());
    const actual = appliedState(desired);
    expect(plan(desired, actual).summary).toEqual({ create: 0, recreate: 0, start: 0, remove: 0 });
    actual.containers.find((c) => c.service === 'db')!.state = 'exited';
    expect(actions(plan(desired, actual)).api).toEqual(['start', 'restarts after db is started (dependsOn restart: true)']);
    actual.containers = actual.containers.filter((c) => c.service !== 'db');
    expect(actions(plan(desired, actual)).api).toEqual(['start', 'restarts after db is created (dependsOn restart: true)']);
  });
});
