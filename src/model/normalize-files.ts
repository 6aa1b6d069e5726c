/**
 * Compose's top-level `secrets` and `configs`, and the services' lists that name them (`secrets: ['db_password']`,
 * `configs: [{ source: 'nginx_conf', target: '/etc/nginx/nginx.conf' }]`). Both become files copied into the
 * container before it starts; a secret's value stays masked everywhere, a config's text does not.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DesiredConfig, DesiredConfigSource, DesiredSecret, DesiredSecretSource } from './desired';
import { fileContent, type FileContent } from './file-content';
import type { ServiceContext } from './normalize-service';
import { isPlainObject } from './overlay';
import { Reader, describe, join } from './reader';
import { isSecret } from './secret';
import { didYouMean } from './suggest';
import type { Secret } from './types';
import { isValidName, nameProblem } from './names';

/** A top-level definition as validated: a value stackfile can read, or a Swarm object outside the stack. */
export type SecretDefinitionIn = { secret: Secret } | { external: string };
export type ConfigDefinitionIn = { file: string } | { content: string } | { environment: string } | { external: string };

/** Validates the top-level `secrets` (shape only: values are read when a service uses them, as Compose does). */
export function readSecretDefinitions(r: Reader, value: unknown): Record<string, SecretDefinitionIn> {
  const out: Record<string, SecretDefinitionIn> = {};
  if (value === undefined) return out;
  for (const [name, def] of Object.entries(r.object(value, 'secrets') ?? {})) {
    const path = join('secrets', name);
    if (!isValidName(name)) r.issue(path, nameProblem('secret', name).message, nameProblem('secret', name).hint);
    if (isSecret(def)) out[name] = { secret: def };
    else if (isPlainObject(def) && def.external !== undefined) {
      const ext = readExternal(r, def, path);
      if (ext !== undefined) out[name] = { external: ext ?? name };
    } else r.issue(path, `expected secret('VAR'), secret.file('./path'), secret.value(...) or { external: true }, got ${isPlainObject(def) ? 'an object' : describe(def)}`, "a plain value would be printed and stored like any other; wrap it: db_password: secret('DB_PASSWORD')");
  }
  return out;
}

/** Validates the top-level `configs`: each has exactly one of file, content, environment or external. */
export function readConfigDefinitions(r: Reader, value: unknown): Record<string, ConfigDefinitionIn> {
  const out: Record<string, ConfigDefinitionIn> = {};
  if (value === undefined) return out;
  for (const [name, def] of Object.entries(r.object(value, 'configs') ?? {})) {
    const path = join('configs', name);
    if (!isValidName(name)) r.issue(path, nameProblem('config', name).message, nameProblem('config', name).hint);
    const o = r.object(def, path, ['file', 'content', 'environment', 'external', 'name']);
    if (!o) continue;
    const given = (['file', 'content', 'environment', 'external'] as const).filter((k) => o[k] !== undefined);
    if (given.length !== 1) {
      r.issue(path, given.length ? `has ${given.join(' and ')}; a config takes exactly one source` : 'a config needs a source', "write { file: './app.conf' }, { content: '...' }, { environment: 'VAR' } or { external: true }");
      continue;
    }
    const [key] = given;
    if (key === 'external') {
      const ext = readExternal(r, o, path);
      if (ext !== undefined) out[name] = { external: ext ?? name };
    } else {
      const text = r.string(o[key], join(path, key));
      if (o.name !== undefined) r.issue(join(path, 'name'), 'name is only used with external: true');
      if (text !== undefined) out[name] = { [key]: text } as ConfigDefinitionIn;
    }
  }
  return out;
}

/** `{ external: true, name? }` → the external object's name (undefined when invalid, null for the key's own name). */
function readExternal(r: Reader, def: Record<string, unknown>, path: string): string | null | undefined {
  const o = r.object(def, path, ['external', 'name']);
  if (!o) return undefined;
  if (o.external !== true) {
    r.issue(join(path, 'external'), `expected true, got ${describe(o.external)}`, 'leave external out for a secret stackfile provides');
    return undefined;
  }
  return o.name === undefined ? null : r.string(o.name, join(path, 'name')) ?? undefined;
}

/** A service's `secrets: ['name', { source, target, uid, gid, mode }]`. */
export function readSecretRefs(r: Reader, value: unknown[], path: string, ctx: ServiceContext, readValue: (secret: Secret, path: string) => FileContent | undefined): DesiredSecret[] {
  const defs = ctx.secretDefs ?? {};
  const out: DesiredSecret[] = [];
  value.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const ref = readRef(r, item, p, '/run/secrets', Object.keys(defs), 'secrets');
    if (!ref || listedTwice(r, out, ref, p, 'secret')) return;
    const def = defs[ref.source];
    if ('external' in def) {
      if (ctx.allowExternal) out.push({ name: ref.source, target: ref.target, mode: ref.mode, uid: ref.uid, gid: ref.gid, value: '', source: { kind: 'external', name: def.external } });
      else externalIssue(r, p, 'secret', ref.source, "secrets: { NAME: secret('VAR') } or secret.file('./path')");
      return;
    }
    const v = readValue(def.secret, join('secrets', ref.source));
    if (v !== undefined) out.push({ name: ref.source, target: ref.target, mode: ref.mode, uid: ref.uid, gid: ref.gid, value: v.text, ...(v.binary && { binary: true }), source: secretSource(def.secret, ctx.dir) });
  });
  return out;
}

