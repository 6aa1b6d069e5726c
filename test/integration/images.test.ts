import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStack } from '../helpers/run-stack.mjs';
import { projectContainers, projectsForFile } from '../helpers/project';
import { pushToRegistry, startRegistry, type LocalRegistry } from '../helpers/registry';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from './stacks';

const docker = new Docker();
const newProject = projectsForFile();
const images: string[] = [];
let registry: LocalRegistry;

beforeAll(async () => {
  // Its own port: other test files run a registry on the default one at the same time.
  registry = await startRegistry(5057);
});
afterAll(async () => {
  for (const image of images) await docker.getImage(image).remove({ force: true }).catch(() => undefined);
  // A pull also leaves a digest reference (registry/repo@sha256:...) on the image it pulled, which removing the tags
  // does not take away; the test image keeps one per run otherwise.
  const { RepoDigests = [] } = await docker.getImage(TEST_IMAGE).inspect();
  for (const ref of RepoDigests) if (registry && ref.startsWith(`${registry.url}/`)) await docker.getImage(ref).remove().catch(() => undefined);
  await registry?.stop();
});

async function buildVariant(tag: string, text: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stackfile-variant-'));
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo ${text} > /version\n`);
  const stream = await docker.buildImage({ context: dir, src: ['Dockerfile'] }, { t: tag });
  await new Promise((resolve, reject) => docker.modem.followProgress(stream, (err) => (err ? reject(err) : resolve(undefined))));
  images.push(tag);
}

describe('images: pull and build', () => {
  it('pulls a missing image from a registry, and recreates with reason "image changed" when --pull always finds a new one', async () => {
    const project = newProject('it-pull');
    const ref = `${registry.url}/${project}:1`;
    images.push(ref);
    await pushToRegistry(registry, TEST_IMAGE, `${project}:1`);
    await docker.getImage(ref).remove();
    const dir = writeStack(`{ name: '${project}', services: { app: { image: '${ref}', init: true, command: ['sleep', '3600'] } } }`);

    const plan = await runStack(['plan'], { cwd: dir });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(new RegExp(`image ${ref.replace(/[.:]/g, '\\$&')} will be pulled by up \\(not present locally`));
    expect(await docker.getImage(ref).inspect().catch(() => 'absent')).toBe('absent'); // plan fetched nothing

    const first = await runStack(['up'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect((await runStack(['plan'], { cwd: dir })).code).toBe(0);

    // The registry gets a new image under the same tag; the local tag is put back on the old one.
    await buildVariant(`${project}-v2:latest`, 'v2');
    await pushToRegistry(registry, `${project}-v2:latest`, `${project}:1`);
    await docker.getImage(TEST_IMAGE).tag({ repo: `${registry.url}/${project}`, tag: '1' });
    expect((await runStack(['plan'], { cwd: dir })).code).toBe(0); // plan never pulls, so it cannot know yet

    const pulled = await runStack(['up', '--pull', 'always'], { cwd: dir });
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).toContain('1 container recreated');
    const ps = JSON.parse((await runStack(['ps', '--json'], { cwd: dir })).stdout);
    const exec = await runStack(['exec', 'app', '--', 'cat', '/version'], { cwd: dir });
    expect(exec.stdout.trim()).toBe('v2');
    expect(ps[0].state).toBe('running');
  });

  it('says which image is missing when --pull never is given', async () => {
    const project = newProject('it-never');
    const dir = writeStack(`{ name: '${project}', services: { app: { image: '${registry.url}/absent-${project}:1' } } }`);
    const r = await runStack(['up', '--pull', 'never'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/absent-.*not present locally and --pull never/);
    expect(await projectContainers(project)).toEqual([]);
  });

  it('builds a service image (honouring .dockerignore, args, target) and recreates when the build changes it', async () => {
    const project = newProject('it-build');
    images.push(`${project}-app:latest`);
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-build-'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'Dockerfile'), `FROM ${TEST_IMAGE} AS base\nARG GREETING\nCOPY . /app\nRUN echo "$GREETING" > /greeting\nFROM base AS dev\nCMD ["sleep", "3600"]\nFROM base AS other\nRUN exit 1\n`);
    writeFileSync(join(dir, 'app', 'msg'), 'one');
    writeFileSync(join(dir, 'app', 'secret.txt'), 'do not send');
    writeFileSync(join(dir, 'app', '.dockerignore'), 'secret.txt\n');
    writeStack(`{ name: '${project}', services: { app: { build: { context: './app', target: 'dev', args: { GREETING: 'hi' } }, init: true } } }`, dir);

    const first = await runStack(['up'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const sh = (cmd: string) => runStack(['exec', 'app', '--', 'sh', '-c', cmd], { cwd: dir }).stdout.trim();
    expect(await sh('cat /app/msg; echo; cat /greeting; ls /app')).toBe('one\nhi\nDockerfile\nmsg');

    const again = await runStack(['up'], { cwd: dir });
    expect(again.stdout).toContain('nothing changed'); // unchanged context: cached build, same image ID

    writeFileSync(join(dir, 'app', 'msg'), 'two');
    const rebuilt = await runStack(['up'], { cwd: dir });
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain('1 container recreated');
    expect(await sh('cat /app/msg')).toBe('two');
  });
});
