import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { runStack } from '../helpers/run-stack.mjs';
import { foldersForFile } from '../helpers/folders';
import { projectContainers, projectsForFile } from '../helpers/project';
import { TEST_IMAGE } from '../helpers/test-image';
import { inContainer } from '../helpers/in-container';

const docker = new Docker();
const project = projectsForFile();

const folder = foldersForFile('stackfile-it');

/** Files under `dir` whose bytes match `pattern`. */
function filesHolding(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => pattern.test(readFileSync(file, 'latin1')));
}

const secretStack = (name: string) => `import { defineStack, secret } from 'stackfile';
export default defineStack({
  name: '${name}',
  services: {
    app: {
      image: '${TEST_IMAGE}',
      init: true,
      command: ['sleep', '3600'],
      environment: { TOKEN: secret('API_TOKEN'), PLAIN: 'visible' },
      secrets: { db_password: secret('DB_PASSWORD'), tls: { source: secret.file('./tls.key'), mode: 0o400 } },
    },
  },
});
`;

describe('secrets against the real daemon', () => {
  it('copies secret files in before start, shows the values nowhere, and recreates when one changes', async () => {
    const name = project('it-secret');
    const [pw1, pw2, key, token1, token2] = Array.from({ length: 5 }, () => `v${randomBytes(8).toString('hex')}`);
    const dir = folder({ 'stack.ts': secretStack(name), '.env': `DB_PASSWORD=${pw1}\n`, 'tls.key': key });
    const env = { API_TOKEN: token1 };
    const values = new RegExp([pw1, pw2, key, token1, token2].join('|'));

    const up = runStack(['up'], { cwd: dir, env });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout + up.stderr).not.toMatch(values);
    const container = `${name}-app-1`;
    expect(await inContainer(container, ['cat', '/run/secrets/db_password'])).toBe(pw1);
    expect(await inContainer(container, ['cat', '/run/secrets/tls'])).toBe(key);
    expect((await inContainer(container, ['stat', '-c', '%a', '/run/secrets/tls'])).trim()).toBe('400');
    const info = await docker.getContainer(container).inspect();
    // A secret file leaves no trace in inspect; an environment secret is in Env by nature (why files are safer).
    expect(JSON.stringify([info.Config.Env, info.Config.Labels, info.Mounts, info.HostConfig.Binds])).not.toMatch(new RegExp(`${pw1}|${key}`));
    expect(JSON.stringify(info.Config.Labels)).not.toMatch(values);

    for (const args of [['config'], ['plan'], ['config', '--explain'], ['ps']]) {
      const r = runStack(args, { cwd: dir, env });
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(values);
    }
    expect(runStack(['plan'], { cwd: dir, env }).code).toBe(0);

    writeFileSync(join(dir, '.env'), `DB_PASSWORD=${pw2}\n`);
    const plan = runStack(['plan'], { cwd: dir, env: { API_TOKEN: token2 } });
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('secret db_password changed');
    expect(plan.stdout).toContain('secret environment.TOKEN changed');
    expect(plan.stdout + plan.stderr).not.toMatch(values);

    const again = runStack(['up'], { cwd: dir, env: { API_TOKEN: token2 } });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout + again.stderr).not.toMatch(values);
    expect(await inContainer(container, ['cat', '/run/secrets/db_password'])).toBe(pw2);
    expect(runStack(['plan'], { cwd: dir, env: { API_TOKEN: token2 } }).code).toBe(0);
    // Nor on the host outside the container: the cache folder every command above wrote to holds none of them.
    expect(filesHolding(process.env.STACKFILE_CACHE_DIR!, values)).toEqual([]);
  });

  it('copies a secret and a config that are not text byte for byte, and sees a changed byte', async () => {
    const name = project('it-binary');
    // Bytes that are not UTF-8 (0xff, 0xfe, a lone continuation byte, NUL), as in a .p12 keystore or a DER certificate.
    const keystore = Buffer.concat([Buffer.from([0x30, 0x82, 0xff, 0xfe, 0x80, 0x00]), randomBytes(2000)]);
    const blob = Buffer.concat([Buffer.from([0xc3, 0x28, 0x00]), randomBytes(500)]);
    const dir = folder({
      'stack.ts': `import { defineStack, secret } from 'stackfile';
export default defineStack({
  name: '${name}',
  configs: { blob: { file: './blob.bin' } },
  services: { app: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], secrets: { keystore: secret.file('./keystore.p12') }, configs: [{ source: 'blob', target: '/data/blob.bin' }] } },
});
`,
    });
    writeFileSync(join(dir, 'keystore.p12'), keystore);
    writeFileSync(join(dir, 'blob.bin'), blob);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

    const up = runStack(['up'], { cwd: dir });
    expect(up.code, up.stderr).toBe(0);
    const container = `${name}-app-1`;
    expect((await inContainer(container, ['sha256sum', '/run/secrets/keystore'])).split(' ')[0]).toBe(sha(keystore));
    expect((await inContainer(container, ['sha256sum', '/data/blob.bin'])).split(' ')[0]).toBe(sha(blob));
    expect(runStack(['plan'], { cwd: dir }).code).toBe(0);

    keystore[100] ^= 0xff;
    writeFileSync(join(dir, 'keystore.p12'), keystore);
    const plan = runStack(['plan'], { cwd: dir });
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('secret keystore changed');
    expect(runStack(['up'], { cwd: dir }).code).toBe(0);
    expect((await inContainer(container, ['sha256sum', '/run/secrets/keystore'])).split(' ')[0]).toBe(sha(keystore));
  });

  it('masks secret values a failing container printed in the failure diagnosis', async () => {
    const name = project('it-leak');
    const [pw, token] = [`p${randomBytes(8).toString('hex')}`, `t${randomBytes(8).toString('hex')}`];
    const dir = folder({
      'stack.ts': `import { defineStack, secret } from 'stackfile';
export default defineStack({
  name: '${name}',
  services: {
    // The healthcheck makes up wait for healthy, which a container that exits at once never is: without one, a
    // quick exit may race the "running" check and pass it.
    app: { image: '${TEST_IMAGE}', command: ['sh', '-c', 'cat /run/secrets/pw; echo; echo token=$TOKEN; exit 3'], environment: { TOKEN: secret.value('${token}') }, secrets: { pw: secret.value('${pw}') }, healthcheck: { test: ['CMD', 'true'], interval: '1s' } },
  },
});
`,
    });
    const r = runStack(['up'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exit code 3/);
    expect(r.stderr).toContain('token=(secret)');
    expect(r.stdout + r.stderr).not.toMatch(new RegExp(`${pw}|${token}`));
  });

  it('reports every missing variable in one error and creates nothing', async () => {
    const name = project('it-missing');
    const dir = folder({
      'stack.ts': `import { defineStack, secret } from 'stackfile';
export default defineStack((ctx) => ({
  name: '${name}',
  services: {
    app: { image: '${TEST_IMAGE}', environment: { A: ctx.vars.require('NEED_A'), B: ctx.vars.require('NEED_B') }, secrets: { c: secret('NEED_C') } },
  },
}));
`,
    });
    const r = runStack(['up'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/3 problems/);
    for (const v of ['NEED_A', 'NEED_B', 'NEED_C']) expect(r.stderr).toContain(v);
    expect(r.stderr).toMatch(/stack\.ts:5:\d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await projectContainers(name)).toEqual([]);
  });
});

