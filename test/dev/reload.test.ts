import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port';
import { cleanupProject, projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from '../integration/stacks';
import { DevProcess, copyFixture, docker, eventually, execIn, fetchIn } from './dev-process';

const newProject = projectsForFile();
const sessions: DevProcess[] = [];
const dirs: string[] = [];
const projects: string[] = [];
const images: string[] = [];

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.end()));
  // Containers first: the images built by the rebuild test (its tag, and the image it replaced) are in use until then.
  await Promise.all(projects.map(cleanupProject));
  for (const image of images) await docker.getImage(image).remove({ force: true }).catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function start(fixtureName: string, prefix: string) {
  const dir = copyFixture(fixtureName);
  dirs.push(dir);
  const project = newProject(prefix);
  projects.push(project);
  const dev = await DevProcess.start(['-p', project], dir);
  sessions.push(dev);
  return { dir, project, dev };
}

const inspect = (name: string) => docker.getContainer(name).inspect();

describe('stack dev reloading stack.ts against the real daemon', () => {
  it('an env edit recreates only that service; a broken save keeps the stack; the fix applies', async () => {
    const { dir, project, dev } = await start('dev-sync', 'dev-reload');
    const stackFile = join(dir, 'stack.ts');
    const original = readFileSync(stackFile, 'utf8');
    const [web0, worker0] = await Promise.all([inspect(`${project}-web-1`), inspect(`${project}-worker-1`)]);
    // env dev is the default when stack.ts defines it.
    expect(worker0.Config.Env).toContain('MODE=dev');

    writeFileSync(stackFile, original.replace("GREETING: 'hello'", "GREETING: 'bonjour'"));
    const web1 = await eventually(async () => {
      const c = await inspect(`${project}-web-1`);
      expect(c.Id).not.toBe(web0.Id);
      expect(c.State.Running).toBe(true);
      return c;
    });
    expect(await fetchIn(web1.Id, '/greeting.txt')).toBe('bonjour\n');
    expect((await inspect(`${project}-worker-1`)).Id).toBe(worker0.Id);
    expect(dev.stderr).toMatch(/~ environment\.GREETING: "hello" → "bonjour"/);
    // The recreated container starts without the synced files; initialSync copies them in again.
    await eventually(async () => expect(await fetchIn(web1.Id, '/index.html')).toBe('<h1>first</h1>\n'));

    const mark = dev.output.length;
    writeFileSync(stackFile, original.replace("GREETING: 'hello'", "GREETING: 'oops',,"));
    await dev.waitForText(/has a problem; the stack keeps running as it was/, 20_000, mark);
    // The error paragraph follows the status line in a write of its own, which may arrive a moment later.
    await dev.waitForText(/syntax error in stack file/, 5_000, mark);
    const [webKept, workerKept] = await Promise.all([inspect(`${project}-web-1`), inspect(`${project}-worker-1`)]);
    expect([webKept.Id, webKept.State.Running]).toEqual([web1.Id, true]);
    expect([workerKept.Id, workerKept.State.Running]).toEqual([worker0.Id, true]);

    writeFileSync(stackFile, original.replace("GREETING: 'hello'", "GREETING: 'hola'"));
    await eventually(async () => {
      const c = await inspect(`${project}-web-1`);
      expect(c.Id).not.toBe(web1.Id);
      expect(await fetchIn(c.Id, '/greeting.txt')).toBe('hola\n');
    });
    expect((await inspect(`${project}-worker-1`)).Id).toBe(worker0.Id);
  });

  it('a change to a file stack.ts imports reloads it too, and so does fixing a new import that did not load', async () => {
    const { dir, project, dev } = await start('dev-sync', 'dev-import');
    const [web0, worker0] = await Promise.all([inspect(`${project}-web-1`), inspect(`${project}-worker-1`)]);
    writeFileSync(join(dir, 'settings.ts'), "export const workerMode = 'debug';\n");
    const worker1 = await eventually(async () => {
      const c = await inspect(`${project}-worker-1`);
      expect(c.Config.Env).toContain('MODE=debug');
      expect(c.State.Running).toBe(true);
      return c;
    });
    expect((await inspect(`${project}-web-1`)).Id).toBe(web0.Id);

    // stack.ts starts importing a helper that does not parse: reported, nothing changes; fixing the helper applies.
    const stackFile = join(dir, 'stack.ts');
    const mark = dev.output.length;
    writeFileSync(join(dir, 'extra.ts'), "export const extra = 'x' +;\n");
    writeFileSync(stackFile, readFileSync(stackFile, 'utf8').replace("import { workerMode } from './settings';", "import { workerMode } from './settings';\nimport { extra } from './extra';").replace('MODE: workerMode', 'MODE: workerMode, EXTRA: extra'));
    await dev.waitForText(/has a problem; the stack keeps running as it was/, 20_000, mark);
    // As above, the error paragraph is a write of its own after the status line (CI once read only the status line).
    await dev.waitForText(/extra\.ts:1:/, 5_000, mark);
    expect((await inspect(`${project}-worker-1`)).Id).toBe(worker1.Id);
    writeFileSync(join(dir, 'extra.ts'), "export const extra = 'fixed';\n");
    await eventually(async () => expect((await inspect(`${project}-worker-1`)).Config.Env).toContain('EXTRA=fixed'));
    expect(worker0.Id).not.toBe(worker1.Id);
  });

  it('a validation error is reported with its path and changes nothing', async () => {
    const { dir, project, dev } = await start('dev-sync', 'dev-invalid');
    const stackFile = join(dir, 'stack.ts');
    const web0 = await inspect(`${project}-web-1`);
    const mark = dev.output.length;
    writeFileSync(stackFile, readFileSync(stackFile, 'utf8').replace("target: '/www'", "target: 'www'"));
    await dev.waitForText(/services\.web\.watch\[0\]\.target: "www" must be an absolute path/, 20_000, mark);
    expect((await inspect(`${project}-web-1`)).Id).toBe(web0.Id);
    expect(dev.child.exitCode).toBe(null);
  });

  it('a rebuild rule rebuilds the image and the service runs the new one', async () => {
    const { dir, project } = await start('dev-rebuild', 'dev-rebuild');
    images.push(`${project}-app`);
    const before = await inspect(`${project}-app-1`);
    images.push(before.Image);
    expect((await execIn(before.Id, ['cat', '/version.txt'])).output).toBe('1\n');

    writeFileSync(join(dir, 'app', 'version.txt'), '2\n');
    const after = await eventually(async () => {
      const c = await inspect(`${project}-app-1`);
      expect(c.Id).not.toBe(before.Id);
      expect(c.State.Running).toBe(true);
      return c;
    }, 60_000);
    expect(after.Image).not.toBe(before.Image);
    expect((await docker.getImage(`${project}-app`).inspect()).Id).toBe(after.Image);
    expect((await execIn(after.Id, ['cat', '/version.txt'])).output).toBe('2\n');
  });

  it('a reload starts a service\'s replacement before its old container stops, handing over its published port; a service with a volume stops first', async () => {
    const project = newProject('dev-overlap');
    projects.push(project);
    const port = await freePort();
    const body = (v: string) => `{ name: '${project}', services: {
      api: { image: '${TEST_IMAGE}', init: true, environment: { V: '${v}' }, ports: ['127.0.0.1:${port}:8080'],
        command: ['sh', '-c', 'mkdir -p /www && echo "$V" > /www/v.txt && exec httpd -f -p 8080 -h /www'] },
      db: { image: '${TEST_IMAGE}', init: true, environment: { V: '${v}' }, volumes: ['data:/data'], command: ['sleep', '3600'] },
    }, volumes: { data: {} } }`;
    const dir = writeStack(body('one'));
    dirs.push(dir);
    const dev = await DevProcess.start([], dir);
    sessions.push(dev);
    const answer = async () => (await fetch(`http://127.0.0.1:${port}/v.txt`, { signal: AbortSignal.timeout(2_000) })).text();
    expect(await answer()).toBe('one\n');
    const [api0, db0] = await Promise.all([inspect(`${project}-api-1`), inspect(`${project}-db-1`)]);

    // The daemon's own record of the order: which container started and died when.
    const events: { id: string; action: string }[] = [];
    const stream = await docker.getEvents({ filters: { type: ['container'], label: [`io.stackfile.project=${project}`], event: ['start', 'die'] } });
    stream.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) {
        const e = JSON.parse(line) as { id: string; Action: string };
        events.push({ id: e.id, action: e.Action });
      }
    });
    try {
      writeStack(body('two'), dir);
      await eventually(async () => expect(await answer()).toBe('two\n'), 30_000);
      const [api1, db1] = await eventually(async () => {
        const both = await Promise.all([inspect(`${project}-api-1`), inspect(`${project}-db-1`)]);
        expect(both.map((c) => c.Id)).not.toContain(api0.Id);
        expect(both.map((c) => c.Id)).not.toContain(db0.Id);
        expect(both.map((c) => c.State.Running)).toEqual([true, true]);
        return both;
      }, 30_000);
      await eventually(() => expect(events.filter((e) => e.action === 'die').map((e) => e.id)).toEqual(expect.arrayContaining([api0.Id, db0.Id])));
      const at = (id: string, action: string) => events.findIndex((e) => e.id === id && e.action === action);
      // api: no volume, so its replacement was started while the old one still ran (its port freed by disconnecting).
      expect(at(api1.Id, 'start')).toBeGreaterThanOrEqual(0);
      expect(at(api1.Id, 'start')).toBeLessThan(at(api0.Id, 'die'));
      // db: a volume two copies could both write to, so the old one died before the new one started.
      expect(at(db0.Id, 'die')).toBeLessThan(at(db1.Id, 'start'));
      expect(api1.Config.Env).toContain('V=two');
      expect(api1.Name).toBe(`/${project}-api-1`);
      // The old api is removed in the background once it has stopped (its die event may come just before that).
      await eventually(async () => {
        const names = (await docker.listContainers({ all: true, filters: { label: [`io.stackfile.project=${project}`] } })).map((c) => c.Names[0]).sort();
        expect(names).toEqual([`/${project}-api-1`, `/${project}-db-1`]);
      });
    } finally {
      (stream as unknown as { destroy(): void }).destroy();
    }
  });
});