/** A service's `configs: ['name', { source, target, uid, gid, mode }]`; the text is read here. */
export function readConfigRefs(r: Reader, value: unknown, path: string, ctx: ServiceContext): DesiredConfig[] {
  const defs = ctx.configDefs ?? {};
  const out: DesiredConfig[] = [];
  (r.array(value, path) ?? []).forEach((item, i) => {
    const p = `${path}[${i}]`;
    const ref = readRef(r, item, p, '', Object.keys(defs), 'configs');
    if (!ref || listedTwice(r, out, ref, p, 'config')) return;
    const def = defs[ref.source];
    if ('external' in def) {
      if (ctx.allowExternal) out.push({ name: ref.source, target: ref.target, mode: ref.mode, uid: ref.uid, gid: ref.gid, content: '', source: { kind: 'external', name: def.external } });
      else externalIssue(r, p, 'config', ref.source, "configs: { NAME: { file: './path' } } or { content: '...' }");
      return;
    }
    const at = join('configs', ref.source);
    let content: string | undefined;
    let binary: true | undefined;
    let source: DesiredConfigSource;
    if ('file' in def) {
      const file = resolve(ctx.dir, def.file);
      source = { kind: 'file', path: file };
      try {
        ctx.inputs?.add(file);
        ({ text: content, binary } = fileContent(readFileSync(file)));
      } catch (err) {
        r.issue(join(at, 'file'), `cannot read config file ${def.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'paths are relative to the folder of stack.ts');
      }
    } else if ('environment' in def) {
      source = { kind: 'environment', name: def.environment };
      content = ctx.vars[def.environment];
      if (content === undefined) r.issue(join(at, 'environment'), `config variable ${def.environment} is not set`, 'set it in the environment or in .env / .env.local / .env.<env> next to stack.ts');
    } else {
      source = { kind: 'content' };
      content = def.content;
    }
    if (content !== undefined) out.push({ name: ref.source, target: ref.target, mode: ref.mode, uid: ref.uid, gid: ref.gid, content, ...(binary && { binary }), source });
  });
  checkTargets(r, out, path, 'config');
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Where a `secret(...)` marker's value comes from, for exporters (a file's path made absolute). */
export function secretSource(secret: Secret, dir: string): DesiredSecretSource {
  const s = secret.source;
  return s.kind === 'var' ? { kind: 'var', name: s.name } : s.kind === 'file' ? { kind: 'file', path: resolve(dir, s.path) } : { kind: 'value' };
}

/** Two files at one path: the second would silently replace the first. */
export function checkTargets(r: Reader, files: { name: string; target: string }[], path: string, kind: 'secret' | 'config'): void {
  const seen = new Map<string, string>();
  for (const f of files) {
    if (seen.has(f.target)) r.issue(join(path, f.name), `target ${f.target} is also used by ${kind} ${seen.get(f.target)}`);
    seen.set(f.target, f.name);
  }
}

interface Ref {
  source: string;
  target: string;
  mode: number;
  uid: number;
  gid: number;
}

/** One entry of a service's list; `folder` is where a bare or relative target goes (Compose's defaults). */
function readRef(r: Reader, item: unknown, path: string, folder: string, known: string[], kind: 'secrets' | 'configs'): Ref | undefined {
  const o = typeof item === 'string' ? { source: item } : r.object(item, path, ['source', 'target', 'uid', 'gid', 'mode']);
  if (!o) return undefined;
  const sourcePath = typeof item === 'string' ? path : join(path, 'source');
  const source = r.string(o.source, sourcePath);
  if (source === undefined) return undefined;
  if (!known.includes(source)) {
    r.issue(sourcePath, `${kind === 'secrets' ? 'secret' : 'config'} "${source}" is not declared in the top-level ${kind}`, didYouMean(source, known) ?? `add ${kind}: { ${source}: ${kind === 'secrets' ? "secret('VAR')" : "{ file: './path' }"} }`);
    return undefined;
  }
  let target = `${folder}/${source}`;
  if (o.target !== undefined) {
    const t = r.string(o.target, join(path, 'target'));
    if (t !== undefined && (t === '' || t.split('/').includes('..') || t.endsWith('/'))) r.issue(join(path, 'target'), `target must be a file path without "..", got "${t}"`, `e.g. ${folder}/${source}`);
    else if (t !== undefined) target = t.startsWith('/') ? t : `${folder}/${t}`;
  }
  const id = (key: 'uid' | 'gid') => {
    const v = o[key];
    if (v === undefined) return 0;
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    return r.integer(n, join(path, key), 0) ?? 0;
  };
  const mode = o.mode === undefined ? 0o444 : r.integer(o.mode, join(path, 'mode'), 0) ?? 0o444;
  return { source, target, mode, uid: id('uid'), gid: id('gid') };
}

/** Files are keyed by source name (in plans and the applied spec), so one source goes to one path. */
function listedTwice(r: Reader, out: { name: string }[], ref: Ref, path: string, kind: string): boolean {
  if (!out.some((f) => f.name === ref.source)) return false;
  r.issue(path, `${kind} "${ref.source}" is listed twice`, `list it once; to have the file at a second path, define a second ${kind} with the same source`);
  return true;
}

function externalIssue(r: Reader, path: string, kind: string, name: string, hint: string): void {
  r.issue(path, `${kind} "${name}" is external: it exists only on Docker Swarm, and this stack runs containers on a single host`, `give it a value stackfile copies in: ${hint}`);
}