describe('label-driven commands with a stack.ts that no longer validates', () => {
  it('ps and down still work when this shell lacks a required variable', async () => {
    const name = project('it-novar');
    const dir = folder({
      'stack.ts': `import { defineStack } from 'stackfile';
export default defineStack((ctx) => ({ name: '${name}', services: { app: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], environment: { P: ctx.vars.require('ONLY_IN_CI') } } } }));
`,
    });
    expect(runStack(['up'], { cwd: dir, env: { ONLY_IN_CI: 'x' } }).code).toBe(0);
    const ps = runStack(['ps'], { cwd: dir });
    expect(ps.code, ps.stderr).toBe(0);
    expect(ps.stdout).toContain(`${name}-app-1`);
    expect(ps.stderr).toMatch(/stack\.ts has 1 problem/);
    const down = runStack(['down'], { cwd: dir });
    expect(down.code, down.stderr).toBe(0);
    expect(await projectContainers(name)).toEqual([]);
  });
});

describe('env overlays against the real daemon', () => {
  it('applies the prod overlay, then converges back to dev with exactly the changed fields', async () => {
    const name = project('it-envs');
    const dir = folder({
      'stack.ts': `import { defineStack } from 'stackfile';
export default defineStack({
  name: '${name}',
  services: { api: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], environment: { MODE: 'dev' } } },
  envs: {
    dev: {},
    prod: { services: { api: { replicas: 2, restart: 'always', environment: { MODE: 'prod' } } } },
  },
});
`,
    });
    const prod = runStack(['up', '--env', 'prod'], { cwd: dir });
    expect(prod.code, prod.stderr).toBe(0);
    const listed = await projectContainers(name);
    expect(listed.map((c) => c.Names[0]).sort()).toEqual([`/${name}-api-1`, `/${name}-api-2`]);
    expect((await docker.getContainer(`${name}-api-1`).inspect()).HostConfig.RestartPolicy?.Name).toBe('always');

    const plan = runStack(['plan', '--env', 'dev'], { cwd: dir });
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/recreate\s+container .*-api-1/);
    expect(plan.stdout).toMatch(/environment\.MODE: "prod" .*→.* "dev"/);
    expect(plan.stdout).toMatch(/restart: "always" .*→.* "no"/);
    expect(plan.stdout).toMatch(/remove\s+container .*-api-2.*replicas reduced to 1/);
    expect(plan.stdout).toContain('0 to create, 1 to recreate, 0 to start, 1 to remove');

    const dev = runStack(['up', '--env', 'dev'], { cwd: dir });
    expect(dev.code, dev.stderr).toBe(0);
    const after = await projectContainers(name);
    expect(after.map((c) => c.Names[0])).toEqual([`/${name}-api-1`]);
    expect((await docker.getContainer(`${name}-api-1`).inspect()).HostConfig.RestartPolicy?.Name).toBe('no');
  });

  it('runs a service with a profile only when enabled, and leaves it alone afterwards', async () => {
    const name = project('it-profile');
    const dir = folder({
      'stack.ts': `import { defineStack } from 'stackfile';
export default defineStack({
  name: '${name}',
  services: {
    api: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'] },
    debug: { image: '${TEST_IMAGE}', init: true, command: ['sleep', '3600'], profiles: ['debug'] },
  },
});
`,
    });
    const names = async () => (await projectContainers(name)).map((c) => c.Names[0]).sort();
    expect(runStack(['up'], { cwd: dir }).code).toBe(0);
    expect(await names()).toEqual([`/${name}-api-1`]);
    expect(runStack(['up', '--profile', 'debug'], { cwd: dir }).code).toBe(0);
    expect(await names()).toEqual([`/${name}-api-1`, `/${name}-debug-1`]);
    const plan = runStack(['plan'], { cwd: dir });
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain('debug is disabled (profiles: debug)');
    expect(runStack(['down'], { cwd: dir }).code).toBe(0);
    expect(await names()).toEqual([]);
    // Naming a service enables it.
    expect(runStack(['up', 'debug'], { cwd: dir }).code).toBe(0);
    expect(await names()).toEqual([`/${name}-debug-1`]);
  });
});
