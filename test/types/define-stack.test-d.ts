/**
 * The function form of defineStack is as strict as the object form: a key StackDefinition lacks, at any depth, is a
 * type error. Vitest's typecheck mode runs these (`npm test`, `npm run test:unit`): an `@ts-expect-error` whose line
 * compiles fails the run ("Unused '@ts-expect-error' directive").
 */
import { describe, expectTypeOf, test } from 'vitest';
import { defineStack } from '../../src/define';
import { secret } from '../../src/model/secret';
import type { StackContext, StackDefinition, StackInput } from '../../src/model/types';

describe('a misspelt key is an error in every form', () => {
  test('object form', () => {
    // @ts-expect-error restat is not a service key
    defineStack({ services: { api: { image: 'x', restat: 'no' } } });
  });

  test('function form, at every depth', () => {
    // @ts-expect-error restat is not a service key
    defineStack((ctx) => ({ services: { api: { image: `x:${ctx.env}`, restat: 'no' } } }));
    // @ts-expect-error nmae is not a stack key
    defineStack(() => ({ nmae: 'x', services: {} }));
    // @ts-expect-error pubished is not a port key (inside an array, inside a union)
    defineStack(() => ({ services: { api: { image: 'x', ports: ['80:80', { target: 80, pubished: 8080 }] } } }));
    // @ts-expect-error imgae in an env overlay
    defineStack(() => ({ envs: { prod: { services: { api: { imgae: 'x' } } } } }));
    // @ts-expect-error intervl in a healthcheck
    defineStack(() => ({ services: { db: { image: 'x', healthcheck: { test: ['CMD', 'true'], intervl: '2s' } } } }));
    // @ts-expect-error drivr in a volume
    defineStack(() => ({ volumes: { data: { drivr: 'local' } } }));
  });

  test('function form with a block body, in one of its branches', () => {
    // @ts-expect-error replica (not replicas) in the prod branch only
    defineStack((ctx) => {
      if (ctx.env === 'prod') return { services: { api: { image: 'x', replica: 2 } } };
      return { services: { api: { image: 'x' } } };
    });
  });

  test('async function form', () => {
    // @ts-expect-error restat is not a service key
    defineStack(async () => ({ services: { api: { image: 'x', restat: 'no' } } }));
  });

  test('a wrong value type is still an error, as before', () => {
    // @ts-expect-error replicas is a number
    defineStack(() => ({ services: { api: { image: 'x', replicas: '2' } } }));
    // @ts-expect-error not a restart policy
    defineStack(() => ({ services: { api: { image: 'x', restart: 'sometimes' } } }));
  });
});

describe('what stacks really write still type-checks', () => {
  test('ctx, vars, secrets, x- keys, nulls in overlays, unions of shapes', () => {
    const stack = defineStack(({ env, vars }) => {
      const password = env === 'prod' ? secret('PW') : secret.value(vars.PW ?? 'dev');
      return {
        name: 'typed',
        'x-common': { anything: [1, { nested: true }] },
        secrets: { pw: password, shared: { external: true, name: 'prod_pw' } },
        services: {
          api: {
            'x-team': 'core',
            image: `api:${vars.TAG ?? 'dev'}`,
            environment: { PW: password, PORT: 8080, DEBUG: env !== 'prod', UNSET: null },
            ports: ['8080:8080', 9000, { target: 80, published: '8081' }],
            dependsOn: { db: { condition: 'healthy' } },
            build: env === 'prod' ? { context: './api', args: ['A=1'] } : './api',
            restart: env === 'prod' ? 'always' : 'no',
          },
          db: { image: 'postgres', environment: ['A=1'], networks: { back: null } },
        },
        envs: { prod: { services: { api: { ports: null, replicas: 2 } }, volumes: { cache: null } } },
      };
    });
    expectTypeOf(stack).toEqualTypeOf<StackInput>();
  });

  test('async, a named function, an annotated return, a spread of a typed base', async () => {
    defineStack(async (ctx) => {
      const tag = await Promise.resolve(ctx.vars.TAG ?? 'dev');
      return { services: { api: { image: `api:${tag}` } } };
    });
    function build(ctx: StackContext) {
      return { services: { api: { image: ctx.dir } } };
    }
    defineStack(build);
    const base: StackDefinition = { services: { db: { image: 'postgres' } } };
    defineStack((): StackDefinition => ({ ...base, name: 'x' }));
    defineStack(() => ({ ...base, services: { ...base.services, api: { image: 'api' } } }));
  });

  test('ctx.vars.bool is a boolean for the boolean keys; its fallback is a boolean, not the text Compose writes', () => {
    defineStack((ctx) => {
      expectTypeOf(ctx.vars.bool('RO')).toEqualTypeOf<boolean>();
      // @ts-expect-error a fallback is true or false
      ctx.vars.bool('RO', 'false');
      return { services: { api: { image: 'api', readOnly: ctx.vars.bool('RO', false), init: ctx.vars.bool('INIT') } } };
    });
  });

  test('a value typed any (JSON.parse, an unresolved import) is not second-guessed, even as a computed key', () => {
    const unknownModule: any = JSON.parse('{}');
    defineStack(() => ({ services: JSON.parse('{}') }));
    defineStack(() => ({ services: { api: { image: 'x', labels: JSON.parse('{}'), dependsOn: { [unknownModule.service]: 'healthy' } } } }));
    const n = 1;
    defineStack(() => ({ services: { [`api${n}`]: { image: 'x' }, [n]: { image: 'y', environment: { [n]: 'one' } } } }));
  });
});
