import { describe, expect, test } from 'vitest';
import { deepMerge } from '../../src/model/overlay';
import { secret } from '../../src/model/secret';
import { issues, resolve, stack, svc } from './builders';

describe('deepMerge', () => {
  test('objects merge key by key, scalars and arrays replace, null removes', () => {
    const base = { a: 1, nested: { keep: true, change: 'old', drop: 'x' }, list: [1, 2, 3] };
    expect(deepMerge(base, { a: 2, nested: { change: 'new', drop: null, added: 1 }, list: [9] })).toEqual({
      a: 2,
      nested: { keep: true, change: 'new', added: 1 },
      list: [9],
    });
  });

  test('a secret is replaced whole, not merged with the secret it overrides', () => {
    const prod = secret('DB_PASSWORD');
    const merged = deepMerge({ env: { PW: secret.value('dev') } }, { env: { PW: prod } });
    expect(merged.env.PW).toBe(prod);
    expect(deepMerge({ env: { PW: secret.value('dev') } }, { env: { PW: 'plain' } }).env.PW).toBe('plain');
  });

  test('never mutates its inputs', () => {
    const base = { nested: { a: 1 } };
    const overlay = { nested: { b: 2 } };
    deepMerge(base, overlay);
    expect(base).toEqual({ nested: { a: 1 } });
    expect(overlay).toEqual({ nested: { b: 2 } });
  });

  test('undefined in the overlay keeps the base value', () => {
    expect(deepMerge({ a: 1 }, { a: undefined })).toEqual({ a: 1 });
  });
});

describe('env overlays', () => {
  const input = stack(
    {
      api: svc({ ports: ['3000:3000', '9229:9229'], environment: { LOG: 'info', DEBUG: '1' }, dependsOn: ['db'] }),
      db: svc(),
      debug: svc(),
    },
    {
      envs: {
        prod: {
          services: {
            api: { replicas: 2, ports: ['3000-3001:3000'], environment: { LOG: 'warn', DEBUG: null } },
            debug: null,
          },
        },
      },
    },
  );

  test('without --env the base is used and envs are ignored', () => {
    const state = resolve(input);
    expect(state.env).toBeUndefined();
    expect(Object.keys(state.services)).toEqual(['api', 'db', 'debug']);
    expect(state.services.api.replicas).toBe(1);
  });

  test('--env merges the overlay: arrays replace, null removes a variable and a whole service', () => {
    const state = resolve(input, { env: 'prod' });
    expect(state.env).toBe('prod');
    expect(Object.keys(state.services)).toEqual(['api', 'db']);
    expect(state.services.api.replicas).toBe(2);
    expect(state.services.api.ports.map((p) => p.published)).toEqual(['3000-3001']);
    expect(state.services.api.environment).toEqual({ LOG: 'warn' });
    // Untouched keys survive the merge.
    expect(state.services.api.dependsOn).toEqual({ db: 'started' });
  });

  test('an unknown env is an error with a suggestion; the function form may ignore it', () => {
    expect(issues(input, { env: 'prd' })).toEqual([{ path: 'envs', message: 'env "prd" is not defined', hint: 'did you mean "prod"? (defined envs: prod)' }]);
    expect(issues(input, { env: 'staging' })[0].hint).toBe('defined envs: prod');
    expect(issues(input, { env: 'staging', strictEnv: false })).toEqual([]);
  });

  test('a typo inside an overlay is reported under envs.<name>', () => {
    const found = issues(stack({ s: svc() }, { envs: { prod: { servics: {} } } }), { env: 'prod' });
    expect(found).toEqual([{ path: 'envs.prod.servics', message: 'unknown key "servics"', hint: 'did you mean "services"?' }]);
  });

  test('a mistake inside an overlay service is reported at its place in the overlay', () => {
    const base = stack({ api: svc() }, { envs: { prod: { services: { api: { replicass: 2 }, apii: { replicas: 2 } } } } });
    expect(issues(base, { env: 'prod' })).toEqual([
      { path: 'envs.prod.services.api.replicass', message: 'unknown key "replicass"', hint: 'did you mean "replicas"?' },
      { path: 'envs.prod.services.apii', message: '"apii" is not a service of the base stack, and the overlay gives it no image or build', hint: 'did you mean "api"?' },
    ]);
    // A whole new service in an overlay is fine.
    expect(Object.keys(resolve(stack({ api: svc() }, { envs: { dev: { services: { debug: svc() } } } }), { env: 'dev' }).services)).toEqual(['api', 'debug']);
  });

  test('an overlay can change top-level resources too', () => {
    const state = resolve(stack({ s: svc({ networks: ['back'] }) }, { networks: { back: { internal: true } }, envs: { dev: { networks: { back: { internal: false } } } } }), { env: 'dev' });
    expect(state.networks.back.internal).toBe(false);
  });
});

describe('what an env overlay may change', () => {
  test('replicas, ports, restart, resources, image and command', () => {
    const input = stack(
      { api: svc({ command: ['serve', '--dev'], ports: ['3000:3000'], resources: { cpus: 1 } }) },
      { envs: { prod: { services: { api: { image: 'api:1.2', command: ['serve'], replicas: 3, ports: ['3000-3002:3000'], restart: 'always', resources: { memory: '256m' } } } } } },
    );
    const api = resolve(input, { env: 'prod' }).services.api;
    expect(api).toMatchObject({ image: 'api:1.2', command: ['serve'], replicas: 3, restart: 'always', nanoCpus: 1e9, memoryBytes: 256 * 1024 * 1024 });
    expect(api.ports.map((p) => p.published)).toEqual(['3000-3002']);
  });
});
