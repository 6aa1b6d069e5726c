import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCKER_HUB_KEY, registryAuth, registryKey } from '../../src/docker/registry-auth';
import { UserError } from '../../src/errors';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A DOCKER_CONFIG folder holding `config`, and a bin folder with the given credential helpers (shell scripts). */
function dockerConfig(config: unknown, helpers: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'stackfile-creds-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  for (const [name, script] of Object.entries(helpers)) {
    const file = join(dir, `docker-credential-${name}`);
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
  }
  return { ...process.env, DOCKER_CONFIG: dir, PATH: `${dir}${delimiter}${process.env.PATH}` };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('registryKey: the registry an image reference points at, as the docker CLI keys its logins', () => {
  it.each([
    ['postgres:16', DOCKER_HUB_KEY],
    ['library/postgres', DOCKER_HUB_KEY],
    ['me/app:1', DOCKER_HUB_KEY],
    ['docker.io/me/app', DOCKER_HUB_KEY],
    ['ghcr.io/me/app:1', 'ghcr.io'],
    ['127.0.0.1:5000/app', '127.0.0.1:5000'],
    ['localhost/app', 'localhost'],
    ['Registry/app', 'Registry'],
  ])('%s → %s', (ref, key) => expect(registryKey(ref)).toBe(key));
});

describe('registryAuth: the logins `docker login` stored', () => {
  it('decodes the base64 user:password of auths (a password may hold a colon)', async () => {
    const env = dockerConfig({ auths: { '127.0.0.1:5000': { auth: b64('alice:pa:ss') } } });
    expect(await registryAuth('127.0.0.1:5000/app:1', env)).toEqual({ serveraddress: '127.0.0.1:5000', username: 'alice', password: 'pa:ss' });
  });

  it('finds a login stored under a URL key, and Docker Hub under its index URL', async () => {
    const env = dockerConfig({ auths: { 'https://ghcr.io/v1/': { auth: b64('bob:x') }, [DOCKER_HUB_KEY]: { auth: b64('hub:y') } } });
    expect(await registryAuth('ghcr.io/bob/app', env)).toMatchObject({ username: 'bob', password: 'x' });
    expect(await registryAuth('bob/app', env)).toEqual({ serveraddress: DOCKER_HUB_KEY, username: 'hub', password: 'y' });
  });

  it('is undefined with no config file, or no login for that registry', async () => {
    expect(await registryAuth('127.0.0.1:5000/app', { ...process.env, DOCKER_CONFIG: join(tmpdir(), 'stackfile-no-such-docker-config') })).toBeUndefined();
    expect(await registryAuth('127.0.0.1:5000/app', dockerConfig({ auths: { 'ghcr.io': { auth: b64('a:b') } } }))).toBeUndefined();
  });

  it('asks credsStore\'s helper with the registry on stdin, and reads its JSON answer', async () => {
    const env = dockerConfig({ credsStore: 'stacktest', auths: { '127.0.0.1:5000': {} } }, {
      stacktest: 'read server; [ "$1" = get ] && printf \'{"ServerURL":"%s","Username":"carol","Secret":"from-helper-for-%s"}\' "$server" "$server"',
    });
    expect(await registryAuth('127.0.0.1:5000/app', env)).toEqual({ serveraddress: '127.0.0.1:5000', username: 'carol', password: 'from-helper-for-127.0.0.1:5000' });
  });

  it('prefers the registry\'s credHelpers entry to credsStore; a <token> user is an identity token', async () => {
    const env = dockerConfig({ credsStore: 'broken', credHelpers: { 'ghcr.io': 'tokens' } }, {
      broken: 'exit 3',
      tokens: 'printf \'{"Username":"<token>","Secret":"refresh-123"}\'',
    });
    expect(await registryAuth('ghcr.io/me/app', env)).toEqual({ serveraddress: 'ghcr.io', identitytoken: 'refresh-123' });
  });

  it('takes the helper\'s "credentials not found" as no login', async () => {
    const env = dockerConfig({ credsStore: 'empty' }, { empty: 'echo "credentials not found in native keychain"; exit 1' });
    expect(await registryAuth('127.0.0.1:5000/app', env)).toBeUndefined();
  });

  it('a missing helper, a failing one and a broken config file are user errors that say where', async () => {
    const missing = registryAuth('ghcr.io/me/app', dockerConfig({ credsStore: 'nosuchhelper' }));
    await expect(missing).rejects.toBeInstanceOf(UserError);
    await expect(missing).rejects.toThrow(/credsStore to "nosuchhelper", but docker-credential-nosuchhelper is not on PATH/);
    await expect(registryAuth('ghcr.io/me/app', dockerConfig({ credHelpers: { 'ghcr.io': 'bad' } }, { bad: 'echo "keychain locked" >&2; exit 1' })))
      .rejects.toThrow(/docker-credential-bad get \(credHelpers\["ghcr.io"\] in .*config.json\) failed for ghcr.io: keychain locked/);
    await expect(registryAuth('ghcr.io/me/app', dockerConfig('{ "auths": '))).rejects.toThrow(/config.json is not JSON/);
  });
});
