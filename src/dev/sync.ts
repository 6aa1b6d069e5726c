import { lstat } from 'node:fs/promises';
import { basename, dirname, join, posix, sep } from 'node:path';
import { pack, type Headers } from 'tar-fs';
import type { DockerClient } from '../docker/client';
import { DockerError } from '../errors';
import type { DesiredWatchRule } from '../model/desired';
import { execCollecting } from './exec-collecting';
import type { SyncSessions, SyncTarget } from './sync-sessions';

export type { SyncTarget } from './sync-sessions';

export interface SyncResult {
  /** Container paths copied (a folder counts once, with what is in it). */
  copied: string[];
  /** Container paths deleted. */
  deleted: string[];
  /** What could not be done, one line each ("no rm in the image"). */
  problems: string[];
}

export interface SyncOptions {
  client: DockerClient;
  /** Every replica of the service. */
  containers: SyncTarget[];
  rule: DesiredWatchRule;
  /** Changed paths relative to the rule's path; `''` is the whole of it (an initial sync). */
  rels: string[];
  /** The rule's ignore filter, for what a copied folder holds. */
  ignored: (rel: string) => boolean;
  /** The session's memory of what it deleted, so one folder deletion is not done and reported twice. */
  recent?: RecentDeletions;
  /** The fast path into running containers; without it (or where it cannot run) the Engine API is used. */
  sessions?: SyncSessions;
}

/**
 * Brings the container side of one sync rule up to date for the paths that changed. What exists on the host now
 * is packed as one tar and sent to every replica: through its sync session when it has one (a write to an open
 * connection), else through the Engine API's archive upload, which needs no shell in the image and works on
 * stopped containers. Folders and symlinks are copied as what they are; a symlink is never followed, so nothing
 * outside the watched path is read. What no longer exists is deleted.
 */
export async function syncPaths(o: SyncOptions): Promise<SyncResult> {
  const { client, containers, rule, rels, ignored, recent, sessions } = o;
  const result: SyncResult = { copied: [], deleted: [], problems: [] };
  if (!rule.target || containers.length === 0) return result;
  let fileRule = false;
  let copy: string[] = [];
  let remove: string[] = [];
  let packed: { base: string; tar: Buffer } | undefined;
  // A path can vanish between looking and packing (an editor's temp file, a build step), or grow or shrink while
  // it is read (tar-fs: "Size mismatch", a file being saved again): look again. Giving up would drop the batch's
  // other files, which no later event brings back.
  for (let attempt = 1; ; attempt++) {
    fileRule = !(await isDirectory(rule.path));
    copy = [];
    remove = [];
    for (const rel of outermost(fileRule ? [''] : rels)) (await exists(hostPath(rule.path, rel)) ? copy : remove).push(rel);
    try {
      packed = copy.length ? await archive(rule, fileRule, copy, ignored) : undefined;
      break;
    } catch (err) {
      const changing = (err as NodeJS.ErrnoException).code === 'ENOENT' || (err as Error).message === 'Size mismatch';
      if (!changing || attempt >= 5) throw err;
    }
  }
  if (packed) {
    const { base, tar } = packed;
    await Promise.all(containers.map(async (c) => {
      const fast = await sessions?.extract(c, base, tar);
      if (fast?.code === 0) return;
      // tar in the image refused (a read-only folder, an odd tar): the Engine API says it its own way, or succeeds.
      if (fast) result.problems.push(`${c.name}: tar in the container failed (${fast.output || `exit ${fast.code}`}); copied through the Engine API instead`);
      await putCreatingBase(client, c.id, base, tar);
    }));
    result.copied.push(...copy.map((rel) => containerPath(rule.target!, rel)));
    recent?.forget(result.copied);
  }
  // The rule's own target is never deleted: a missing or renamed watched path must not wipe the container's copy.
  // Deleting a folder reaches the watcher as several batches (the folder, then what it held); what an earlier
  // batch already removed with its folder is neither removed nor reported again.
  const doomed = remove.filter((rel) => rel !== '').map((rel) => containerPath(rule.target!, rel)).filter((p) => !recent?.covers(p));
  if (doomed.length) {
    // The Engine API can add files to a container but has no call to delete one: deletions run `rm` in each running
    // replica, through its session or else a one-off exec. An image without rm keeps the file (reported); a stopped
    // replica keeps it until it is recreated.
    await Promise.all(
      containers.filter((c) => c.running).map(async (c) => {
        const { code, output } = (await sessions?.remove(c, doomed)) ?? (await execCollecting(client, c.id, ['rm', '-rf', '--', ...doomed]));
        if (code !== 0) result.problems.push(`${c.name}: could not delete ${doomed.join(', ')}: ${output || `rm exited ${code}`} (deleting needs rm in the image)`);
      }),
    );
    result.deleted.push(...doomed);
    recent?.add(doomed);
  }
  return result;
}

