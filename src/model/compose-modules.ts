import { basename, relative, sep } from 'node:path';
import { isModuleInstance } from './module';
import { rebaseServices } from './module-paths';
import type { ModuleInstanceInfo } from './module-types';
import { deepMerge, isPlainObject } from './overlay';
import { Reader, describe, join } from './reader';
import { didYouMean } from './suggest';

const KINDS = ['services', 'volumes', 'networks'] as const;
const DEFINITION_KEYS = [...KINDS, 'outputs'];

/** Where the composer is: for naming sources in messages. */
export interface ComposeContext {
  /** Folder of stack.ts; module files are shown relative to it. */
  dir: string;
  /** stack.ts's path, when the stack came from a file. */
  file?: string;
}

/**
 * Merges the resources of the stack's `modules` into its own, then applies `overrides`. A name defined by two
 * sources (two modules, or a module and the stack) is an issue naming both, unless `overrides` names it: then the
 * definitions are deep-merged in order (modules as listed, then the stack's own) and the override goes on top, with
 * the env overlay's semantics (objects merge, arrays replace, null removes). Returns the stack without `modules`
 * and `overrides`, or undefined when a module could not be built (whatever the stack derived from its outputs would
 * only add confusing follow-on issues).
 */
export function composeModules(r: Reader, top: Record<string, unknown>, ctx: ComposeContext): Record<string, unknown> | undefined {
  const { modules, overrides: rawOverrides, ...stack } = top;
  if (modules === undefined && rawOverrides === undefined) return stack;
  const overrides = rawOverrides === undefined ? {} : r.object(rawOverrides, 'overrides', KINDS) ?? {};

  const sources: Source[] = [];
  let failed = false;
  const instances = modules === undefined ? [] : r.array(modules, 'modules') ?? [];
  const names = instances.map((m) => (isModuleInstance(m) ? m.__stackfileModule.module : undefined));
  instances.forEach((item, i) => {
    const path = `modules[${i}]`;
    if (!isModuleInstance(item)) {
      const factory = typeof item === 'function' ? ((item as { moduleName?: string }).moduleName ?? item.name) : undefined;
      r.issue(path, `expected a module instance, got ${describe(item)}`, factory ? `call the module with its parameters: ${factory}({ ... })` : 'list what a module returns when called, e.g. modules: [postgres({ name: \'db\' })]');
      return;
    }
    const info = item.__stackfileModule;
    // The index tells two instances of one module apart.
    const label = `module ${info.module} (${names.filter((n) => n === info.module).length > 1 ? `${path}, ` : ''}${where(info, ctx)})`;
    if (info.error) {
      r.issue(path, `${label} ${info.error.message}`, info.error.hint);
      failed = true;
      return;
    }
    const definition = info.definition ?? {};
    r.object(definition, path, DEFINITION_KEYS);
    const resources: Record<string, unknown> = {};
    for (const kind of KINDS) {
      const value = kind === 'services' ? rebaseServices(definition[kind], info.dir) : definition[kind];
      if (value !== undefined) resources[kind] = r.object(value, `${path}.${kind}`) ?? {};
    }
    sources.push({ label, module: info.module, resources });
  });
  if (failed) return undefined;
  sources.push({ label: ctx.file ? basename(ctx.file) : 'the stack', resources: stack });

  const merged: Record<string, unknown> = { ...stack };
  for (const kind of KINDS) {
    // A stack whose own value is malformed keeps it, for the normaliser to report.
    if (stack[kind] !== undefined && !isPlainObject(stack[kind])) continue;
    const out = mergeKind(r, kind, sources, isPlainObject(overrides[kind]) ? overrides[kind] : {});
    if (Object.keys(out).length > 0 || stack[kind] !== undefined) merged[kind] = out;
  }
  return merged;
}

type Source = { label: string; module?: string; resources: Record<string, unknown> };

/** One kind of resource (services, volumes or networks) from every source, checked for collisions, overridden. */
function mergeKind(r: Reader, kind: string, sources: Source[], explicit: Record<string, unknown>): Record<string, unknown> {
  const owners = new Map<string, Source>();
  let out: Record<string, unknown> = {};
  for (const source of sources) {
    const defined = source.resources[kind];
    if (!isPlainObject(defined)) continue;
    for (const [key, value] of Object.entries(defined)) {
      const owner = owners.get(key);
      if (owner === undefined) {
        owners.set(key, source);
        out[key] = value;
      } else if (key in explicit) {
        out[key] = deepMerge(out[key], value);
      } else {
        const module = source.module ?? owner.module;
        r.issue(join(kind, key), `defined by ${owner.label} and by ${source.label}`, `rename one of them${module ? ` (a module usually takes a name: ${module}({ name: 'other' }))` : ''}, or list ${join(kind, key)} in overrides to merge the definitions on purpose`);
      }
    }
  }
  for (const [key, value] of Object.entries(explicit)) {
    if (owners.has(key)) out = deepMerge(out, { [key]: value });
    else r.issue(join(join('overrides', kind), key), `neither a module nor the stack defines ${join(kind, key)}, so there is nothing to override`, didYouMean(key, [...owners.keys()]) ?? `${kind} are: ${[...owners.keys()].join(', ') || 'none'}`);
  }
  return out;
}

/** A module's file as the user finds it: relative to stack.ts's folder when that is short, else absolute. */
function where(info: ModuleInstanceInfo, ctx: ComposeContext): string {
  if (!info.file) return info.dir;
  const rel = relative(ctx.dir, info.file);
  if (rel.split(sep).filter((part) => part === '..').length > 3) return info.file;
  return rel.startsWith('..') ? rel : `./${rel}`;
}
