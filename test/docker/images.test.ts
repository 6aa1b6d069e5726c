import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerClient } from '../../src/docker/connect';
import { DockerError } from '../../src/errors';
import { foldersForFile } from '../helpers/folders';
import { cleanupProject, uniqueProject } from '../helpers/project';
import { pushToRegistry, startRegistry, type LocalRegistry } from '../helpers/registry';
import { TEST_IMAGE } from '../helpers/test-image';
import { connectAndCreate } from './connect-and-create';
import { desiredService } from './desired-service';

const docker = createDockerClient();
const project = uniqueProject('sf-images');
const tagPrefix = `stackfile-test/${project}`;
const contextDir = foldersForFile('stackfile-build');
const images: string[] = [];
/** First step of every test Dockerfile, so the layers a build leaves behind (a failed one too) can be found and removed. */
const FROM = `FROM ${TEST_IMAGE}\nLABEL io.stackfile.test=${project}\n`;

afterAll(async () => {
  await cleanupProject(project);
  const raw = new Docker();
  for (const image of images) await raw.getImage(image).remove({ force: true }).catch(() => undefined);
  await raw.pruneImages({ filters: { dangling: ['false'], label: [`io.stackfile.test=${project}`] } });
});

/** Runs `cmd` in `image` to completion and returns its output lines. */
async function runToEnd(image: string, cmd: string[]): Promise<string[]> {
  const id = await connectAndCreate(docker, desiredService({ name: `run${images.length}${Math.floor(Math.random() * 1e6)}`, image, command: cmd }), project, 1);
  await docker.startContainer(id);
  for (let i = 0; i < 100 && (await docker.inspectContainer(id)).state !== 'exited'; i++) await new Promise((r) => setTimeout(r, 100));
  return docker.logTail(id, 100);
}

describe('buildImage', () => {
  it('honours .dockerignore but always sends the Dockerfile', async () => {
    const tag = `${tagPrefix}-ignore:1`;
    images.push(tag);
    const context = contextDir({
      // "Dockerfile" and "*.secret" are ignored; the Dockerfile must reach the builder anyway.
      '.dockerignore': '# comment\n*.secret\nDockerfile\nskipped/\n',
      Dockerfile: `${FROM}COPY . /ctx/\n`,
      'keep.txt': 'kept',
      'token.secret': 'hunter2',
      'skipped/file.txt': 'x',
      'sub/nested.txt': 'y',
    });
    const progress: string[] = [];
    await docker.buildImage({ context, dockerfile: 'Dockerfile', args: {} }, tag, (line) => progress.push(line));
    expect(progress.some((l) => /^Step 3\/3 : COPY/.test(l))).toBe(true);
    expect(Object.keys(await docker.imageIds([tag]))).toEqual([tag]);
    const listing = await runToEnd(tag, ['sh', '-c', 'cd /ctx && find . -type f | sort']);
    // The builder applies .dockerignore to COPY too, so the Dockerfile it received is not copied.
    expect(listing).toEqual(['./.dockerignore', './keep.txt', './sub/nested.txt']);
  });

  it('passes build args and stops at the target stage', async () => {
    const tag = `${tagPrefix}-target:1`;
    images.push(tag);
    const context = contextDir({
      'docker/app.Dockerfile': `FROM ${TEST_IMAGE} AS base\nLABEL io.stackfile.test=${project}\nARG GREETING\nRUN echo "$GREETING" > /greeting\nFROM base AS broken\nRUN exit 1\n`,
    });
    await docker.buildImage({ context, dockerfile: 'docker/app.Dockerfile', target: 'base', args: { GREETING: 'hello-arg' } }, tag);
    expect(await runToEnd(tag, ['cat', '/greeting'])).toEqual(['hello-arg']);
  });

  it('takes a Dockerfile from outside the context', async () => {
    const tag = `${tagPrefix}-outside:1`;
    images.push(tag);
    const outside = contextDir({ 'Dockerfile.outside': `${FROM}COPY hello.txt /hello.txt\n` });
    const context = contextDir({ 'hello.txt': 'from-context\n' });
    await docker.buildImage({ context, dockerfile: join(outside, 'Dockerfile.outside'), args: {} }, tag);
    expect(await runToEnd(tag, ['cat', '/hello.txt'])).toEqual(['from-context']);
  });

  it('rejects a failing step with that step\'s output', async () => {
    const tag = `${tagPrefix}-broken:1`;
    images.push(tag);
    const context = contextDir({ Dockerfile: `${FROM}RUN echo fine\nRUN echo step-output-marker && echo on-stderr >&2 && exit 7\n` });
    const err = await docker.buildImage({ context, dockerfile: 'Dockerfile', args: {} }, tag).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerError);
    const e = err as DockerError;
    expect(e.kind).toBe('build-failed');
    expect(e.message).toContain('returned a non-zero code: 7');
    expect(e.message).toContain('step-output-marker');
    expect(e.message).toContain('on-stderr');
    expect(e.message).toContain('Step 4/4');
    // Only the failing step, not the earlier ones.
    expect(e.message).not.toContain('Step 3/4');
  });

  it('rejects a missing context with a build error, not "unreachable"', async () => {
    const err = await docker.buildImage({ context: '/nonexistent/ctx', dockerfile: 'Dockerfile', args: {} }, `${tagPrefix}-none:1`).catch((e: unknown) => e);
    expect((err as DockerError).kind).toBe('build-failed');
    expect((err as DockerError).message).toContain('/nonexistent/ctx');
  });
});

describe('pullImage', () => {
  let registry: LocalRegistry;
  beforeAll(async () => {
    registry = await startRegistry(5055);
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('pulls from a registry and the image shows up in imageIds', async () => {
    const pushed = await pushToRegistry(registry, TEST_IMAGE, `${project}/pulled:v1`);
    images.push(pushed);
    const raw = new Docker();
    await raw.getImage(pushed).remove();
    expect(await docker.imageIds([pushed])).toEqual({});

    const progress: string[] = [];
    await docker.pullImage(pushed, (line) => progress.push(line));
    expect(progress.join('\n')).toMatch(/Downloaded newer image|Pull complete|Image is up to date|Status:/);
    const ids = await docker.imageIds([pushed, TEST_IMAGE]);
    expect(ids[pushed]).toMatch(/^sha256:/);
    expect(ids[pushed]).toBe(ids[TEST_IMAGE]);
  });

  it('pulls a reference without a tag as :latest', async () => {
    const pushed = await pushToRegistry(registry, TEST_IMAGE, `${project}/untagged:latest`);
    images.push(pushed);
    await new Docker().getImage(pushed).remove();
    const ref = `${registry.url}/${project}/untagged`;
    await docker.pullImage(ref);
    expect((await docker.imageIds([ref]))[ref]).toMatch(/^sha256:/);
  });

  it('classifies a missing image', async () => {
    const ref = `${registry.url}/${project}/missing:nope`;
    const err = await docker.pullImage(ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerError);
    expect((err as DockerError).kind).toBe('image-not-found');
    expect((err as DockerError).message).toContain(ref);
    expect((err as DockerError).cause).toBeDefined();
  });
});
