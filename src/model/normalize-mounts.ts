/**
 * A service's mounts: the short form `'source:target[:options]'` and the long form, with the options Compose gives
 * them (read-only, SELinux relabelling, nocopy), resolved to absolute host paths and daemon volume names.
 */
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { DesiredMount } from './desired';
import type { ServiceContext } from './normalize-service';
import { readBytes } from './read-units';
import { Reader, join } from './reader';
import { didYouMean } from './suggest';

// cached, delegated and consistent tuned Docker Desktop for Mac's file sharing; an engine on Linux has nothing to tune.
const MOUNT_OPTIONS = ['ro', 'rw', 'z', 'Z', 'cached', 'delegated', 'consistent', 'nocopy'];

export function readMount(r: Reader, value: unknown, path: string, ctx: ServiceContext): DesiredMount | undefined {
  if (typeof value === 'string') return readShortMount(r, value, path, ctx);
  const m = r.object(value, path, ['type', 'source', 'target', 'readOnly', 'tmpfsSize', 'bind', 'volume']);
  if (!m) return undefined;
  const type = r.oneOf(m.type, join(path, 'type'), ['volume', 'bind', 'tmpfs'] as const);
  const target = r.string(m.target, join(path, 'target'));
  const source = m.source === undefined ? '' : r.string(m.source, join(path, 'source')) ?? '';
  const readOnly = m.readOnly === undefined ? false : r.boolean(m.readOnly, join(path, 'readOnly')) ?? false;
  const tmpfsSize = m.tmpfsSize === undefined ? undefined : readBytes(r, m.tmpfsSize, join(path, 'tmpfsSize'));
  const options: MountOptions = {};
  for (const [key, owner] of [['bind', 'bind'], ['volume', 'volume']] as const) {
    if (m[key] !== undefined && type !== undefined && type !== owner) r.issue(join(path, key), `${key} options apply to type: '${owner}', and this mount is a ${type}`, `drop ${key}, or make the mount type: '${owner}'`);
  }
  const bind = m.bind === undefined ? undefined : r.object(m.bind, join(path, 'bind'), ['selinux']);
  if (bind?.selinux !== undefined) options.selinux = r.oneOf(bind.selinux, join(join(path, 'bind'), 'selinux'), ['z', 'Z'] as const);
  const volume = m.volume === undefined ? undefined : r.object(m.volume, join(path, 'volume'), ['nocopy']);
  if (volume?.nocopy !== undefined && r.boolean(volume.nocopy, join(join(path, 'volume'), 'nocopy'))) options.nocopy = true;
  if (!type || target === undefined) return undefined;
  if (type === 'bind' && !source) r.issue(join(path, 'source'), 'a bind mount needs a source path');
  return mount(r, type, source, target, readOnly, path, ctx, { ...options, tmpfsSize });
}

function readShortMount(r: Reader, text: string, path: string, ctx: ServiceContext): DesiredMount | undefined {
  const parts = text.split(':');
  if (parts.length === 1) return mount(r, 'volume', '', parts[0], false, path, ctx);
  if (parts.length > 3) {
    r.issue(path, `"${text}" has too many ":"`, "write it like 'name:/path', './dir:/path' or './dir:/path:ro'");
    return undefined;
  }
  const [source, target, optionText = ''] = parts;
  const opts = optionText ? optionText.split(',') : [];
  for (const o of opts) if (!MOUNT_OPTIONS.includes(o)) r.issue(path, `unknown mount option "${o}"`, didYouMean(o, MOUNT_OPTIONS) ?? 'use ro or rw');
  const isPath = /^(\.|\/|~)/.test(source);
  const selinux = opts.filter((o): o is 'z' | 'Z' => o === 'z' || o === 'Z');
  if (selinux.length > 1) r.issue(path, `"${text}" has more than one SELinux option (${selinux.join(', ')})`, 'keep z (shared with other containers) or Z (private to this one)');
  if (isPath && opts.includes('nocopy')) r.issue(path, 'nocopy applies to volumes, and this is a bind mount', 'drop nocopy: a bind mount never copies the image\'s files');
  const options: MountOptions = { ...(selinux.length ? { selinux: selinux[0] } : {}), ...(opts.includes('nocopy') ? { nocopy: true } : {}) };
  return mount(r, isPath ? 'bind' : 'volume', source, target, opts.includes('ro'), path, ctx, options);
}

type MountOptions = Pick<DesiredMount, 'tmpfsSize' | 'selinux' | 'nocopy'>;

function mount(r: Reader, type: DesiredMount['type'], source: string, target: string, readOnly: boolean, path: string, ctx: ServiceContext, options: MountOptions = {}): DesiredMount {
  if (!target.startsWith('/')) r.issue(path, `mount target "${target}" must be an absolute path in the container`);
  let resolved = source;
  if (type === 'bind') resolved = source.startsWith('~') ? homedir() + source.slice(1) : isAbsolute(source) ? source : resolve(ctx.dir, source);
  if (type === 'volume' && source) {
    if (ctx.volumeNames[source] === undefined) {
      r.issue(path, `volume "${source}" is not declared in the top-level volumes`, didYouMean(source, Object.keys(ctx.volumeNames)) ?? `add volumes: { ${source}: {} }`);
    } else resolved = ctx.volumeNames[source];
  }
  const { tmpfsSize, selinux, nocopy } = options;
  return { type, source: type === 'tmpfs' ? '' : resolved, target, readOnly, ...(tmpfsSize === undefined ? {} : { tmpfsSize }), ...(selinux ? { selinux } : {}), ...(nocopy ? { nocopy } : {}) };
}
