import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectsForFile } from '../helpers/project';
import { DevProcess, copyFixture, docker, eventually, execIn, fetchIn, sleep } from './dev-process';

const newProject = projectsForFile();

describe('stack dev watch rules against the real daemon', () => {
  let dev: DevProcess;
  let dir: string;
  let web: string;

  beforeAll(async () => {
    dir = copyFixture('dev-sync');
    const project = newProject('dev-sync');
    web = `${project}-web-1`;
    dev = await DevProcess.start(['-p', project], dir);
  }, 90_000);

  afterAll(async () => {
    await dev.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the watched folder in at start (initialSync), without what the rule ignores', async () => {
    expect(await fetchIn(web, '/index.html')).toBe('<h1>first</h1>\n');
    expect((await execIn(web, ['test', '-e', '/www/drafts'])).code).toBe(1);
  });

  it('an edit on the host changes what the container serves', async () => {
    writeFileSync(join(dir, 'www', 'index.html'), '<h1>second</h1>\n');
    await eventually(async () => expect(await fetchIn(web, '/index.html')).toBe('<h1>second</h1>\n'));
  });

  it('new folders arrive with their files; symlinks arrive as symlinks, not followed', async () => {
    mkdirSync(join(dir, 'www', 'docs', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'www', 'docs', 'deep', 'page.html'), 'deep page\n');
    symlinkSync('/etc/hostname-on-the-host', join(dir, 'www', 'link'));
    await eventually(async () => expect(await fetchIn(web, '/docs/deep/page.html')).toBe('deep page\n'));
    await eventually(async () => expect((await execIn(web, ['readlink', '/www/link'])).output.trim()).toBe('/etc/hostname-on-the-host'));
  });

  it('deleting a file, a folder or a symlink on the host deletes it in the container', async () => {
    writeFileSync(join(dir, 'www', 'doomed.html'), 'soon gone\n');
    await eventually(async () => expect(await fetchIn(web, '/doomed.html')).toBe('soon gone\n'));
    rmSync(join(dir, 'www', 'doomed.html'));
    rmSync(join(dir, 'www', 'docs'), { recursive: true });
    rmSync(join(dir, 'www', 'link'));
    await eventually(async () => {
      expect((await execIn(web, ['test', '-e', '/www/doomed.html'])).code).toBe(1);
      expect((await execIn(web, ['test', '-e', '/www/docs'])).code).toBe(1);
      expect((await execIn(web, ['test', '-L', '/www/link'])).code).toBe(1);
    });
  });

  it('saves in quick succession, each while the last is being copied, are neither lost nor reordered', async () => {
    mkdirSync(join(dir, 'www', 'burst'));
    for (let i = 0; i < 40; i++) {
      writeFileSync(join(dir, 'www', 'burst', `f${i}.txt`), `${i}\n`);
      writeFileSync(join(dir, 'www', 'burst', 'latest.txt'), `save ${i}\n`);
      await sleep(i % 2 ? 3 : 25);
    }
    await eventually(async () => expect(await fetchIn(web, '/burst/latest.txt')).toBe('save 39\n'));
    const listing = (await execIn(web, ['ls', '/www/burst'])).output.trim().split('\n');
    expect(listing.sort()).toEqual(['latest.txt', ...Array.from({ length: 40 }, (_, i) => `f${i}.txt`)].sort());
    // It stays the last save: no older batch lands after it.
    await sleep(500);
    expect(await fetchIn(web, '/burst/latest.txt')).toBe('save 39\n');
  });

  it('ignored paths and editor temp files are not copied', async () => {
    writeFileSync(join(dir, 'www', 'drafts', 'secret-plan.html'), 'not for the container\n');
    writeFileSync(join(dir, 'www', '.index.html.swp'), 'vim swap\n');
    writeFileSync(join(dir, 'www', 'index.html~'), 'backup\n');
    // A file saved after them is synced in the same batch or a later one: once it is there, the others had their chance.
    writeFileSync(join(dir, 'www', 'sentinel.html'), 'after the ignored ones\n');
    await eventually(async () => expect(await fetchIn(web, '/sentinel.html')).toBe('after the ignored ones\n'));
    const listing = await execIn(web, ['ls', '-a', '/www']);
    expect(listing.output).not.toMatch(/drafts|\.swp|~/);
  });

  it('sync+exec runs its command after the files are copied', async () => {
    writeFileSync(join(dir, 'conf', 'app.conf'), 'level=2\n');
    await eventually(async () => expect(await fetchIn(web, '/applied.txt')).toBe('level=2\n'));
    expect((await execIn(web, ['cat', '/etc/app/app.conf'])).output).toBe('level=2\n');
  });

  it('restart restarts the container (same container, started again)', async () => {
    const before = await docker.getContainer(web).inspect();
    writeFileSync(join(dir, 'restart-me', 'trigger'), 'v1\n');
    await eventually(async () => {
      const after = await docker.getContainer(web).inspect();
      expect(after.Id).toBe(before.Id);
      expect(after.State.Running).toBe(true);
      expect(after.State.StartedAt).not.toBe(before.State.StartedAt);
    });
    // The daemon reports the container running before its shell has appended to /tmp/starts (CI once read 1 line).
    await eventually(async () => expect((await execIn(web, ['cat', '/tmp/starts'])).output.trim().split('\n')).toHaveLength(2));
    // Files synced into the container survive a restart.
    expect(await fetchIn(web, '/index.html')).toBe('<h1>second</h1>\n');
  });
});
