import type { StackContext, StackDefinition } from './model/types';

/**
 * Declares a stack. Returns its argument unchanged: its job is to give your editor the types, so a misspelt key is
 * a red squiggle and every key has hover docs.
 * @example
 * import { defineStack } from 'stackfile';
 * export default defineStack({
 *   services: {
 *     db: { image: 'postgres:16', healthcheck: { test: ['CMD', 'pg_isready'], interval: '2s' } },
 *     api: { build: './api', ports: ['3000:3000'], dependsOn: { db: 'healthy' } },
 *   },
 * });
 * @example
 * // The function form sees the selected env and the variables from .env files:
 * export default defineStack((ctx) => ({ services: { api: { image: `api:${ctx.vars.TAG ?? 'dev'}` } } }));
 */
// Not generic on purpose: excess-property checks (typo'd keys) only apply to a non-generic parameter.
export function defineStack(stack: StackDefinition): StackDefinition;
export function defineStack(fn: (ctx: StackContext) => StackDefinition | Promise<StackDefinition>): (ctx: StackContext) => StackDefinition | Promise<StackDefinition>;
export function defineStack(stack: unknown): unknown {
  return stack;
}
