/**
 * Dev-mode sync's two paths against the real daemon: the long-lived session in a running container (the fast path)
 * and the Engine API's archive upload (stopped containers, images without a shell).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncSession } from '../../src/dev/sync-session';
import { SyncSessions, type SyncTarget } from '../../src/dev/sync-sessions';
import { syncPaths } from '../../src/dev/sync';
import type { DockerClient } from '../../src/docker/client';
import { createDockerClient } from '../../src/docker/connect';
import { LABEL } from '../../src/docker/labels';
import type { DesiredWatchRule } from '../../src/model/desired';
import { projectsForFile } from '../helpers/project';
import { ensureTestImage, TEST_IMAGE } from '../helpers/test-image';
import { execIn } from './dev-process';
import { ensureNoShellImage, NO_SHELL_IMAGE } from './no-shell-image';

const newProject = projectsForFile();
const docker = new Docker();
const project = newProject('dev-session');

/** The real client, counting the calls that tell the two paths apart. */
function countingClient(): { client: DockerClient; calls: { openExec: number; putArchive: number } } {
  const real = createDockerClient();
  const calls = { openExec: 0, putArchive: 0 };
  const client = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'openExec' || prop === 'putArchive') {
        return (...args: unknown[]) => {
          calls[prop]++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { client, calls };
}

async function container(name: string, image: string, cmd?: string[]): Promise<SyncTarget> {
  const c = await docker.createContainer({
    name: `${project}-${name}`,
    Image: image,
    ...(cmd ? { Cmd: cmd } : {}),
    Labels: { [LABEL.project]: project },
    HostConfig: { Init: true },
  });
  await c.start();
  return { id: c.id, name: `${project}-${name}`, running: true, service: name };
}

function rule(path: string, target: string): DesiredWatchRule {
  return { path, action: 'sync', target, ignore: [], initialSync: false };
}

const none = () => false;

describe('dev-mode sync against the real daemon', () => {
  let src: string;
  let app: SyncTarget;

  beforeAll(async () => {
    await Promise.all([ensureTestImage(), ensureNoShellImage()]);
    src = mkdtempSync(join(tmpdir(), 'stackfile-sync-session-'));
    app = await container('app', TEST_IMAGE, ['sleep', '3600']);
  }, 120_000);

  afterAll(() => {
    rmSync(src, { recursive: true, force: true });
  });

  it('copies files with their modes, folders, and symlinks as links (not followed) through the session', async () => {
    const dir = join(src, 'tree');
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), 'hello\n');
    writeFileSync(join(dir, 'bin', 'run.sh'), '#!/bin/sh\necho ran\n');
    chmodSync(join(dir, 'bin', 'run.sh'), 0o750);
    symlinkSync('/etc/not-on-this-host', join(dir, 'link'));
    const { client, calls } = countingClient();
    const sessions = new SyncSessions(client, () => undefined);
    const result = await syncPaths({ client, containers: [app], rule: rule(dir, '/srv/app'), rels: [''], ignored: none, sessions });
    expect(result.copied).toEqual(['/srv/app']);
    expect((await execIn(app.name, ['cat', '/srv/app/index.html'])).output).toBe('hello\n');
    expect((await execIn(app.name, ['stat', '-c', '%a', '/srv/app/bin/run.sh'])).output.trim()).toBe('750');
    expect((await execIn(app.name, ['/srv/app/bin/run.sh'])).output).toBe('ran\n');
    expect((await execIn(app.name, ['readlink', '/srv/app/link'])).output.trim()).toBe('/etc/not-on-this-host');
    expect(calls).toEqual({ openExec: 1, putArchive: 0 });
    sessions.close();
  });

  it('deletes files, folders and symlinks through the session', async () => {
    const dir = join(src, 'del');
    mkdirSync(join(dir, 'sub', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'keep.txt'), 'kept\n');
    writeFileSync(join(dir, 'gone.txt'), 'gone\n');
    writeFileSync(join(dir, 'sub', 'deep', 'f.txt'), 'deep\n');
    symlinkSync('keep.txt', join(dir, 'alias'));
    const { client, calls } = countingClient();
    const sessions = new SyncSessions(client, () => undefined);
    const r = rule(dir, '/srv/del');
    await syncPaths({ client, containers: [app], rule: r, rels: [''], ignored: none, sessions });
    expect((await execIn(app.name, ['readlink', '/srv/del/alias'])).output.trim()).toBe('keep.txt');
    rmSync(join(dir, 'gone.txt'));
    rmSync(join(dir, 'sub'), { recursive: true });
    rmSync(join(dir, 'alias'));
    const result = await syncPaths({ client, containers: [app], rule: r, rels: ['gone.txt', 'sub', 'sub/deep', 'alias'], ignored: none, sessions });
    expect(result.deleted.sort()).toEqual(['/srv/del/alias', '/srv/del/gone.txt', '/srv/del/sub']);
    expect(result.problems).toEqual([]);
    expect((await execIn(app.name, ['ls', '-A', '/srv/del'])).output.trim()).toBe('keep.txt');
    // The link was deleted, not what it pointed to.
    expect((await execIn(app.name, ['cat', '/srv/del/keep.txt'])).output).toBe('kept\n');
    expect(calls).toEqual({ openExec: 1, putArchive: 0 });
    sessions.close();
  });

  it('2,000 files changed at once (a git checkout) arrive, and their deletion too', async () => {
    const dir = join(src, 'many');
    const rels: string[] = [];
    for (let d = 0; d < 20; d++) {
      mkdirSync(join(dir, `d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) {
        writeFileSync(join(dir, `d${d}`, `f${f}.txt`), `${d}/${f}\n`);
        rels.push(`d${d}/f${f}.txt`);
      }
    }
    const { client, calls } = countingClient();
    const sessions = new SyncSessions(client, () => undefined);
    const r = rule(dir, '/srv/many');
    const copied = await syncPaths({ client, containers: [app], rule: r, rels, ignored: none, sessions });
    expect(copied.copied).toHaveLength(2000);
    expect((await execIn(app.name, ['sh', '-c', 'find /srv/many -type f | wc -l'])).output.trim()).toBe('2000');
    expect((await execIn(app.name, ['cat', '/srv/many/d19/f99.txt'])).output).toBe('19/99\n');
    rmSync(dir, { recursive: true });
    mkdirSync(dir);
    const deleted = await syncPaths({ client, containers: [app], rule: r, rels, ignored: none, sessions });
    expect(deleted.deleted).toHaveLength(2000);
    expect(deleted.problems).toEqual([]);
    expect((await execIn(app.name, ['sh', '-c', 'find /srv/many -type f | wc -l'])).output.trim()).toBe('0');
    expect(calls).toEqual({ openExec: 1, putArchive: 0 });
    sessions.close();
  });

  it('batches sent without waiting land in the order sent; a bad one does not derail the next', async () => {
    const session = await SyncSession.open(createDockerClient(), app.id);
    if (!(session instanceof SyncSession)) throw new Error(`no session: ${session.unsupported}`);
    const dir = join(src, 'order');
    mkdirSync(dir);
    const sent = [];
    for (let i = 0; i < 30; i++) {
      writeFileSync(join(dir, 'v.txt'), `version ${i}\n`);
      sent.push(session.extract('/srv/order', await tarOf(dir)));
      if (i === 10) sent.push(session.extract('/srv/order', Buffer.alloc(2048, 7)));
    }
    const results = await Promise.all(sent);
    expect(results.map((r) => r.code !== 0)).toEqual(results.map((_, i) => i === 11));
    expect(results[11].output).toMatch(/tar/);
    expect((await execIn(app.name, ['cat', '/srv/order/v.txt'])).output).toBe('version 29\n');
    session.close();
    await session.ended;
    expect(session.alive).toBe(false);
  });

  it('a session that dies with its container (a restart) is opened again, and nothing is lost', async () => {
    const dir = join(src, 'restart');
    mkdirSync(dir);
    const { client, calls } = countingClient();
    const sessions = new SyncSessions(client, () => undefined);
    const r = rule(dir, '/srv/restart');
    writeFileSync(join(dir, 'a.txt'), 'before\n');
    await syncPaths({ client, containers: [app], rule: r, rels: ['a.txt'], ignored: none, sessions });
    await docker.getContainer(app.id).restart({ t: 1 });
    writeFileSync(join(dir, 'a.txt'), 'after\n');
    await syncPaths({ client, containers: [app], rule: r, rels: ['a.txt'], ignored: none, sessions });
    expect((await execIn(app.name, ['cat', '/srv/restart/a.txt'])).output).toBe('after\n');
    expect(calls).toEqual({ openExec: 2, putArchive: 0 });
    sessions.close();
  });

  it('a stopped container gets its files through the Engine API', async () => {
    const stopped = await container('stopped', TEST_IMAGE, ['sleep', '3600']);
    await docker.getContainer(stopped.id).stop({ t: 0 });
    const dir = join(src, 'stopped');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.txt'), 'while stopped\n');
    const { client, calls } = countingClient();
    const sessions = new SyncSessions(client, () => undefined);
    await syncPaths({ client, containers: [{ ...stopped, running: false }], rule: rule(dir, '/srv/stopped'), rels: ['a.txt'], ignored: none, sessions });
    expect(calls.openExec).toBe(0);
    expect(calls.putArchive).toBeGreaterThan(0);
    await docker.getContainer(stopped.id).start();
    expect((await execIn(stopped.name, ['cat', '/srv/stopped/a.txt'])).output).toBe('while stopped\n');
  });

  it('an image without a shell gets its files through the Engine API, and the user is told once', async () => {
    const bare = await container('bare', NO_SHELL_IMAGE);
    const dir = join(src, 'bare');
    mkdirSync(dir);
    const { client, calls } = countingClient();
    const said: string[] = [];
    const sessions = new SyncSessions(client, (line) => said.push(line));
    const r = rule(dir, '/srv/bare');
    for (const text of ['one\n', 'two\n']) {
      writeFileSync(join(dir, 'a.txt'), text);
      await syncPaths({ client, containers: [bare], rule: r, rels: ['a.txt'], ignored: none, sessions });
    }
    expect((await execIn(bare.name, ['/app/busybox', 'cat', '/srv/bare/a.txt'])).output).toBe('two\n');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/bare: files are copied through the Engine API.*cannot run the sync session: .*sh/);
    // Probed once: the second save went straight to the Engine API.
    expect(calls.openExec).toBe(1);
    expect(calls.putArchive).toBeGreaterThanOrEqual(2);
    rmSync(join(dir, 'a.txt'));
    const removed = await syncPaths({ client, containers: [bare], rule: r, rels: ['a.txt'], ignored: none, sessions });
    expect(removed.problems.join('\n')).toMatch(/could not delete \/srv\/bare\/a\.txt.*deleting needs rm in the image/);
    sessions.close();
  });
});

async function tarOf(dir: string): Promise<Buffer> {
  const { pack } = await import('tar-fs');
  const chunks: Buffer[] = [];
  for await (const chunk of pack(dir) as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
