import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';

export interface LocalRegistry {
  /** `127.0.0.1:<port>`, the prefix of image references in it (the daemon trusts 127.0.0.0/8 without TLS). */
  url: string;
  stop(): Promise<void>;
}

/** The one login of a registry started with `{ login: true }`: user, password, and its htpasswd line. */
export const REGISTRY_LOGIN = {
  user: 'stackuser',
  password: 'registry-pass-1',
  // bcrypt (all docker-registry's htpasswd reads) at cost 4: every request of a push is checked against it.
  htpasswd: 'stackuser:$2b$04$bTv8s4K86GOJBrcxZBQixO2SuN2WGJsBhX9TKz8ME5OJ6ldD/.bHC',
};

/**
 * Runs Debian's docker-registry with filesystem storage in a temp folder; resolves once `/v2/` answers. With
 * `login`, it requires REGISTRY_LOGIN (htpasswd basic auth, which `docker login` and the daemon speak).
 */
export async function startRegistry(port = 5055, options: { login?: boolean } = {}): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'stackfile-registry-'));
  const config = join(dir, 'config.yml');
  if (options.login) writeFileSync(join(dir, 'htpasswd'), `${REGISTRY_LOGIN.htpasswd}\n`);
  // JSON is YAML, and saves a dependency.
  writeFileSync(config, JSON.stringify({
    version: 0.1,
    log: { level: 'warn' },
    storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } },
    http: { addr: `127.0.0.1:${port}` },
    ...(options.login ? { auth: { htpasswd: { realm: 'stackfile-test', path: join(dir, 'htpasswd') } } } : {}),
  }));
  const child = spawn('/usr/bin/docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`docker-registry exited with ${child.exitCode}: ${stderr}`);
    }
    try {
      const res = await fetch(`http://${url}/v2/`);
      if (res.ok || (options.login && res.status === 401)) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not answer on ${url} within 15s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop };
}

/** Tags local `image` as `<registry>/<name>` and pushes it; resolves with the pushed reference. */
export async function pushToRegistry(registry: LocalRegistry, image: string, name: string): Promise<string> {
  const docker = new Docker();
  const [repo, tag = 'latest'] = splitTag(`${registry.url}/${name}`);
  await docker.getImage(image).tag({ repo, tag });
  // The daemon wants an X-Registry-Auth header even for a registry without auth; an empty one will do.
  const stream = await docker.getImage(`${repo}:${tag}`).push({ tag, authconfig: {} } as Docker.ImagePushOptions);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: { error?: string }[]) => {
      const failed = output?.find((o) => o.error);
      if (err) reject(err);
      else if (failed) reject(new Error(`push of ${repo}:${tag} failed: ${failed.error}`));
      else resolve();
    });
  });
  return `${repo}:${tag}`;
}

function splitTag(ref: string): [string, string | undefined] {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, undefined];
}
