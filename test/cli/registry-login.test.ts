import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port';
import { projectsForFile } from '../helpers/project';
import { REGISTRY_LOGIN, startRegistry, type LocalRegistry } from '../helpers/registry';
import { runStack } from '../helpers/run-stack.mjs';
import { TEST_IMAGE } from '../helpers/test-image';
import { writeStack } from '../integration/stacks';

/**
 * `stack push` and `stack pull` against a registry that requires a login, with the login stored where and how the
 * docker CLI stores it: by the real `docker login` (base64 `auths` in config.json), and by a credential helper.
 */
const docker = new Docker();
const project = projectsForFile();
const name = project('it-login');
const temp: string[] = [];
let registry: LocalRegistry;
let ref: string;
let pushDir: string;
let pullDir: string;

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temp.push(dir);
  return dir;
};
const basic = `Basic ${Buffer.from(`${REGISTRY_LOGIN.user}:${REGISTRY_LOGIN.password}`).toString('base64')}`;
const tags = async (repo: string) => (await fetch(`http://${registry.url}/v2/${repo}/tags/list`, { headers: { Authorization: basic } })).json();
const noTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at /m);

beforeAll(async () => {
  registry = await startRegistry(await freePort(), { login: true });
  ref = `${registry.url}/${name}:1`;
  pushDir = writeStack(`{ name: '${name}', services: { app: { image: '${ref}', build: './app' } } }`);
  mkdirSync(join(pushDir, 'app'));
  writeFileSync(join(pushDir, 'app', 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo pushed > /pushed\n`);
  pullDir = writeStack(`{ name: '${name}-pull', services: { app: { image: '${ref}' } } }`);
  const built = runStack(['build'], { cwd: pushDir });
  expect(built.code, built.stderr).toBe(0);
});

afterAll(async () => {
  await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
  await registry?.stop();
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe('a registry that requires a login', () => {
  it('without a login, push is refused with one paragraph naming `docker login <registry>`', () => {
    const r = runStack(['push'], { cwd: pushDir, env: { DOCKER_CONFIG: tempDir('stackfile-nologin-') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`pushing image ${ref} was refused by its registry`);
    expect(r.stderr).toContain(`docker login ${registry.url}`);
    noTrace(r.stderr);
  });

  it('after `docker login` (its config.json), push sends the image and pull fetches it', async () => {
    const config = tempDir('stackfile-login-');
    const login = spawnSync('docker', ['--config', config, 'login', registry.url, '-u', REGISTRY_LOGIN.user, '--password-stdin'], { input: REGISTRY_LOGIN.password, encoding: 'utf8' });
    expect(login.status, login.stderr).toBe(0);
    const push = runStack(['push'], { cwd: pushDir, env: { DOCKER_CONFIG: config } });
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain(`pushed ${ref}`);
    expect(await tags(name)).toMatchObject({ tags: ['1'] });

    await docker.getImage(ref).remove({ force: true });
    const anonymous = runStack(['pull'], { cwd: pullDir, env: { DOCKER_CONFIG: tempDir('stackfile-nologin-') } });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain(`pulling image ${ref} was denied`);
    noTrace(anonymous.stderr);
    const pull = runStack(['pull'], { cwd: pullDir, env: { DOCKER_CONFIG: config } });
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toContain(`pulled ${ref}`);
    expect((await docker.getImage(ref).inspect()).Config.Labels ?? {}).toBeDefined();
  });

  it('a build whose FROM image is in the registry pulls it with the login (X-Registry-Config), and fails without', async () => {
    const config = tempDir('stackfile-login-from-');
    const login = spawnSync('docker', ['--config', config, 'login', registry.url, '-u', REGISTRY_LOGIN.user, '--password-stdin'], { input: REGISTRY_LOGIN.password, encoding: 'utf8' });
    expect(login.status, login.stderr).toBe(0);
    // The image pushed above, as the base of another build; not in the local store, so the builder must pull it.
    expect(runStack(['push'], { cwd: pushDir, env: { DOCKER_CONFIG: config } }).code).toBe(0);
    const childTag = `${name}-child:1`;
    const childDir = writeStack(`{ name: '${name}-child', services: { app: { image: '${childTag}', build: './app' } } }`);
    temp.push(childDir);
    mkdirSync(join(childDir, 'app'));
    writeFileSync(join(childDir, 'app', 'Dockerfile'), `FROM ${ref}\nRUN test -f /pushed\n`);
    try {
      await docker.getImage(ref).remove({ force: true });
      const anonymous = runStack(['build'], { cwd: childDir, env: { DOCKER_CONFIG: tempDir('stackfile-nologin-') } });
      expect(anonymous.code).toBe(1);
      noTrace(anonymous.stderr);
      await expect(docker.getImage(childTag).inspect()).rejects.toThrow();
      const built = runStack(['build'], { cwd: childDir, env: { DOCKER_CONFIG: config } });
      expect(built.code, built.stderr).toBe(0);
      expect((await docker.getImage(childTag).inspect()).Id).toMatch(/^sha256:/);
    } finally {
      await docker.getImage(childTag).remove({ force: true }).catch(() => undefined);
    }
  });

  it('a credsStore helper is asked for the login, as the docker CLI asks it', async () => {
    const config = tempDir('stackfile-helper-');
    writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { [registry.url]: {} }, credsStore: 'stackfile-test' }));
    const asked = join(config, 'asked');
    writeFileSync(join(config, 'docker-credential-stackfile-test'), `#!/bin/sh
read server
echo "$1 $server" >> '${asked}'
printf '{"ServerURL":"%s","Username":"${REGISTRY_LOGIN.user}","Secret":"${REGISTRY_LOGIN.password}"}' "$server"
`);
    chmodSync(join(config, 'docker-credential-stackfile-test'), 0o755);
    const env = { DOCKER_CONFIG: config, PATH: `${config}${delimiter}${process.env.PATH}` };
    await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
    const pull = runStack(['pull'], { cwd: pullDir, env });
    expect(pull.code, pull.stderr).toBe(0);
    expect((await docker.getImage(ref).inspect()).Id).toMatch(/^sha256:/);
    const push = runStack(['push'], { cwd: pushDir, env });
    expect(push.code, push.stderr).toBe(0);
    expect(spawnSync('cat', [asked], { encoding: 'utf8' }).stdout).toBe(`get ${registry.url}\nget ${registry.url}\n`);
  });
});
