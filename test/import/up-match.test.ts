/**
 * The import runs the same containers: for a few corpus projects built on the local test image, `stack up` of the
 * imported stack.ts and `docker-compose up` of the original compose file give containers whose inspected config
 * matches, service by service (real daemon; unique project names; both projects removed afterwards).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importCompose } from '../../src/import/import-compose';
import { LABEL } from '../../src/docker/labels';
import { projectsForFile, uniqueProject } from '../helpers/project';
import { ensureBuilt, ROOT, runStackAsync } from '../helpers/run-stack.mjs';
import { ensureTestImage } from '../helpers/test-image';

const CASES = ['busybox-web-db', 'busybox-hardened', 'busybox-networks'];
const docker = new Docker();
const project = projectsForFile();
const work = mkdtempSync(join(tmpdir(), 'stackfile-import-up-'));
const composeProjects: { dir: string; name: string }[] = [];

beforeAll(async () => {
  await Promise.all([ensureBuilt(), ensureTestImage()]);
});

afterAll(async () => {
  await Promise.all(composeProjects.map(({ dir, name }) => dockerCompose(dir, ['-p', name, 'down', '-v', '--remove-orphans']).catch(() => undefined)));
  rmSync(work, { recursive: true, force: true });
});

function dockerCompose(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker-compose', args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`docker-compose ${args.join(' ')} failed (${code}):\n${out}`))));
  });
}

/** The project's containers by service, inspected. */
async function inspected(label: string, serviceLabel: string, name: string): Promise<Record<string, Docker.ContainerInspectInfo>> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${label}=${name}`] } });
  const out: Record<string, Docker.ContainerInspectInfo> = {};
  for (const c of list) out[c.Labels[serviceLabel]] = await docker.getContainer(c.Id).inspect();
  return out;
}

/** What the service's container was configured with, without the names each tool gives its own objects. */
function comparable(c: Docker.ContainerInspectInfo, projectName: string) {
  const h = c.HostConfig;
  const ownLabel = (k: string) => k.startsWith('com.docker.compose.') || k.startsWith('io.stackfile.');
  return {
    image: c.Config.Image,
    cmd: c.Config.Cmd,
    entrypoint: c.Config.Entrypoint,
    env: [...(c.Config.Env ?? [])].sort(),
    user: c.Config.User,
    workingDir: c.Config.WorkingDir,
    exposed: Object.keys(c.Config.ExposedPorts ?? {}).sort(),
    labels: Object.fromEntries(Object.entries(c.Config.Labels ?? {}).filter(([k]) => !ownLabel(k))),
    healthcheck: c.Config.Healthcheck,
    stopSignal: (c.Config as { StopSignal?: string }).StopSignal,
    restart: h.RestartPolicy?.Name || 'no',
    init: h.Init ?? false,
    capAdd: h.CapAdd ?? [],
    capDrop: h.CapDrop ?? [],
    securityOpt: h.SecurityOpt ?? [],
    ulimits: h.Ulimits ?? [],
    tmpfs: h.Tmpfs ?? {},
    extraHosts: h.ExtraHosts ?? [],
    mounts: c.Mounts.map((m) => `${m.Type}:${m.Type === 'volume' ? m.Name?.replace(projectName, 'P') : m.Source}:${m.Destination}:${m.RW ? 'rw' : 'ro'}`).sort(),
    networks: Object.entries(c.NetworkSettings.Networks)
      .map(([n, s]) => `${n.replace(projectName, 'P')}:${((s.Aliases ?? []) as string[]).filter((a) => !c.Id.startsWith(a) && a !== c.Config.Hostname).sort().join(',')}`)
      .sort(),
  };
}

describe('stack up of the import matches docker-compose up of the original', () => {
  for (const name of CASES) {
    test(name, async () => {
      const dir = join(work, name);
      cpSync(join(ROOT, 'test', 'fixtures', 'compose', name), dir, { recursive: true });
      writeFileSync(join(dir, 'stack.ts'), importCompose({ files: ['docker-compose.yml'], envs: [], outFile: join(dir, 'stack.ts'), cwd: dir, environment: {} }).text);
      // Both tools name volumes and networks <project>_<key>; the same prefix length keeps the comparison simple.
      const ours = project('imp-up');
      const theirs = uniqueProject('imp-up');
      composeProjects.push({ dir, name: theirs });
      const [up] = await Promise.all([runStackAsync(['up', '-p', ours], { cwd: dir }), dockerCompose(dir, ['-p', theirs, 'up', '-d'])]);
      expect(up.code, up.stderr).toBe(0);
      const [mine, original] = await Promise.all([inspected(LABEL.project, LABEL.service, ours), inspected('com.docker.compose.project', 'com.docker.compose.service', theirs)]);
      expect(Object.keys(original).length).toBeGreaterThanOrEqual(2);
      expect(Object.keys(mine).sort()).toEqual(Object.keys(original).sort());
      for (const service of Object.keys(original)) {
        const expected = comparable(original[service], theirs);
        expect(expected.cmd?.length, `${name}: ${service} has a command`).toBeGreaterThan(0);
        expect(comparable(mine[service], ours), `${name}: ${service}`).toEqual(expected);
      }
    }, 180_000);
  }
});
