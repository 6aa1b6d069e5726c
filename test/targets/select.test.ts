import { describe, expect, test } from 'vitest';
import { isUserError } from '../../src/errors';
import { selectTarget } from '../../src/targets/select';
import { issues, resolve, stack, svc } from '../model/builders';

describe('the target key in stack.ts', () => {
  test('is left out of the desired state when unset, so the command line decides', () => {
    expect('target' in resolve(stack({ web: svc() }))).toBe(false);
  });

  test('an env overlay sets it: stack up stays local, --env prod deploys to the swarm', () => {
    const input = stack({ web: svc() }, { envs: { prod: { target: 'swarm' } } });
    expect(resolve(input).target).toBeUndefined();
    expect(resolve(input, { env: 'prod' }).target).toBe('swarm');
  });

  test('an overlay can set it back to containers over a base of swarm', () => {
    const input = stack({ web: svc() }, { target: 'swarm', envs: { local: { target: 'containers' } } });
    expect(resolve(input).target).toBe('swarm');
    expect(resolve(input, { env: 'local' }).target).toBe('containers');
  });

  test('--target on the command line counts as the key: the stack is checked for the target it goes to', () => {
    // Two replicas cannot share host port 8080 on one host; on swarm they can (routing mesh, or one per node).
    const shared = stack({ web: svc({ replicas: 2, ports: ['8080:80'] }) });
    expect(issues(shared).map((i) => i.path)).toEqual(['services.web.ports[0]']);
    expect(issues(shared, { target: 'swarm' })).toEqual([]);
    expect(resolve(shared, { target: 'swarm' }).target).toBe('swarm');
    // ...and the other way: --target containers over a swarm stack.ts checks it for one host.
    expect(issues(stack({ web: svc({ replicas: 2, ports: ['8080:80'] }) }, { target: 'swarm' }), { target: 'containers' }).map((i) => i.path)).toEqual(['services.web.ports[0]']);
    // External secrets exist only in a swarm.
    const external = stack({ web: svc({ secrets: ['tls'] }) }, { secrets: { tls: { external: true } } });
    expect(issues(external, { target: 'swarm' })).toEqual([]);
  });

  test('an unknown target is an issue at the path where it was written, with the targets', () => {
    expect(issues(stack({ web: svc() }, { target: 'kubernetes' }))).toEqual([{ path: 'target', message: '"kubernetes" is not a deployment target', hint: 'targets are: containers, swarm' }]);
    const atOverlay = issues(stack({ web: svc() }, { envs: { prod: { target: 'swam' } } }), { env: 'prod' });
    expect(atOverlay.map((i) => [i.path, i.hint])).toEqual([['envs.prod.target', 'did you mean "swarm"?']]);
  });
});

describe('selectTarget', () => {
  test('--target wins over stack.ts, stack.ts over the default (containers)', () => {
    expect(selectTarget('containers', { target: 'swarm' })).toBe('containers');
    expect(selectTarget(undefined, { target: 'swarm' })).toBe('swarm');
    expect(selectTarget(undefined, {})).toBe('containers');
    expect(selectTarget(undefined)).toBe('containers');
  });

  test('an unknown --target is a user error listing the targets', () => {
    let error: unknown;
    try {
      selectTarget('nomad');
    } catch (err) {
      error = err;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toBe('--target nomad is not a deployment target');
  });
});

describe('a swarm stack', () => {
  test('may reference external secrets (they exist only in a swarm); a container stack may not', () => {
    const input = (target?: string) => stack({ web: svc({ secrets: ['tls'] }) }, { ...(target ? { target } : {}), secrets: { tls: { external: true } } });
    expect(resolve(input('swarm')).services.web.secrets.map((s) => s.source)).toEqual([{ kind: 'external', name: 'tls' }]);
    expect(issues(input()).map((i) => i.path)).toEqual(['services.web.secrets[0]']);
  });
});
