/**
 * `stack export compose` against the real tools: docker-compose 1.29 accepts the file, and `docker-compose up` of it
 * starts containers whose inspected config matches what `stack up` of the same stack.ts makes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runStack } from '../helpers/run-stack.mjs';
import { foldersForFile } from '../helpers/folders';
import { inContainer } from '../helpers/in-container';
import { projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';

const docker = new Docker();
const project = projectsForFile();
const folder = foldersForFile('stackfile-it-export');

function compose(dir: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('docker-compose', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const stack = (name: string) => `import { defineStack, secret } from 'stackfile';
export default defineStack({
  name: '${name}',
  secrets: { pw: secret.file('./secrets/pw.txt') },
  services: {
    db: {
      image: '${TEST_IMAGE}',
      init: true,
      command: ['sh', '-c', 'mkdir -p /data && touch /data/ready && exec httpd -f -p 5432 -h /data'],
      environment: { ROLE: 'db', PRICE: '$5', FLAG: 'on' },
      volumes: ['data:/data'],
      networks: { back: { aliases: ['database'] } },
      healthcheck: { test: 'test -f /data/ready', interval: '300ms', timeout: '2s', retries: 5 },
      restart: 'always',
      labels: { tier: 'db' },
      secrets: ['pw'],
    },
    api: {
      image: '${TEST_IMAGE}',
      init: true,
      entrypoint: ['sh', '-c'],
      command: ['echo $HOME > /cache/home; exec httpd -f -p 8080'],
      envFile: './conf/api.env',
      environment: { DB_HOST: 'database', TOKEN: secret('API_TOKEN') },
      ports: ['127.0.0.1::8080'],
      volumes: ['./conf:/conf:ro', '/cache'],
      networks: ['back', 'default'],
      dependsOn: { db: 'healthy' },
      extraHosts: ['myhost:10.1.2.3'],
      user: '0:0',
      workingDir: '/conf',
      deploy: { resources: { limits: { memory: '64m', pids: 50 } } },
      labels: ['team=core'],
    },
  },
  volumes: { data: {} },
  networks: { back: {} },
});
`;

/** The fields of an inspected container both tools must agree on, with each tool's own names and labels taken out. */
function essentials(c: Docker.ContainerInspectInfo, project: string) {
  const strip = (s: string) => s.replace(new RegExp(`^${project}_`), '');
  const own = (labels: Record<string, string>) => Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('com.docker.compose.') && !k.startsWith('io.stackfile.')));
  const h = c.HostConfig as Record<string, unknown> & Docker.HostConfig;
  return {
    image: c.Config.Image,
    cmd: c.Config.Cmd,
    entrypoint: c.Config.Entrypoint,
    env: [...(c.Config.Env ?? [])].sort(),
    user: c.Config.User,
    workingDir: c.Config.WorkingDir,
    healthcheck: c.Config.Healthcheck,
    labels: own(c.Config.Labels ?? {}),
    // The daemon reads an empty policy name as "no"; Compose sends it empty.
    restart: { ...h.RestartPolicy, Name: h.RestartPolicy?.Name || 'no' },
    ports: Object.fromEntries(Object.entries(h.PortBindings ?? {}).map(([k, v]) => [k, (v as { HostIp: string; HostPort: string }[]).map((b) => b.HostIp)])),
    // Secrets: Compose bind-mounts the file, stackfile copies it in; the contents are compared separately.
    mounts: (c.Mounts ?? []).filter((m) => !m.Destination.startsWith('/run/secrets')).map((m) => ({ type: m.Type, destination: m.Destination, rw: m.RW, source: m.Type === 'bind' ? m.Source : m.Type === 'volume' && !/^[0-9a-f]{64}$/.test(m.Name ?? '') ? strip(m.Name ?? '') : '(anonymous)' })).sort((a, b) => a.destination.localeCompare(b.destination)),
    networks: Object.fromEntries(Object.entries(c.NetworkSettings.Networks).map(([n, e]) => [strip(n), (e.Aliases ?? []).filter((a: string) => !c.Id.startsWith(a)).sort()])),
    extraHosts: h.ExtraHosts,
    init: h.Init,
    memory: h.Memory,
    pids: h.PidsLimit,
  };
}

