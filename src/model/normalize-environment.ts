/**
 * The parts of a service that carry values from outside stack.ts: `environment` (with `envFile`) and `secrets`,
 * and where a secret's value comes from. Split from normalize-service.ts, which reads the rest.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DesiredSecret, DesiredSecretSource } from './desired';
import { parseEnvFile } from './env-file';
import { fileContent, type FileContent } from './file-content';
import { checkTargets, readSecretRefs, secretSource } from './normalize-files';
import type { ServiceContext } from './normalize-service';
import { isPlainObject } from './overlay';
import { Reader, join } from './reader';
import { isSecret } from './secret';
import type { Secret } from './types';
import { isValidName, nameProblem } from './names';

/** A secret's content from its source; a missing variable or unreadable file is an issue at `path`. */
export function readSecretContent(r: Reader, secret: Secret, path: string, ctx: ServiceContext): FileContent | undefined {
  const source = secret.source;
  if (source.kind === 'value') return { text: source.value };
  if (ctx.skipSecretValues) return { text: '' };
  if (source.kind === 'var') {
    const value = ctx.vars[source.name];
    if (value === undefined) r.issue(path, `secret variable ${source.name} is not set`, `set it in the environment or in .env / .env.local / .env.<env> next to stack.ts`);
    return value === undefined ? undefined : { text: value };
  }
  try {
    const file = resolve(ctx.dir, source.path);
    ctx.inputs?.add(file);
    return fileContent(readFileSync(file));
  } catch (err) {
    r.issue(path, `cannot read secret file ${source.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'paths are relative to the folder of stack.ts');
    return undefined;
  }
}

/** A secret's value as text, for an environment variable: a file that is not UTF-8 text cannot be one. */
export function readSecret(r: Reader, secret: Secret, path: string, ctx: ServiceContext): string | undefined {
  const content = readSecretContent(r, secret, path, ctx);
  if (!content?.binary) return content?.text;
  const file = (secret.source as { path: string }).path;
  r.issue(path, `secret file ${file} is not UTF-8 text, which an environment variable cannot hold`, 'mount it as a file instead: secrets: { NAME: secret.file(...) } puts its exact bytes at /run/secrets/NAME');
  return undefined;
}


export function readSecrets(r: Reader, value: unknown, path: string, ctx: ServiceContext): DesiredSecret[] {
  // Compose's list form names top-level secrets.
  const out: DesiredSecret[] = Array.isArray(value) ? readSecretRefs(r, value, path, ctx, (secret, p) => readSecretContent(r, secret, p, ctx)) : [];
  for (const [name, spec] of Object.entries(Array.isArray(value) ? {} : r.object(value, path) ?? {})) {
    const p = join(path, name);
    if (!isValidName(name)) r.issue(p, nameProblem('secret', name).message, nameProblem('secret', name).hint);
    const file = isSecret(spec) ? { source: spec as unknown, sourcePath: p, target: `/run/secrets/${name}`, mode: 0o444, uid: 0, gid: 0 } : readSecretLongForm(r, spec, p, name);
    if (!file) continue;
    if (!isSecret(file.source)) {
      notASecret(r, file.sourcePath, file.source, "secret('VAR'), secret.file('./path') or secret.value(...)");
      continue;
    }
    const v = readSecretContent(r, file.source, file.sourcePath, ctx);
    if (v !== undefined) out.push({ name, target: file.target, mode: file.mode, uid: file.uid, gid: file.gid, value: v.text, ...(v.binary && { binary: true }), source: secretSource(file.source, ctx.dir) });
  }
  checkTargets(r, out, path, 'secret');
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** `{ source, target, mode, uid, gid }`, with the defaults for what is left out. */
function readSecretLongForm(r: Reader, spec: unknown, p: string, name: string) {
  if (!isPlainObject(spec)) {
    notASecret(r, p, spec, "secret('VAR'), secret.file('./path'), secret.value(...) or { source, target, mode }");
    return undefined;
  }
  const o = r.object(spec, p, ['source', 'target', 'mode', 'uid', 'gid']);
  if (!o) return undefined;
  let target = `/run/secrets/${name}`;
  if (o.target !== undefined) {
    const t = r.string(o.target, join(p, 'target'));
    if (t !== undefined && (!t.startsWith('/') || t.split('/').includes('..') || t.endsWith('/'))) r.issue(join(p, 'target'), `target must be an absolute file path without "..", got "${t}"`, `e.g. /run/secrets/${name}`);
    else if (t !== undefined) target = t;
  }
  const int = (key: string, fallback: number) => (o[key] === undefined ? fallback : r.integer(o[key], join(p, key), 0) ?? fallback);
  return { source: o.source, sourcePath: join(p, 'source'), target, mode: int('mode', 0o444), uid: int('uid', 0), gid: int('gid', 0) };
}

function notASecret(r: Reader, path: string, value: unknown, expected: string): void {
  r.issue(path, `expected ${expected}, got ${typeof value === 'string' ? 'a plain string' : typeof value}`, "a plain string would be stored and printed like any value; wrap it: secret('DB_PASSWORD')");
}

export function readEnvironment(r: Reader, s: Record<string, unknown>, path: string, ctx: ServiceContext) {
  const environment: Record<string, string> = {};
  const secretEnv: string[] = [];
  const secretEnvSources: Record<string, DesiredSecretSource> = {};
  const envFiles: { path: string; required: boolean }[] = [];
  const fromFiles = new Map<string, number>();
  for (const f of readEnvFileList(r, s.envFile, join(path, 'envFile'))) {
    const file = resolve(ctx.dir, f.path);
    envFiles.push({ path: file, required: f.required });
    // Watched even when missing and optional: creating it changes the environment, so `stack dev` reloads.
    ctx.inputs?.add(file);
    try {
      const values = parseEnvFile(readFileSync(file, 'utf8'), ctx.vars);
      Object.assign(environment, values);
      for (const k of Object.keys(values)) fromFiles.set(k, envFiles.length - 1);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // Compose's `required: false`: a file that is not there is skipped (any other failure is still reported).
      if (!f.required && code === 'ENOENT') continue;
      r.issue(f.at, `cannot read env file ${f.path}: ${code ?? (err as Error).message}`, code === 'ENOENT' ? `paths are relative to the folder of stack.ts; if the file is optional, write { path: '${f.path}', required: false }` : 'paths are relative to the folder of stack.ts');
    }
  }
  const envPath = join(path, 'environment');
  if (Array.isArray(s.environment)) {
    s.environment.forEach((item, i) => {
      const text = r.string(item, `${envPath}[${i}]`);
      if (text === undefined) return;
      const eq = text.indexOf('=');
      // The daemon refuses a variable without a name when the container is created; say it here, with the path.
      if (eq === 0 || text.trim() === '') r.issue(`${envPath}[${i}]`, `expected "NAME=value" or "NAME", got "${text}"`, 'a variable needs a name before the "="');
      // A bare `NAME` takes its value from the loaded variables, as Compose takes it from the shell.
      else if (eq < 0) {
        const v = ctx.vars[text];
        if (v !== undefined) environment[text] = v;
        fromFiles.delete(text);
      } else {
        environment[text.slice(0, eq)] = text.slice(eq + 1);
        fromFiles.delete(text.slice(0, eq));
      }
    });
  } else if (s.environment !== undefined) {
    const obj = r.object(s.environment, envPath);
    for (const [k, v] of Object.entries(obj ?? {})) {
      fromFiles.delete(k);
      if (v === null) delete environment[k];
      else if (isSecret(v)) {
        const value = readSecret(r, v, join(envPath, k), ctx);
        if (value !== undefined) environment[k] = value;
        secretEnv.push(k);
        secretEnvSources[k] = secretSource(v, ctx.dir);
      } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') environment[k] = String(v);
      else r.issue(join(envPath, k), `expected a string, number, boolean, secret(...) or null, got ${typeof v}`);
    }
  }
  return {
    environment,
    secretEnv: secretEnv.sort(),
    ...(secretEnv.length ? { secretEnvSources } : {}),
    ...(envFiles.length ? { envFiles: { files: envFiles, from: Object.fromEntries([...fromFiles].filter(([k]) => k in environment).sort(([a], [b]) => (a < b ? -1 : 1))) } } : {}),
  };
}

/** `envFile`: a path, or a list of paths and `{ path, required }` entries (Compose's long form). */
function readEnvFileList(r: Reader, value: unknown, path: string): { path: string; required: boolean; at: string }[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [{ path: value, required: true, at: path }];
  return (r.array(value, path) ?? []).flatMap((item, i) => {
    const at = `${path}[${i}]`;
    if (typeof item === 'string') return [{ path: item, required: true, at }];
    const o = r.object(item, at, ['path', 'required']);
    const file = o && r.string(o.path, join(at, 'path'));
    const required = o?.required === undefined ? true : r.boolean(o.required, join(at, 'required'));
    return file === undefined || required === undefined ? [] : [{ path: file, required, at: join(at, 'path') }];
  });
}
