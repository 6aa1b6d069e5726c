import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../src/docker/labels';
import { projectContainers, projectsForFile } from '../helpers/project';
import { pushToRegistry, startRegistry, type LocalRegistry } from '../helpers/registry';
import { BIN, runStack, runStackAsync } from '../helpers/run-stack.mjs';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from '../integration/stacks';

const docker = new Docker();
const project = projectsForFile();
const images: string[] = [];
let registry: LocalRegistry;

afterAll(async () => {
  for (const image of images) await docker.getImage(image).remove({ force: true }).catch(() => undefined);
  await registry?.stop();
});

/** db (healthy once /ready exists, a named volume), api (depends on db, a published port on 127.0.0.1), worker (100 log lines). */
function stack(name: string, extra = ''): string {
  return `{
  name: '${name}',
  services: {
    db: { image: '${TEST_IMAGE}', init: true, command: ['sh', '-c', 'touch /ready; exec sleep 3600'], healthcheck: { test: 'test -f /ready', interval: '300ms' }, volumes: ['data:/data'] },
    api: { image: '${TEST_IMAGE}', init: true, command: ['httpd', '-f', '-p', '8080'], ports: ['127.0.0.1::8080'], dependsOn: { db: 'healthy' } },
    worker: { image: '${TEST_IMAGE}', init: true, command: ['sh', '-c', 'for i in $(seq 1 100); do echo line $i; done; exec sleep 3600'] },${extra}
  },
  volumes: { data: {} },
  envs: { prod: { services: { api: { environment: { MODE: 'prod' } } } } },
}`;
}

const inspect = (name: string) => docker.getContainer(name).inspect();

/**
 * A CLI process left running (logs -f, events), its output so far, and a wait for what it prints: on a loaded machine
 * its start alone can take seconds, so tests wait for what they need to see, never for a fixed time.
 */
function follow(args: string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  const seen = { out: '', err: '', exited: false };
  child.stdout.on('data', (d: Buffer) => (seen.out += d));
  child.stderr.on('data', (d: Buffer) => (seen.err += d));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  void closed.then(() => (seen.exited = true));
  return {
    seen,
    /** Whether all of `texts` were printed within `limitMs` (false also when the process ended first). */
    async printed(limitMs: number, ...texts: string[]): Promise<boolean> {
      const all = () => texts.every((t) => seen.out.includes(t));
      for (const end = Date.now() + limitMs; !all() && !seen.exited && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50));
      return all();
    },
    async stop(): Promise<void> {
      child.kill('SIGINT');
      await closed;
    },
  };
}

