/**
 * What converting one project to stack.ts values shares: where stack.ts goes (paths are written relative to it),
 * the YAML comments to carry over, and the report of what could not be translated.
 */
import { isPlainObject } from '../model/overlay';
import { Code, commentKey, todo } from './code';
import { interpolate, InterpolationError, pieces } from './interpolate';
import { OneOf, typedValue, type Kind } from './typed-value';

/** One Compose construct the import could not translate: its path, and what the user should know. */
export interface Untranslated {
  path: string;
  message: string;
}

export interface ConvertContext {
  /** Folder stack.ts is written to. */
  outDir: string;
  comments: Map<string, string[]>;
  untranslated: Untranslated[];
}

/** Carries the YAML comment at `yamlPath` over to `key` of `obj`. */
export function carryComment(ctx: ConvertContext, yamlPath: string, obj: object, key: string): void {
  const lines = ctx.comments.get(yamlPath);
  if (lines) commentKey(obj, key, lines);
}

/**
 * Records what could not be translated, and writes it as a `// TODO` in `obj` (the place it would have gone) with
 * the Compose text, so nothing the user wrote disappears silently.
 */
export function untranslatable(ctx: ConvertContext, obj: object, path: string, value: unknown, why: string): void {
  if (!ctx.untranslated.some((u) => u.path === path)) ctx.untranslated.push({ path, message: why });
  const key = path.split('.').pop();
  todo(obj, `TODO(stack import): ${key}: ${brief(value)} (${why})`);
}

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/** A Compose value with its `${VAR}` reads made ctx.vars reads (deeply). */
export function value(ctx: ConvertContext, v: unknown, path: string, where?: object): unknown {
  if (typeof v === 'string') {
    try {
      return interpolate(v);
    } catch (err) {
      if (!(err instanceof InterpolationError)) throw err;
      if (where) untranslatable(ctx, where, path, v, err.message);
      return v;
    }
  }
  if (Array.isArray(v)) return v.map((x, i) => value(ctx, x, `${path}[${i}]`, where));
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(ctx, x, `${path}.${k}`, where)]));
  return v;
}

/**
 * A number Compose accepts as a string too (`replicas: ${N:-1}`): a variable read becomes `Number(...)`. A bare
 * `${N}` becomes `Number(ctx.vars.require('N'))`: Compose fails on it unset or empty, naming the variable, where
 * `Number('')` would be a silent 0.
 */
export function numeric(ctx: ConvertContext, v: unknown, path: string): unknown {
  if (typeof v !== 'string') return v;
  const x = value(ctx, v, path);
  if (!(x instanceof Code)) return /^-?\d+(\.\d+)?$/.test(x as string) ? Number(x) : x;
  const parts = pieces(v);
  if (parts.length === 1 && 'name' in parts[0] && parts[0].op === undefined) return new Code(`Number(ctx.vars.require('${parts[0].name}'))`, x.reads);
  return new Code(`Number(${x.text})`, x.reads);
}

/** `start_period` → `startPeriod`. */
export function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * A map of Compose keys copied with camelCase names when listed in `known` (nested maps by the nested entry), and
 * a TODO for the rest. `true`: any value; `number`, or a Kind (typed-value.ts): a value stack.ts types narrower.
 */
export type Shape = { [key: string]: true | 'number' | Kind | Shape };

export function byShape(ctx: ConvertContext, src: Record<string, unknown>, shape: Shape, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    const p = `${path}.${k}`;
    const s = shape[k];
    if (k.startsWith('x-')) continue;
    if (s === undefined) untranslatable(ctx, out, p, v, 'stackfile has no such key here');
    else if (v === null || v === undefined) continue;
    else if (s === true) out[camel(k)] = value(ctx, v, p, out);
    else if (s === 'number') out[camel(k)] = numeric(ctx, v, p);
    else if (s === 'boolean' || s === 'optional' || s instanceof OneOf) out[camel(k)] = typedValue(value(ctx, v, p, out), v, s);
    else if (isPlainObject(v)) out[camel(k)] = byShape(ctx, v, s, p);
    else out[camel(k)] = value(ctx, v, p, out);
  }
  return out;
}
