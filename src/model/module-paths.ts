import { isAbsolute, resolve } from 'node:path';
import { isPlainObject } from './overlay';
import { isSecret, secret } from './secret';

/**
 * A module's services with their relative paths made absolute against the module's folder, so a module published in
 * a package or kept in another repo finds its build contexts, bind-mounted folders, env files, watched paths and
 * secret files where it lives, not next to the stack.ts that uses it. Everything else is left as written (the
 * normaliser validates it); the input is not mutated.
 */
export function rebaseServices(services: unknown, dir: string): unknown {
  if (!isPlainObject(services)) return services;
  return Object.fromEntries(Object.entries(services).map(([name, spec]) => [name, rebaseService(spec, dir)]));
}

function rebaseService(spec: unknown, dir: string): unknown {
  if (!isPlainObject(spec)) return spec;
  const s: Record<string, unknown> = rebaseSecrets(spec, dir) as Record<string, unknown>;
  const abs = (p: unknown) => (typeof p === 'string' && p !== '' && !isAbsolute(p) && !p.startsWith('~') ? resolve(dir, p) : p);
  if (typeof s.build === 'string') s.build = abs(s.build);
  else if (isPlainObject(s.build)) s.build = { ...s.build, context: abs(s.build.context) };
  if (typeof s.envFile === 'string') s.envFile = abs(s.envFile);
  else if (Array.isArray(s.envFile)) s.envFile = s.envFile.map((f) => (isPlainObject(f) ? { ...f, path: abs(f.path) } : abs(f)));
  if (Array.isArray(s.volumes)) s.volumes = s.volumes.map((v) => rebaseMount(v, abs));
  if (Array.isArray(s.watch)) s.watch = s.watch.map((w) => (isPlainObject(w) ? { ...w, path: abs(w.path) } : w));
  return s;
}

/** `./data:/data:ro` and `{ type: 'bind', source: './data' }` are bind mounts; `name:/path` is a named volume. */
function rebaseMount(mount: unknown, abs: (p: unknown) => unknown): unknown {
  if (typeof mount === 'string') {
    // The same test the normaliser uses to tell a bind mount's host path from a volume name.
    if (!mount.startsWith('.')) return mount;
    const colon = mount.indexOf(':');
    return colon < 0 ? mount : `${abs(mount.slice(0, colon)) as string}${mount.slice(colon)}`;
  }
  if (isPlainObject(mount) && mount.type === 'bind') return { ...mount, source: abs(mount.source) };
  return mount;
}

/** A copy with every `secret.file('./relative')` marker, at any depth, replaced by one with an absolute path. */
function rebaseSecrets(value: unknown, dir: string): unknown {
  if (isSecret(value)) {
    const source = value.source;
    return source.kind === 'file' && !isAbsolute(source.path) ? secret.file(resolve(dir, source.path)) : value;
  }
  if (Array.isArray(value)) return value.map((v) => rebaseSecrets(v, dir));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebaseSecrets(v, dir)]));
  return value;
}
