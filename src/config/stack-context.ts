import { booleanWord } from '../model/boolean-words';
import type { StackContext, StackVars } from '../model/types';
import { userFrame } from './user-frame';

/** A `ctx.vars.require()` (or `bool()` without a fallback) whose variable was not set, and where stack.ts asked for it. */
export interface MissingVar {
  name: string;
  at?: string;
  /** Why it is needed, as stack.ts said it (`require('PG_PASS', 'database password required')`). */
  message?: string;
  /** Set to '' rather than unset. */
  empty?: boolean;
  /** Asked for by `ctx.vars.bool`: the error names it, and the words to set. */
  bool?: boolean;
}

/** A `ctx.vars.bool()` whose variable holds no boolean word, its value, and where stack.ts asked for it. */
export interface NotBooleanVar {
  name: string;
  value: string;
  at?: string;
}

/** What stack.ts did with its context, learnt while it ran: for the one error about missing variables and `--explain`. */
export interface ContextUse {
  missing: MissingVar[];
  /** `ctx.vars.bool()` reads whose value was no boolean word: reported with the missing ones. */
  notBoolean: NotBooleanVar[];
  /** Variables stack.ts read (plain reads, `require` and `bool`), for `stack config --explain` with no names. */
  read: Set<string>;
  /** Whether stack.ts looked at ctx.env: then an --env missing from `envs` may still mean something to it. */
  envRead: boolean;
}

/**
 * The `ctx` handed to the function form of defineStack. `vars.require` and `vars.bool` do not throw: they record
 * the miss (or the value that is no boolean) and return '' or false, so stack.ts runs to the end and every problem
 * with a variable is reported in one error.
 */
export function createStackContext(env: string | undefined, vars: Record<string, string | undefined>, dir: string): { ctx: StackContext; use: ContextUse } {
  const use: ContextUse = { missing: [], notBoolean: [], read: new Set(), envRead: false };
  const miss = (m: MissingVar) => {
    if (!use.missing.some((x) => x.name === m.name)) use.missing.push(m);
  };
  const target: Record<string, string | undefined> = { ...vars };
  Object.defineProperty(target, 'require', {
    enumerable: false,
    value: (name: string, message?: string): string => {
      use.read.add(name);
      const value = vars[name];
      if (value !== undefined && value !== '') return value;
      miss({ name, at: userFrame(new Error()), ...(message ? { message } : {}), ...(value === '' ? { empty: true } : {}) });
      return '';
    },
  });
  Object.defineProperty(target, 'bool', {
    enumerable: false,
    value: (name: string, fallback?: boolean): boolean => {
      use.read.add(name);
      const value = vars[name];
      if (value === undefined || value === '') {
        if (fallback !== undefined) return fallback;
        miss({ name, at: userFrame(new Error()), bool: true, ...(value === '' ? { empty: true } : {}) });
        return false;
      }
      const word = booleanWord(value);
      if (word !== undefined) return word;
      if (!use.notBoolean.some((x) => x.name === name)) use.notBoolean.push({ name, value, at: userFrame(new Error()) });
      return false;
    },
  });
  const tracked = new Proxy(target, {
    get(t, key) {
      if (typeof key === 'string' && key !== 'require' && key !== 'bool') use.read.add(key);
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
