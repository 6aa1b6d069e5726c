/**
 * The paths a compose file holds (build contexts, bind mounts, env files, secret and config files) are relative to
 * the file they came from, or to the project folder for `-f` overrides, as Compose reads them. The importer rebases
 * the relative ones onto stack.ts's folder while loading (so files from different folders merge, and stack.ts reads
 * them from where it is); a path the author wrote absolute, or from the home folder (`~/x`), is kept as written,
 * because it names the same place wherever the project is copied to.
 */
import { homedir } from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isPlainObject } from '../model/overlay';
import { Code } from './code';
import { quote } from './interpolate';

type Dict = Record<string, unknown>;

/** A path the importer itself opens (`include`, `extends.file`), made absolute against `dir`; `~` is the home folder. */
export function absolute(path: string, dir: string): string {
  if (path.startsWith('~/') || path === '~') return resolve(homedir(), path.slice(2));
  // A path starting with a variable (`${DATA_DIR}/x`) is left for the variable to decide.
  if (path.startsWith('$') || isAbsolute(path)) return path;
  return resolve(dir, path);
}

/** Where paths written into stack.ts are taken from (`dir`, the compose file's folder) and go (`outDir`, stack.ts's). */
export interface Rebase {
  dir: string;
  outDir: string;
}

/**
 * A relative host path (`./data`, `../x`, `data/x` for files) written relative to stack.ts's folder, `./`-prefixed
 * like the paths Compose users write. Absolute, `~` and `${VAR}` paths are returned as written.
 */
export function rebase(path: string, { dir, outDir }: Rebase): string {
  if (path.startsWith('$') || path.startsWith('~') || isAbsolute(path)) return path;
  const rel = relative(outDir, resolve(dir, path)).split(sep).join('/');
  if (rel === '') return '.';
  if (rel.startsWith('../') || rel === '..') return rel;
  if (isAbsolute(rel)) return rel;
  return `./${rel}`;
}

/**
 * A path for a key the model reads relative to stack.ts without expanding `~` (build context, env file, secret
 * and config files; bind mounts do expand it): `~/x` becomes code that reads the home folder of whoever runs
 * stack, as Compose expands it for whoever runs compose.
 */
export function writtenPath(path: string): string | Code {
  if (path !== '~' && !path.startsWith('~/')) return path;
  const rest = path.slice(2);
  return new Code(rest ? `join(homedir(), ${quote(rest)})` : 'homedir()', { home: true });
}

/** A build context may be a URL (git repository, tarball), which is not a path. */
function isRemote(context: string): boolean {
  return /^[a-z]+:\/\/|^git@|^github\.com\//.test(context);
}

/** Compose's rule for the short form: a bind mount's source starts with `.`, `/` or `~`; otherwise it names a volume. */
export function isHostPath(source: string): boolean {
  return /^[./~]/.test(source) || source.startsWith('$');
}

/** A service with its relative host paths rebased onto stack.ts's folder; `extends.file` made absolute, to be read. */
export function rebaseService(svc: Dict, to: Rebase): Dict {
  const out: Dict = { ...svc };
  if (typeof svc.build === 'string') out.build = isRemote(svc.build) ? svc.build : rebase(svc.build, to);
  else if (isPlainObject(svc.build) && typeof svc.build.context === 'string') out.build = { ...svc.build, context: isRemote(svc.build.context) ? svc.build.context : rebase(svc.build.context, to) };
  else if (isPlainObject(svc.build)) out.build = { ...svc.build, context: rebase('.', to) };
  if (svc.env_file !== undefined && svc.env_file !== null) {
    const files = Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file];
    const rebased = files.map((f) => (typeof f === 'string' ? rebase(f, to) : isPlainObject(f) && typeof f.path === 'string' ? { ...f, path: rebase(f.path, to) } : f));
    out.env_file = Array.isArray(svc.env_file) ? rebased : rebased[0];
  }
  if (Array.isArray(svc.volumes)) out.volumes = svc.volumes.map((v) => rebaseMount(v, to));
  if (isPlainObject(svc.develop) && Array.isArray(svc.develop.watch)) {
    out.develop = { ...svc.develop, watch: svc.develop.watch.map((w) => (isPlainObject(w) && typeof w.path === 'string' ? { ...w, path: rebase(w.path, to) } : w)) };
  }
  if (isPlainObject(svc.extends) && typeof svc.extends.file === 'string') out.extends = { ...svc.extends, file: absolute(svc.extends.file, to.dir) };
  return out;
}

function rebaseMount(v: unknown, to: Rebase): unknown {
  if (typeof v === 'string') {
    const i = v.indexOf(':');
    if (i < 0) return v;
    const source = v.slice(0, i);
    return isHostPath(source) ? `${rebase(source, to)}${v.slice(i)}` : v;
  }
  if (isPlainObject(v) && v.type === 'bind' && typeof v.source === 'string') return { ...v, source: rebase(v.source, to) };
  return v;
}

/** Top-level secrets and configs with their relative `file:` rebased onto stack.ts's folder. */
export function rebaseFiles(defs: unknown, to: Rebase): unknown {
  if (!isPlainObject(defs)) return defs;
  return Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, isPlainObject(d) && typeof d.file === 'string' ? { ...d, file: rebase(d.file, to) } : d]));
}