/** Container paths deleted in the last few seconds, by one session. */
export class RecentDeletions {
  private readonly paths = new Map<string, number>();
  constructor(private readonly ttlMs = 3000, private readonly now = () => Date.now()) {}

  add(paths: string[]): void {
    for (const p of paths) this.paths.set(p, this.now());
  }

  /** Paths that exist again (copied in): a new deletion under them must be carried out. */
  forget(paths: string[]): void {
    for (const p of [...this.paths.keys()]) {
      if (paths.some((c) => c === p || c.startsWith(`${p}/`) || p.startsWith(`${c}/`))) this.paths.delete(p);
    }
  }

  /** Whether `path` or a folder above it was deleted recently. */
  covers(path: string): boolean {
    const t = this.now();
    for (const [p, at] of this.paths) {
      if (t - at > this.ttlMs) this.paths.delete(p);
      else if (path === p || path.startsWith(`${p}/`)) return true;
    }
    return false;
  }
}

/** A tar of the paths to copy, named relative to `base`, the folder in the container it is extracted into. */
async function archive(rule: DesiredWatchRule, fileRule: boolean, rels: string[], ignored: (rel: string) => boolean): Promise<{ base: string; tar: Buffer }> {
  const target = rule.target!;
  // A rule on one file copies it to exactly `target`: pack from its folder, rename the entry to the target's name.
  const cwd = fileRule ? dirname(rule.path) : rule.path;
  const entries = fileRule ? [basename(rule.path)] : rels.map((rel) => (rel === '' ? '.' : rel.split('/').join(sep)));
  const rename = fileRule ? () => basename(target) : (name: string) => name;
  const stream = pack(cwd, {
    entries,
    // Only what a folder holds is filtered here; the entries themselves were matched against the rules already.
    ignore: (name) => ignored(toRel(cwd, name)),
    map: (header: Headers) => ({ ...header, name: rename(header.name), uid: 0, gid: 0, uname: 'root', gname: 'root' }),
    strict: false,
  });
  const chunks: Buffer[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return { base: fileRule ? posix.dirname(target) : target, tar: Buffer.concat(chunks) };
}

/**
 * Extracts into `base`, creating it first when the image does not have it (extracting needs an existing folder).
 * Files are owned by root, like `docker cp` without -a, rather than by whoever owns them on the host.
 */
async function putCreatingBase(client: DockerClient, id: string, base: string, tar: Buffer): Promise<void> {
  try {
    await client.putArchive(id, base, tar);
  } catch (err) {
    if (!(err instanceof DockerError) || err.kind !== 'not-found' || base === '/') throw err;
    await client.putArchive(id, '/', await folderTar(base));
    await client.putArchive(id, base, tar);
  }
}

/** A tar holding just the folder `dir` (absolute), so extracting it at `/` creates it and its parents. */
async function folderTar(dir: string): Promise<Buffer> {
  const stream = pack(process.cwd(), {
    entries: [],
    finalize: false,
    finish(p) {
      p.entry({ name: dir.replace(/^\/+/, ''), type: 'directory', mode: 0o755, uid: 0, gid: 0 });
      p.finalize();
    },
  });
  const chunks: Buffer[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Drops paths inside another path of the list: copying or deleting a folder covers what it holds. */
export function outermost(rels: string[]): string[] {
  const unique = [...new Set(rels)].sort();
  return unique.filter((rel) => !unique.some((other) => other !== rel && (other === '' || rel.startsWith(`${other}/`))));
}

function containerPath(target: string, rel: string): string {
  return rel === '' ? target : posix.join(target, rel);
}

function hostPath(root: string, rel: string): string {
  return rel === '' ? root : join(root, ...rel.split('/'));
}

function toRel(cwd: string, name: string): string {
  return name.slice(cwd.length + 1).split(sep).join('/');
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}
