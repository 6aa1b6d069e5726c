import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan';
import type { StackDefinition } from '../../src/model/types';
import { actionsWithReasons, appliedState, desiredOf } from './builders';

const stack = (vpnEnv = '1', extra: StackDefinition['services'] = {}): StackDefinition => ({
  name: 'p',
  services: {
    vpn: { image: 'vpn', environment: { V: vpnEnv } },
    app: { image: 'app', networkMode: 'service:vpn' },
    tool: { image: 'tool', pid: 'service:app' },
    other: { image: 'other' },
    ...extra,
  },
});

const actions = actionsWithReasons;

describe('services sharing a namespace', () => {
  it('are recreated with the container they joined, down a chain', () => {
    const actual = appliedState(desiredOf(stack('1')));
    // appliedState knows nothing of NetworkMode; the joiner is on the owner it should be on.
    actual.containers.find((c) => c.service === 'app')!.networkMode = 'container:vpn-1-id';
    const p = plan(desiredOf(stack('2')), actual);
    expect(actions(p)).toEqual({
      vpn: ['recreate', 'config changed'],
      app: ['recreate', 'shares the namespace of p-vpn-1, which is recreated'],
      tool: ['recreate', 'shares the namespace of p-app-1, which is recreated'],
      other: ['noop'],
    });
  });

  it('stay as they are when nothing changed, and are recreated when left on a former owner', () => {
    const desired = desiredOf(stack());
    const actual = appliedState(desired);
    const app = actual.containers.find((c) => c.service === 'app')!;
    app.networkMode = 'container:vpn-1-id';
    expect(plan(desired, actual).summary).toEqual({ create: 0, recreate: 0, start: 0, remove: 0 });
    app.networkMode = 'container:an-old-vpn-id';
    expect(actions(plan(desired, actual)).app).toEqual(['recreate', 'joined the network of a former p-vpn-1']);
  });

  it('are created after their owner is, as a started dependency', () => {
    const desired = desiredOf(stack());
    expect(desired.services.app.dependsOn).toEqual({ vpn: 'started' });
    expect(desired.services.tool.dependsOn).toEqual({ app: 'started' });
  });
});
