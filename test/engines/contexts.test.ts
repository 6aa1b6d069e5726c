import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldersForFile } from '../helpers/folders';
import { projectContainers, projectsForFile } from '../helpers/project';
import { ensureBuilt, runStackAsync, stackTraceLines } from '../helpers/run-stack.mjs';
import { TEST_IMAGE } from '../helpers/test-image';
import { makeCerts, tlsProxy } from '../helpers/tls-proxy';
import { writeStack } from '../integration/stacks';

/**
 * `docker context` as users have it: contexts made by the docker CLI itself (`docker context create`) in a config
 * folder of the test's own (DOCKER_CONFIG), one of them a TLS endpoint with client certificates.
 */
const folder = foldersForFile('stackfile-contexts');
const project = projectsForFile();
let config: string;
let proxy: Awaited<ReturnType<typeof tlsProxy>>;

const docker = (...args: string[]) => execFileSync('docker', args, { env: { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: '' }, stdio: 'pipe' }).toString();
/** The CLI with the test's docker config and nothing else choosing a daemon, unless `env` says so. */
const stack = (args: string[], cwd: string, env: Record<string, string | undefined> = {}) =>
  runStackAsync(args, { cwd, env: { DOCKER_CONFIG: config, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, ...env } });

const smallStack = (name: string) => writeStack(`{ name: '${name}', services: { app: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'] } } }`);

beforeAll(async () => {
  await ensureBuilt();
  config = folder();
  const certs = makeCerts();
  proxy = await tlsProxy(certs);
  docker('context', 'create', 'local', '--docker', 'host=unix:///var/run/docker.sock');
  docker('context', 'create', 'nowhere', '--docker', 'host=unix:///nonexistent/docker.sock');
  docker('context', 'create', 'tls', '--docker', `host=tcp://127.0.0.1:${proxy.port},ca=${certs.ca},cert=${certs.clientCert},key=${certs.clientKey}`);
  // Trusts the server but has no client certificate: the daemon (here the proxy) refuses it.
  docker('context', 'create', 'no-client-cert', '--docker', `host=tcp://127.0.0.1:${proxy.port},ca=${certs.ca}`);
  docker('context', 'use', 'local');
});
afterAll(() => proxy?.server.close());

describe('docker contexts', () => {
  it('the current context of config.json; DOCKER_CONTEXT overrides it, DOCKER_HOST overrides that, --context all', async () => {
    const name = project('ctx-current');
    const dir = smallStack(name);
    const up = await stack(['up'], dir);
    expect(up.code, up.stderr).toBe(0);
    expect((await projectContainers(name)).map((c) => c.State)).toEqual(['running']);

    const viaEnv = await stack(['ps', '--json'], dir, { DOCKER_CONTEXT: 'nowhere' });
    expect(viaEnv.code).toBe(1);
    expect(viaEnv.stderr).toContain('cannot reach the Docker daemon at unix:///nonexistent/docker.sock (docker context nowhere)');
    expect(viaEnv.stderr).toContain('docker context ls');
    expect(stackTraceLines(viaEnv.stderr)).toEqual([]);

    const hostBeatsContext = await stack(['ps', '--json'], dir, { DOCKER_CONTEXT: 'nowhere', DOCKER_HOST: 'unix:///var/run/docker.sock' });
    expect(hostBeatsContext.code, hostBeatsContext.stderr).toBe(0);
    expect(JSON.parse(hostBeatsContext.stdout)).toHaveLength(1);

    const flagBeatsAll = await stack(['ps', '--json', '--context', 'local'], dir, { DOCKER_CONTEXT: 'nowhere', DOCKER_HOST: 'unix:///nonexistent/other.sock' });
    expect(flagBeatsAll.code, flagBeatsAll.stderr).toBe(0);
    expect(JSON.parse(flagBeatsAll.stdout)).toHaveLength(1);

    // Before the command name too, as `docker --context NAME ps`.
    const down = await stack(['--context', 'nowhere', 'down'], dir);
    expect(down.code).toBe(1);
    expect((await projectContainers(name)).length).toBe(1);
    expect((await stack(['--context', 'local', 'down'], dir)).code).toBe(0);
    expect(await projectContainers(name)).toEqual([]);
  });

  it('a context that does not exist: one paragraph naming it and how it was chosen, exit 1', async () => {
    const r = await stack(['ps', '-p', 'any', '--context', 'staging'], folder());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: Docker context "staging" \(--context\) does not exist: there is no .*meta\.json\nhint: `docker context ls` lists the contexts/);
    expect(stackTraceLines(r.stderr)).toEqual([]);
  });

  it('a TLS tcp:// context with client certificates: up, ps and down through it', async () => {
    const name = project('ctx-tls');
    const dir = smallStack(name);
    const up = await stack(['--context', 'tls', 'up'], dir);
    expect(up.code, up.stderr).toBe(0);
    const ps = await stack(['ps', '--json'], dir, { DOCKER_CONTEXT: 'tls' });
    expect(ps.code, ps.stderr).toBe(0);
    expect(JSON.parse(ps.stdout)).toMatchObject([{ service: 'app', state: 'running' }]);
    const plan = await stack(['plan'], dir, { DOCKER_CONTEXT: 'tls' });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect((await stack(['down'], dir, { DOCKER_CONTEXT: 'tls' })).code).toBe(0);
    expect(await projectContainers(name)).toEqual([]);
  });

  it('a TLS context without a client certificate is refused, and the error says where it went', async () => {
    const r = await stack(['ps', '-p', 'any', '--context', 'no-client-cert'], folder());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach the Docker daemon at tcp://127.0.0.1:${proxy.port} (docker context no-client-cert): TLS failed (tlsv13 alert certificate required)`);
    expect(r.stderr).toContain("hint: the daemon wants certificates signed by its CA");
    expect(stackTraceLines(r.stderr)).toEqual([]);
  });
});
