import type { StackContext, StackVars } from '../model/types';
import { userFrame } from './user-frame';

/** A `ctx.vars.require()` whose variable was not set, and where stack.ts asked for it. */
export interface MissingVar {
  name: string;
  at?: string;
  /** Why it is needed, as stack.ts said it (`require('PG_PASS', 'database password required')`). */
  message?: string;
  /** Set to '' rather than unset. */
  empty?: boolean;
}

/** What stack.ts did with its context, learnt while it ran: for the one error about missing variables and `--explain`. */
export interface ContextUse {
  missing: MissingVar[];
  /** Variables stack.ts read (plain reads and `require`), for `stack config --explain` with no names. */
  read: Set<string>;
  /** Whether stack.ts looked at ctx.env: then an --env missing from `envs` may still mean something to it. */
  envRead: boolean;
}

/**
 * The `ctx` handed to the function form of defineStack. `vars.require` does not throw: it records the miss and
 * returns '' so stack.ts runs to the end and every missing variable is reported in one error.
 */
export function createStackContext(env: string | undefined, vars: Record<string, string | undefined>, dir: string): { ctx: StackContext; use: ContextUse } {
  const use: ContextUse = { missing: [], read: new Set(), envRead: false };
  const target: Record<string, string | undefined> = { ...vars };
  Object.defineProperty(target, 'require', {
    enumerable: false,
    value: (name: string, message?: string): string => {
      use.read.add(name);
      const value = vars[name];
      if (value !== undefined && value !== '') return value;
      if (!use.missing.some((m) => m.name === name)) use.missing.push({ name, at: userFrame(new Error()), ...(message ? { message } : {}), ...(value === '' ? { empty: true } : {}) });
      return '';
    },
  });
  const tracked = new Proxy(target, {
    get(t, key) {
      if (typeof key === 'string' && key !== 'require') use.read.add(key);
      return Reflect.get(t, key);
    },
  }) as StackVars;
  const ctx = {
    get env() {
      use.envRead = true;
      return env;
    },
    vars: tracked,
    dir,
  };
  return { ctx, use };
}
