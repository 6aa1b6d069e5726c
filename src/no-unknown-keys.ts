import type { ModuleInstance } from './model/module-types';
import type { Secret } from './model/types';

/**
 * Every key of every object member of a union (TypeScript's excess-property check accepts a key any member has). A
 * string index signature takes number keys too (`{ [n]: ... }` with n a number, or an `any`).
 */
type KeysOf<S> = S extends unknown ? keyof S | (string extends keyof S ? number : never) : never;
/** The type a key has in whichever members of a union have it. */
type ValueAt<S, K> = S extends unknown ? (K extends keyof S ? S[K] : K extends number ? (string extends keyof S ? S[string & keyof S] : never) : never) : never;
type ObjectsOf<S> = Exclude<Extract<S, object>, readonly unknown[] | ((...args: never[]) => unknown)>;
type ElementsOf<S> = S extends readonly (infer E)[] ? E : never;
/** Values that are checked as a whole, not key by key: module instances carry their outputs, secrets are opaque. */
type Opaque = Secret | ModuleInstance<object> | ((...args: never[]) => unknown);

/** What an unknown key's value must be: nothing can be, and the name says why in the error. */
export interface UnknownKey<K> {
  'is not a key here; see the hover docs for the keys this object takes': K;
}

/**
 * `T` with every key the shape `S` does not have, at any depth, turned into an `UnknownKey`. TypeScript checks the
 * keys of an object literal only where it is written against a declared type; an object returned by a function is
 * inferred, so `defineStack((ctx) => ({ ... }))` infers `T` and requires `T & NoUnknownKeys<T, StackDefinition>`.
 */
export type NoUnknownKeys<T, S> = 0 extends 1 & T
  ? T
  : unknown extends S
    ? T
    : T extends Opaque
      ? T
      : T extends readonly unknown[]
        ? { [I in keyof T]: NoUnknownKeys<T[I], ElementsOf<S>> }
        : T extends object
          ? { [K in keyof T]: K extends KeysOf<ObjectsOf<S>> ? NoUnknownKeys<T[K], ValueAt<ObjectsOf<S>, K>> : UnknownKey<K> }
          : T;