// One stack for every command of a Compose user's day, brought up by the first test and removed by the last (up and
// down are among the commands tested): each `up` of it costs seconds, and tens of seconds on a loaded machine.
describe("Compose users' everyday commands, as typed, on one stack", { timeout: 240_000 }, () => {
  const name = project('it-habits');
  let dir: string;

  it('up -d: accepted, returns once everything is ready', () => {
    dir = writeStack(stack(name));
    const r = runStack(['up', '-d'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${name} is up`);
    // Not a terminal: one line per event, on stdout, in order (the volume before the summary), no listr2 noise.
    expect(r.stdout).not.toMatch(/\[(STARTED|TITLE|SUCCESS)\]/);
    expect(r.stdout.indexOf(`volume ${name}_data created`)).toBeGreaterThanOrEqual(0);
    expect(r.stdout.indexOf(`volume ${name}_data created`)).toBeLessThan(r.stdout.indexOf(`${name} is up`));
    expect(r.stdout).toMatch(/^db: healthy$/m);
    expect(r.stderr).toBe('');
  });

  it('ps: image, command, age, status with health, ports with the host IP', () => {
    const r = runStack(['ps'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const db = r.stdout.split('\n').find((l) => l.startsWith(`${name}-db-1`))!;
    expect(db).toContain(TEST_IMAGE);
    expect(db).toContain('"sh -c \'touch /ready;');
    expect(db).toMatch(/\d+ seconds? ago/);
    expect(db).toMatch(/Up .*\(healthy\)/);
    expect(r.stdout).toMatch(new RegExp(`${name}-api-1 .*127\\.0\\.0\\.1:\\d+->8080/tcp`));
    expect(r.stdout).toContain('env: (base config)');
  });

  it('logs -f --tail 50 svc: the last 50 lines, then what the service writes later', async () => {
    const logs = follow(['logs', '-f', '--tail', '50', 'worker'], dir);
    expect(await logs.printed(60_000, 'line 100'), logs.seen.err).toBe(true);
    // PID 1 is docker-init; what its stdout gets is the container's log.
    await docker.getContainer(`${name}-worker-1`).exec({ Cmd: ['sh', '-c', 'echo written later > /proc/1/fd/1'] }).then((e) => e.start({}));
    expect(await logs.printed(60_000, 'written later'), logs.seen.err).toBe(true);
    await logs.stop();
    const lines = logs.seen.out.trim().split('\n');
    expect(lines[0]).toMatch(/^worker\s+\| line 51$/);
    expect(lines.filter((l) => /\| line \d+$/.test(l))).toHaveLength(50);
    expect(lines.at(-1)).toMatch(/\| written later$/);
  });

  it('exec svc sh: a shell that reads its commands from stdin', () => {
    const r = runStack(['exec', 'api', 'sh'], { cwd: dir, input: 'echo from the shell; exit 7\n' });
    expect(r.stdout).toBe('from the shell\n');
    expect(r.code).toBe(7);
  });

  it('exec -T db psql < f: a file on stdin reaches the command whole', () => {
    const file = join(dir, 'dump.sql');
    writeFileSync(file, Array.from({ length: 2000 }, (_, i) => `insert into t values (${i});`).join('\n'));
    const r = runStack(['exec', '-T', 'db', 'sh', '-c', 'wc -l'], { cwd: dir, input: readFileSync(file, 'utf8') });
    expect(r.stdout.trim()).toBe('1999');
  });

  it('run --rm svc cmd: a one-off container with the service config, exit code passed, removed after', async () => {
    const r = runStack(['run', '--rm', 'api', 'sh', '-c', 'echo one-off; ls /ready 2>&1; exit 3'], { cwd: dir });
    expect(r.stdout).toContain('one-off');
    // Its own filesystem, not the service container's.
    expect(r.stdout).toContain('No such file');
    expect(r.code).toBe(3);
    expect(await docker.listContainers({ all: true, filters: { label: [`${LABEL.runOf}=${name}`] } })).toEqual([]);
    // Never taken for a replica: the plan still has nothing to do.
    expect(runStack(['plan'], { cwd: dir }).code).toBe(0);
  });

  it('restart svc: the service container restarts, the others do not', async () => {
    const [apiBefore, dbBefore] = await Promise.all([inspect(`${name}-api-1`), inspect(`${name}-db-1`)]);
    const r = runStack(['restart', 'api'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const [apiAfter, dbAfter] = await Promise.all([inspect(`${name}-api-1`), inspect(`${name}-db-1`)]);
    expect(apiAfter.State.StartedAt).not.toBe(apiBefore.State.StartedAt);
    expect(dbAfter.State.StartedAt).toBe(dbBefore.State.StartedAt);
    const typo = runStack(['restart', 'apii'], { cwd: dir });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('no service named apii in project');
    expect(typo.stderr).toContain('did you mean "api"?');
  });

  it('stop, start, kill and rm act on the named service only', async () => {
    expect(runStack(['stop', 'api'], { cwd: dir }).code).toBe(0);
    expect((await inspect(`${name}-api-1`)).State.Running).toBe(false);
    expect((await inspect(`${name}-db-1`)).State.Running).toBe(true);
    const [ps, all] = await Promise.all([runStackAsync(['ps'], { cwd: dir }), runStackAsync(['ps', '-a'], { cwd: dir })]);
    expect(ps.stdout).not.toContain(`${name}-api-1`);
    expect(ps.stdout).toContain('1 stopped container not shown');
    expect(all.stdout).toContain(`${name}-api-1`);
    expect(runStack(['start', 'api'], { cwd: dir }).code).toBe(0);
    expect((await inspect(`${name}-api-1`)).State.Running).toBe(true);
    expect(runStack(['kill', 'api'], { cwd: dir }).code).toBe(0);
    expect((await inspect(`${name}-api-1`)).State.ExitCode).toBe(137);
    const rm = runStack(['rm'], { cwd: dir });
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).toContain('removed 1 container');
    expect((await projectContainers(name)).map((c) => c.Labels[LABEL.service]).sort()).toEqual(['db', 'worker']);
    // up brings it back.
    expect(runStack(['up'], { cwd: dir }).code).toBe(0);
  });

  it('ps -q, --services, --format and --json', async () => {
    // Read-only, so side by side.
    const [quiet, services, format, bad, json] = await Promise.all(
      [['-q'], ['--services'], ['--format', '{{.Service}}={{.Health}}', 'db'], ['--format', '{{.Nope}}'], ['--json', 'api']].map((args) => runStackAsync(['ps', ...args], { cwd: dir })),
    );
    const ids = quiet.stdout.trim().split('\n').sort();
    expect(ids).toEqual((await projectContainers(name)).map((c) => c.Id).sort());
    expect(services.stdout).toBe('api\ndb\nworker\n');
    expect(format.stdout).toBe('db=healthy\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('{{.Status}}');
    const [api] = JSON.parse(json.stdout);
    expect(api).toMatchObject({ service: 'api', image: TEST_IMAGE, command: 'httpd -f -p 8080', state: 'running', env: '' });
    expect(api.ports[0]).toMatch(/^127\.0\.0\.1:\d+->8080\/tcp$/);
    expect(Date.parse(api.created)).toBeGreaterThan(Date.now() - 10 * 60_000);
  });

  it('cp both ways, top, images, port and version', async () => {
    writeFileSync(join(dir, 'seed.txt'), 'seed data\n');
    expect(runStack(['cp', 'seed.txt', 'db:/seed-copy.txt'], { cwd: dir }).code).toBe(0);
    expect(runStack(['exec', 'db', 'cat', '/seed-copy.txt'], { cwd: dir }).stdout).toBe('seed data\n');
    expect(runStack(['cp', 'db:/seed-copy.txt', 'back.txt'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'back.txt'), 'utf8')).toBe('seed data\n');
    expect(existsSync(join(dir, 'seed-copy.txt'))).toBe(false);

    const [top, images, port, version] = await Promise.all([['top', 'db'], ['images', 'db'], ['port', 'api', '8080'], ['version']].map((args) => runStackAsync(args, { cwd: dir })));
    expect(top.stdout).toMatch(/PID[\s\S]*sleep 3600/);
    expect(images.stdout).toMatch(new RegExp(`${name}-db-1 +stackfile-test/busybox +latest +[0-9a-f]{12} +[\\d.]+[kM]B`));
    const published = (await inspect(`${name}-api-1`)).NetworkSettings.Ports['8080/tcp']![0].HostPort;
    expect(port.stdout.trim()).toBe(`127.0.0.1:${published}`);
    expect(version.stdout).toMatch(/^stackfile \d+\.\d+\.\d+\nnode v\d+.*\nengine .*API 1\.\d+/);
  });

  it('events: one line per container event as it happens', async () => {
    const events = follow(['events', '--json', 'worker'], dir);
    // The command sees what happens once the daemon has its events request, and nothing tells when that is (a
    // process start alone can take seconds under load): restart until the events of a whole restart arrive.
    for (let attempt = 1; attempt <= 10 && !events.seen.exited; attempt++) {
      expect((await runStackAsync(['restart', 'api', 'worker'], { cwd: dir })).code).toBe(0);
      if (await events.printed(5_000, '"die"', '"start"')) break;
    }
    await events.stop();
    const lines = events.seen.out.trim().split('\n').map((l) => JSON.parse(l) as { action: string; service: string });
    expect(lines.map((l) => l.action)).toEqual(expect.arrayContaining(['die', 'start']));
    expect(new Set(lines.map((l) => l.service))).toEqual(new Set(['worker']));
  });

  it('up --force-recreate, --scale, --no-deps; an unknown service suggests the closest', async () => {
    const before = (await inspect(`${name}-db-1`)).Id;
    const forced = runStack(['up', '--force-recreate', '--no-deps', 'api'], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(0);
    expect((await inspect(`${name}-db-1`)).Id).toBe(before);
    const scaled = runStack(['up', '--scale', 'worker=2'], { cwd: dir });
    expect(scaled.code, scaled.stderr).toBe(0);
    expect((await inspect(`${name}-worker-2`)).State.Running).toBe(true);
    const typo = runStack(['stop', 'wroker'], { cwd: dir });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('did you mean "worker"?');
  });

  it('the env applied is remembered: a plain up refuses to switch, plan says so, --force switches', () => {
    expect(runStack(['up', '--env', 'prod'], { cwd: dir }).code).toBe(0);
    expect(runStack(['ps'], { cwd: dir }).stdout).toContain('env: prod');
    const plan = runStack(['plan'], { cwd: dir });
    expect(plan.stdout).toContain('last applied with env prod');
    const refused = runStack(['up'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pass --env prod to keep it, or --force to switch');
    expect(runStack(['up', '--force'], { cwd: dir }).code).toBe(0);
    expect(runStack(['ps'], { cwd: dir }).stdout).toContain('env: (base config)');
  });

  it('down -v: containers, networks and the named volume go', async () => {
    const r = runStack(['down', '-v'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(await projectContainers(name)).toEqual([]);
    expect((await docker.listVolumes({ filters: { name: [`${name}_data`] } })).Volumes ?? []).toEqual([]);
  });
});

describe('build and pull', () => {
  beforeAll(async () => {
    // A port of its own: other test files run registries on 5055 and 5057 at the same time.
    registry = await startRegistry(5063);
  });
  it('build: builds the images of services with a build and creates no container', async () => {
    const name = project('it-build');
    const ref = `stackfile-test/${name}:1`;
    images.push(ref);
    const dir = writeStack(`{ name: '${name}', services: { app: { image: '${ref}', build: './app', command: ['sleep', '3600'] }, db: { image: '${TEST_IMAGE}' } } }`);
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo built > /built\n`);
    const r = runStack(['build'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`built ${ref}`);
    expect((await docker.getImage(ref).inspect()).Id).toMatch(/^sha256:/);
    expect(await projectContainers(name)).toEqual([]);
  });

  it('pull: pulls the images of services without a build; push sends a built one', async () => {
    const name = project('it-pull');
    const ref = `${registry.url}/${name}:1`;
    await pushToRegistry(registry, TEST_IMAGE, `${name}:1`);
    images.push(ref);
    const dir = writeStack(`{ name: '${name}', services: { app: { image: '${ref}' } } }`);
    const r = runStack(['pull'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`pulled ${ref}`);
    expect((await docker.getImage(ref).inspect()).Id).toMatch(/^sha256:/);

    const pushed = `${registry.url}/${name}-built:1`;
    images.push(pushed);
    const built = writeStack(`{ name: '${name}', services: { app: { image: '${pushed}', build: './app' } } }`);
    mkdirSync(join(built, 'app'));
    writeFileSync(join(built, 'app', 'Dockerfile'), `FROM ${TEST_IMAGE}\n`);
    expect(runStack(['build'], { cwd: built }).code).toBe(0);
    const push = runStack(['push'], { cwd: built });
    expect(push.code, push.stderr).toBe(0);
    const tags = await (await fetch(`http://${registry.url}/v2/${name}-built/tags/list`)).json();
    expect(tags).toMatchObject({ tags: ['1'] });
  });
});

