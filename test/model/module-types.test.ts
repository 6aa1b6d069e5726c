/**
 * What the types of defineModule promise module authors and stack authors. Each `@ts-expect-error` fails `npm test`
 * (Vitest's typecheck mode, test/types/tsconfig.json) and `npm run typecheck` if that line stops being an error.
 */
import { expect, expectTypeOf, test } from 'vitest';
import { defineStack } from '../../src/define';
import { defineModule } from '../../src/model/module';
import type { ModuleDefinition, ModuleInstance } from '../../src/model/module-types';
import { secret } from '../../src/model/secret';
import type { Secret } from '../../src/model/types';

const postgres = defineModule({ name: 'postgres', required: ['password'] }, (p: { name?: string; version?: string; password: Secret }) => ({
  services: { [p.name ?? 'postgres']: { image: `postgres:${p.version ?? '16'}` } },
  outputs: { service: p.name ?? 'postgres', url: `postgres://${p.name ?? 'postgres'}:5432` },
}));

function typeOnly(): void {
  const db = postgres({ name: 'db', password: secret('PW') });
  expectTypeOf(db).toExtend<ModuleInstance<{ service: string; url: string }>>();
  defineStack({ modules: [db], services: { api: { image: 'api', environment: { DATABASE_URL: db.url }, dependsOn: { [db.service]: 'healthy' } } } });
  // @ts-expect-error a renamed output is a compile error in the stack
  void db.uri;
  // @ts-expect-error a parameter of the wrong type
  postgres({ password: secret('PW'), version: 16 });
  // @ts-expect-error a required parameter left out
  postgres({ name: 'db' });
  // @ts-expect-error an unknown parameter
  postgres({ password: secret('PW'), nmae: 'db' });

  // @ts-expect-error a required parameter must be listed in `required`
  defineModule({ name: 'pg' }, (p: { password: Secret }) => ({ outputs: { p } }));
  // @ts-expect-error only required parameters may be listed
  defineModule({ required: ['name'] }, (p: { name?: string; password: Secret }) => ({ outputs: { p } }));
  // @ts-expect-error the one-argument form cannot have required parameters: nothing would check them at run time
  defineModule((p: { password: Secret }) => ({ outputs: { p } }));

  // Parameters all optional: the instance can be made without arguments.
  const redis = defineModule((p: { name?: string }) => ({ outputs: { service: p.name ?? 'redis' } }));
  expectTypeOf(redis().service).toEqualTypeOf<string>();
  // A misspelt key in what the module's function returns is an error at any depth, as in defineStack's function form,
  // without `satisfies ModuleDefinition` (which still works).
  // @ts-expect-error restat is not a service key
  defineModule(() => ({ services: { a: { image: 'x', restat: 'no' } } }) satisfies ModuleDefinition);
  // @ts-expect-error restat is not a service key
  defineModule(() => ({ services: { a: { image: 'x', restat: 'no' } } }));
  // @ts-expect-error servics is not a module key
  defineModule((p: { name?: string }) => ({ servics: { [p.name ?? 'a']: { image: 'x' } } }));
  // @ts-expect-error drivr in a volume, in the two-argument form with a block body
  defineModule({ required: ['password'] }, (p: { password: Secret }) => {
    return { volumes: { data: { drivr: 'local' } }, outputs: { p } };
  });
  // Outputs are the module's own: any keys, still typed on the instance.
  const cache = defineModule((p: { port?: number }) => ({ services: { cache: { image: 'redis', ports: [p.port ?? 6379] } }, outputs: { port: p.port ?? 6379, anyName: ['x'] } }));
  expectTypeOf(cache().port).toEqualTypeOf<number>();
  expectTypeOf(cache().anyName).toEqualTypeOf<string[]>();
  // @ts-expect-error an output the module does not return
  void cache().host;
  // @ts-expect-error a stack's modules are instances, not the module itself
  defineStack({ modules: [redis], services: {} });
}

test('the type-level checks above compile (Vitest typecheck); instances carry their outputs at run time', () => {
  expect(typeof typeOnly).toBe('function');
  expect(postgres({ password: secret.value('x') }).url).toBe('postgres://postgres:5432');
});
