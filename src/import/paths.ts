/**
 * The paths a compose file holds (build contexts, bind mounts, env files, secret and config files) are relative to
 * the file they came from, or to the project folder for `-f` overrides, as Compose reads them. The importer makes
 * them absolute while loading (so files from different folders merge), then relative to stack.ts when writing.
 */
import { homedir } from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isPlainObject } from '../model/overlay';

type Dict = Record<string, unknown>;

/** A relative host path (`./data`, `../x`, `data/x` for files) made absolute against `dir`; `~` is the home folder. */
export function absolute(path: string, dir: string): string {
  if (path.startsWith('~/') || path === '~') return resolve(homedir(), path.slice(2));
  // A path starting with a variable (`${DATA_DIR}/x`) is left for the variable to decide.
  if (path.startsWith('$') || isAbsolute(path)) return path;
  return resolve(dir, path);
}

/** An absolute path written relative to stack.ts's folder, `./`-prefixed like the paths Compose users write. */
export function relativeTo(path: string, dir: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(dir, path).split(sep).join('/');
  if (rel === '') return '.';
  if (rel.startsWith('../') || rel === '..') return rel;
  if (isAbsolute(rel)) return path;
  return `./${rel}`;
}

/** A build context may be a URL (git repository, tarball), which is not a path. */
function isRemote(context: string): boolean {
  return /^[a-z]+:\/\/|^git@|^github\.com\//.test(context);
}

/** Compose's rule for the short form: a bind mount's source starts with `.`, `/` or `~`; otherwise it names a volume. */
export function isHostPath(source: string): boolean {
  return /^[./~]/.test(source) || source.startsWith('$');
}

/** A service with its host paths made absolute against `dir`. */
export function absoluteService(svc: Dict, dir: string): Dict {
  const out: Dict = { ...svc };
  if (typeof svc.build === 'string') out.build = isRemote(svc.build) ? svc.build : absolute(svc.build, dir);
  else if (isPlainObject(svc.build) && typeof svc.build.context === 'string') out.build = { ...svc.build, context: isRemote(svc.build.context) ? svc.build.context : absolute(svc.build.context, dir) };
  else if (isPlainObject(svc.build)) out.build = { ...svc.build, context: dir };
  if (svc.env_file !== undefined && svc.env_file !== null) {
    const files = Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file];
    const abs = files.map((f) => (typeof f === 'string' ? absolute(f, dir) : isPlainObject(f) && typeof f.path === 'string' ? { ...f, path: absolute(f.path, dir) } : f));
    out.env_file = Array.isArray(svc.env_file) ? abs : abs[0];
  }
  if (Array.isArray(svc.volumes)) out.volumes = svc.volumes.map((v) => absoluteMount(v, dir));
  if (isPlainObject(svc.extends) && typeof svc.extends.file === 'string') out.extends = { ...svc.extends, file: absolute(svc.extends.file, dir) };
  return out;
}

function absoluteMount(v: unknown, dir: string): unknown {
  if (typeof v === 'string') {
    const i = v.indexOf(':');
    if (i < 0) return v;
    const source = v.slice(0, i);
    return isHostPath(source) && !source.startsWith('$') ? `${absolute(source, dir)}${v.slice(i)}` : v;
  }
  if (isPlainObject(v) && v.type === 'bind' && typeof v.source === 'string') return { ...v, source: absolute(v.source, dir) };
  return v;
}

/** Top-level secrets and configs with their `file:` made absolute. */
export function absoluteFiles(defs: unknown, dir: string): unknown {
  if (!isPlainObject(defs)) return defs;
  return Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, isPlainObject(d) && typeof d.file === 'string' ? { ...d, file: absolute(d.file, dir) } : d]));
}
