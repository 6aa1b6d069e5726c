import type { StackContext, StackDefinition, StackInput } from './model/types';
import type { NoUnknownKeys } from './no-unknown-keys';

/**
 * Declares a stack. Returns its argument unchanged: its job is to give your editor the types, so a misspelt key is
 * a red squiggle and every key has hover docs. Both forms are checked key by key.
 * @example
 * import { defineStack } from 'stackfile';
 * export default defineStack({
 *   services: {
 *     db: { image: 'postgres:16', healthcheck: { test: ['CMD', 'pg_isready'], interval: '2s' } },
 *     api: { build: './api', ports: ['3000:3000'], dependsOn: { db: 'healthy' } },
 *   },
 * });
 * @example
 * // The function form (may be async) sees the selected env and the variables from .env files:
 * export default defineStack((ctx) => ({ services: { api: { image: `api:${ctx.vars.TAG ?? 'dev'}` } } }));
 */
// One signature, not an overload per form: with overloads a mistake is reported as "No overload matches this call"
// on `defineStack`, with one it is reported on the argument. An object literal gets TypeScript's own excess-property
// check (with its "did you mean"). An object a function returns does not (TypeScript infers it rather than checking
// it against the declared return type), so the function form infers it as T and requires it to have no key
// StackDefinition lacks.
export function defineStack<T extends StackDefinition>(stack: StackDefinition | ((ctx: StackContext) => Checked<T> | Promise<Checked<T>>)): StackInput;
export function defineStack(stack: StackInput): StackInput {
  return stack;
}

type Checked<T> = NoUnknownKeys<T, StackDefinition>;
