import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveEndpoint } from '../../src/docker/endpoint';
import { controlDirectory, multiplexArgs, sshArgs } from '../../src/docker/ssh-dial-agent';
import { UserError } from '../../src/errors';
import { foldersForFile } from '../helpers/folders';

const folder = foldersForFile('stackfile-endpoint');

/** A docker config folder laid out as `docker context create` writes it (docker/cli context/store). */
function dockerConfig(contexts: Record<string, { host: string; skipVerify?: boolean; tls?: string[] }>, current?: string): string {
  const dir = folder();
  if (current) writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: {}, currentContext: current }));
  for (const [name, c] of Object.entries(contexts)) {
    const id = createHash('sha256').update(name).digest('hex');
    mkdirSync(join(dir, 'contexts', 'meta', id), { recursive: true });
    writeFileSync(join(dir, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: c.host, SkipTLSVerify: c.skipVerify ?? false } } }));
    if (c.tls) {
      mkdirSync(join(dir, 'contexts', 'tls', id, 'docker'), { recursive: true });
      for (const f of c.tls) writeFileSync(join(dir, 'contexts', 'tls', id, 'docker', f), `${f} of ${name}`);
    }
  }
  return dir;
}

const config = dockerConfig({ current: { host: 'tcp://10.0.0.1:2375' }, envctx: { host: 'ssh://me@box' }, flagctx: { host: 'unix:///run/other.sock' } }, 'current');

describe('resolveEndpoint: the docker CLI precedence', () => {
  it('--context beats DOCKER_HOST, DOCKER_CONTEXT and currentContext', () => {
    const env = { DOCKER_CONFIG: config, DOCKER_HOST: 'tcp://1.2.3.4:2375', DOCKER_CONTEXT: 'envctx' };
    expect(resolveEndpoint({ context: 'flagctx', env })).toEqual({ host: 'unix:///run/other.sock', context: 'flagctx' });
  });

  it('DOCKER_HOST beats DOCKER_CONTEXT and currentContext', () => {
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: config, DOCKER_HOST: 'tcp://1.2.3.4:2375', DOCKER_CONTEXT: 'envctx' } })).toEqual({ host: 'tcp://1.2.3.4:2375' });
  });

  it('DOCKER_CONTEXT beats currentContext', () => {
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'envctx' } })).toEqual({ host: 'ssh://me@box', context: 'envctx' });
  });

  it('currentContext of config.json when nothing else is set', () => {
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: config } })).toEqual({ host: 'tcp://10.0.0.1:2375', context: 'current' });
  });

  it('the local socket when no config exists, and for the context "default"', () => {
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: folder() } })).toEqual({ host: 'unix:///var/run/docker.sock' });
    expect(resolveEndpoint({ context: 'default', env: { DOCKER_CONFIG: config } })).toEqual({ host: 'unix:///var/run/docker.sock' });
    expect(resolveEndpoint({ env: { DOCKER_CONFIG: dockerConfig({}, 'default') } })).toEqual({ host: 'unix:///var/run/docker.sock' });
  });

  it("reads a context's TLS material, and TLS with SkipTLSVerify alone", () => {
    const dir = dockerConfig({ tls: { host: 'tcp://10.0.0.2:2376', tls: ['ca.pem', 'cert.pem', 'key.pem'] }, insecure: { host: 'tcp://10.0.0.3:2376', skipVerify: true } });
    const tls = resolveEndpoint({ context: 'tls', env: { DOCKER_CONFIG: dir } }).tls;
    expect(tls && { ca: String(tls.ca), cert: String(tls.cert), key: String(tls.key), skipVerify: tls.skipVerify }).toEqual({ ca: 'ca.pem of tls', cert: 'cert.pem of tls', key: 'key.pem of tls', skipVerify: false });
    expect(resolveEndpoint({ context: 'insecure', env: { DOCKER_CONFIG: dir } }).tls).toEqual({ ca: undefined, cert: undefined, key: undefined, skipVerify: true });
  });

  it('DOCKER_TLS_VERIFY with DOCKER_CERT_PATH: TLS with those certificates; a bare host:port is tcp', () => {
    const certs = folder({ 'ca.pem': 'CA', 'cert.pem': 'CERT', 'key.pem': 'KEY' });
    const e = resolveEndpoint({ env: { DOCKER_HOST: '10.0.0.4:2376', DOCKER_TLS_VERIFY: 'yes', DOCKER_CERT_PATH: certs } });
    expect(e.host).toBe('tcp://10.0.0.4:2376');
    expect(String(e.tls?.ca)).toBe('CA');
    expect(resolveEndpoint({ env: { DOCKER_HOST: 'tcp://10.0.0.4:2375' } }).tls).toBeUndefined();
  });

  it('names the context, who chose it, and what to do when it does not exist', () => {
    const err = (() => {
      try {
        resolveEndpoint({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'staging' } });
      } catch (e) {
        return e;
      }
    })() as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/^Docker context "staging" \(DOCKER_CONTEXT\) does not exist: there is no .*meta\.json$/);
    expect(err.hint).toContain('docker context ls');
  });

  it('a config.json that is not JSON is a user error naming the file', () => {
    const dir = folder({ 'config.json': '{ "currentContext": ' });
    expect(() => resolveEndpoint({ env: { DOCKER_CONFIG: dir } })).toThrow(new RegExp(`${join(dir, 'config.json')} is not JSON`));
  });
});

describe('sshArgs: the ssh command the docker CLI runs for ssh://', () => {
  it('user, port and a socket path', () => {
    expect(sshArgs('ssh://deploy@build-box:2222/run/docker.sock')).toEqual(['-o', 'ConnectTimeout=30', '-T', '-l', 'deploy', '-p', '2222', '--', 'build-box', 'docker', '--host', 'unix:///run/docker.sock', 'system', 'dial-stdio']);
    expect(sshArgs('ssh://build-box')).toEqual(['-o', 'ConnectTimeout=30', '-T', '--', 'build-box', 'docker', 'system', 'dial-stdio']);
  });

  it('refuses a password in the address', () => {
    expect(() => sshArgs('ssh://me:secret@box')).toThrow(/contains a password/);
  });
});

describe('ssh connection sharing: one login per host, its control socket in a private folder', () => {
  it('shares through ssh ControlMaster with a socket named by %C in the folder, kept a minute', () => {
    expect(multiplexArgs('/tmp/stackfile-ssh-1000')).toEqual(['-o', 'ControlMaster=auto', '-o', 'ControlPath=/tmp/stackfile-ssh-1000/%C', '-o', 'ControlPersist=60']);
  });

  it('makes the folder 0700 and uses it; refuses one others may enter; STACKFILE_SSH_MULTIPLEX=0 turns sharing off', () => {
    const base = mkdtempSync(join(tmpdir(), 'cd-'));
    try {
      const dir = controlDirectory(base, {});
      expect(dir).toBe(join(base, `stackfile-ssh-${process.getuid!()}`));
      expect(statSync(dir!).mode & 0o777).toBe(0o700);
      expect(controlDirectory(base, {})).toBe(dir);
      chmodSync(dir!, 0o755);
      expect(controlDirectory(base, {})).toBeUndefined();
      chmodSync(dir!, 0o700);
      expect(controlDirectory(base, { STACKFILE_SSH_MULTIPLEX: '0' })).toBeUndefined();
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