describe('stack export compose', () => {
  it('writes a file docker-compose 1.29 accepts, which starts the containers stack up starts', async () => {
    const name = project('it-export');
    const dir = folder({ 'stack.ts': stack(name), 'secrets/pw.txt': 'pw-from-file', 'conf/app.conf': 'x=1\n', 'conf/api.env': 'API_KEY=key-from-env-file\nDB_HOST=overridden\n' });
    const env = { API_TOKEN: 'token-value-7' };

    const exported = runStack(['export', 'compose', '-o', 'deploy/docker-compose.yml'], { cwd: dir, env });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain('wrote deploy/docker-compose.yml (2 services)');
    expect(exported.stderr).not.toMatch(/warning/);
    const file = join(dir, 'deploy', 'docker-compose.yml');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/pw-from-file|token-value-7|key-from-env-file/);
    expect(parse(text)).toMatchObject({
      services: { api: { volumes: ['../conf:/conf:ro', '/cache'], env_file: ['../conf/api.env'], environment: { DB_HOST: 'database', TOKEN: '${API_TOKEN}' } } },
      secrets: { pw: { file: '../secrets/pw.txt' } },
    });
    const checked = compose(join(dir, 'deploy'), ['-f', 'docker-compose.yml', 'config'], env);
    expect(checked.code, checked.stderr).toBe(0);

    const stackfile = project('it-export-s');
    const up = runStack(['up', '-p', stackfile], { cwd: dir, env });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const viaCompose = project('it-export-c');
    try {
      const started = compose(join(dir, 'deploy'), ['-p', viaCompose, '-f', 'docker-compose.yml', 'up', '-d'], env);
      expect(started.code, started.stderr).toBe(0);
      for (const service of ['db', 'api']) {
        const ours = await docker.getContainer(`${stackfile}-${service}-1`).inspect();
        const theirs = await docker.getContainer(`${viaCompose}_${service}_1`).inspect();
        expect(essentials(theirs, viaCompose), service).toEqual(essentials(ours, stackfile));
      }
      expect(await inContainer(`${viaCompose}_db_1`, ['cat', '/run/secrets/pw'])).toBe('pw-from-file');
      expect(await inContainer(`${stackfile}-db-1`, ['cat', '/run/secrets/pw'])).toBe('pw-from-file');
      // $HOME reached the container's shell as written (Compose would otherwise put in the host's).
      expect(await inContainer(`${viaCompose}_api_1`, ['cat', '/cache/home'])).toBe(await inContainer(`${stackfile}-api-1`, ['cat', '/cache/home']));
      expect(await inContainer(`${viaCompose}_api_1`, ['cat', '/cache/home'])).toBe('/\n');
      expect((await docker.getContainer(`${viaCompose}_db_1`).inspect()).Config.Env).toEqual(expect.arrayContaining(['PRICE=$5', 'FLAG=on']));
    } finally {
      compose(join(dir, 'deploy'), ['-p', viaCompose, '-f', 'docker-compose.yml', 'down', '-v', '-t', '1'], env);
    }
  });

  it('prints to standard output, with paths relative to the current folder, and names what 1.29 cannot read', () => {
    const name = project('it-export-out');
    const dir = folder({
      'stack.ts': `import { defineStack, secret } from 'stackfile';
export default defineStack({ name: '${name}', secrets: { pw: secret('PW') }, configs: { motd: { content: 'hi' } }, services: { a: { image: '${TEST_IMAGE}', secrets: ['pw'], configs: ['motd'], volumes: ['./data:/data'] } } });
`,
    });
    const r = runStack(['export', 'compose'], { cwd: dir, env: { PW: 'x' } });
    expect(r.code, r.stderr).toBe(0);
    expect(parse(r.stdout)).toEqual({ services: { a: { image: TEST_IMAGE, secrets: ['pw'], configs: ['motd'], volumes: ['./data:/data'] } }, secrets: { pw: { environment: 'PW' } }, configs: { motd: { content: 'hi' } } });
    // The file names where the secret comes from, never its value: exporting needs no value, and writes the same.
    const unset = runStack(['export', 'compose'], { cwd: dir, env: { PW: undefined } });
    expect(unset.code, unset.stderr).toBe(0);
    expect(unset.stdout).toBe(r.stdout);
    expect(r.stderr).toContain('warning: secrets.pw, configs.motd have environment: or content: sources, which docker compose v2 reads and docker-compose 1.29 rejects');
  });

  it('exports the stack with an env overlay applied, and says so in the header', () => {
    const name = project('it-export-env');
    const dir = folder({ 'stack.ts': `import { defineStack } from 'stackfile';\nexport default defineStack({ name: '${name}', services: { a: { image: 'app:dev' } }, envs: { prod: { services: { a: { image: 'app:1.4', replicas: 2 } } } } });\n` });
    const r = runStack(['export', 'compose', '--env', 'prod'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`(project ${name}, env prod)`);
    expect(parse(r.stdout)).toEqual({ services: { a: { image: 'app:1.4', deploy: { replicas: 2 } } } });
  });

  it('-o FILE never replaces a file it did not write (the compose file stack import read) without --force', () => {
    const dir = folder({ 'stack.ts': `import { defineStack } from 'stackfile';\nexport default defineStack({ name: 'keep', services: { a: { image: 'x' } } });\n`, 'docker-compose.yml': 'services: { a: { image: x } } # mine\n' });
    const refused = runStack(['export', 'compose', '-o', 'docker-compose.yml'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('docker-compose.yml exists and was not written by stack export compose');
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')).toBe('services: { a: { image: x } } # mine\n');
    expect(runStack(['export', 'compose', '-o', 'docker-compose.yml', '--force'], { cwd: dir }).code).toBe(0);
    // Its own file it replaces.
    const again = runStack(['export', 'compose', '-o', 'docker-compose.yml'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')).toMatch(/^# Written by stack export compose/);
  });

  it('an invalid stack is reported as by every command, and nothing is written', () => {
    const dir = folder({ 'stack.ts': `import { defineStack } from 'stackfile';\nexport default defineStack({ services: { a: { image: 'x', networkMode: 'service:nope' } } });\n` });
    const r = runStack(['export', 'compose', '-o', 'out.yml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('services.a.networkMode: "nope" is not a service in this stack');
    expect(spawnSync('test', ['-e', join(dir, 'out.yml')]).status).toBe(1);
  });
});
