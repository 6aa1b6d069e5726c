import { describe, expect, test } from 'vitest';
import { issues, resolve, stack, svc } from './builders';

describe('profiles', () => {
  const input = stack({
    api: svc({ dependsOn: ['db'] }),
    db: svc(),
    adminer: svc({ profiles: ['debug', 'tools'], dependsOn: ['db'] }),
    seed: svc({ profiles: ['tools'] }),
  });

  test('a service with profiles is left out unless one of them is enabled', () => {
    const state = resolve(input);
    expect(Object.keys(state.services)).toEqual(['api', 'db']);
    expect(state.inactive).toEqual({ adminer: ['debug', 'tools'], seed: ['tools'] });
    expect(Object.keys(resolve(input, { profiles: ['debug'] }).services)).toEqual(['api', 'db', 'adminer']);
    expect(Object.keys(resolve(input, { profiles: ['tools'] }).services)).toEqual(['api', 'db', 'adminer', 'seed']);
  });

  test('naming a service on the command line enables it', () => {
    expect(Object.keys(resolve(input, { services: ['seed'] }).services)).toEqual(['api', 'db', 'seed']);
  });

  test('depending on a disabled service is an error that says how to enable it', () => {
    const found = issues(stack({ api: svc({ dependsOn: ['adminer'] }), adminer: svc({ profiles: ['debug'] }) }));
    expect(found).toEqual([
      { path: 'services.api.dependsOn.adminer', message: 'depends on "adminer", which is disabled (profiles: debug)', hint: 'enable it with --profile debug, or name it on the command line (stack up api adminer)' },
    ]);
  });

  test('an enabled profile no service has is reported with a suggestion', () => {
    expect(issues(input, { profiles: ['tool'] })).toEqual([{ path: '--profile', message: 'no service has profile "tool"', hint: 'did you mean "tools"?' }]);
  });

  test('profiles must be a list of names', () => {
    expect(issues(stack({ a: svc({ profiles: 'debug' }) }))[0]).toMatchObject({ path: 'services.a.profiles' });
    expect(issues(stack({ a: svc({ profiles: ['bad name'] }) }))[0]).toMatchObject({ path: 'services.a.profiles[0]' });
  });
});
