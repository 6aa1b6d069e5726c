import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/run-stack.mjs';

// A fresh node process per case: what is loaded is a property of the module cache, which vitest's own process shares.
function inFreshNode(code: string): { loaded: string[]; result: string } {
  const r = spawnSync(process.execPath, ['-e', `(async () => { ${code} })().then((result) => {
    const loaded = Object.keys(require.cache).filter((k) => /node_modules[\\\\/](ssh2|@grpc|protobufjs|tar-fs|readable-stream)[\\\\/]/.test(k)).map((k) => k.replace(/.*node_modules[\\\\/]/, '').split(/[\\\\/]/)[0]);
    console.log(JSON.stringify({ loaded: [...new Set(loaded)], result: String(result) }));
  })`], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

beforeAll(ensureBuilt);

describe('loadDockerode', () => {
  it('gives a client that talks to the daemon without loading ssh2, gRPC, tar-fs or readable-stream', () => {
    const { loaded, result } = inFreshNode(`
      const client = require('./dist/docker/connect.js').createDockerClient();
      await client.ping();
      return (await client.imageIds(['stackfile-test/busybox:latest']))['stackfile-test/busybox:latest'] ? 'found' : 'missing';
    `);
    expect(result).toBe('found');
    expect(loaded).toEqual([]);
  });

  it('loads the SSH transport on first use, and it works as before', () => {
    // Port 1 on loopback refuses at once: the error comes from ssh2's socket, so ssh2 was loaded and called.
    const { loaded, result } = inFreshNode(`
      const Docker = require('./dist/docker/load-dockerode.js').loadDockerode();
      const docker = new Docker({ protocol: 'ssh', host: '127.0.0.1', port: 1, username: 'nobody' });
      return docker.ping().then(() => 'answered', (err) => err.code ?? err.message);
    `);
    expect(result).toBe('ECONNREFUSED');
    expect(loaded).toContain('ssh2');
    expect(loaded).not.toContain('@grpc');
  });

  it("loads dockerode's tar-fs on first use: building from a folder works as before", () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackfile-deferred-tar-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM stackfile-test/busybox:latest\nLABEL deferred=tar-fs\n');
    const tag = `stackfile-test/deferred-tar:${process.pid}`;
    try {
      const { loaded, result } = inFreshNode(`
        const Docker = require('./dist/docker/load-dockerode.js').loadDockerode();
        const docker = new Docker();
        const stream = await docker.buildImage({ context: ${JSON.stringify(dir)}, src: ['Dockerfile'] }, { t: ${JSON.stringify(tag)} });
        await new Promise((resolve, reject) => docker.modem.followProgress(stream, (err) => (err ? reject(err) : resolve())));
        return (await docker.getImage(${JSON.stringify(tag)}).inspect()).Config.Labels.deferred;
      `);
      expect(result).toBe('tar-fs');
      expect(loaded).toContain('tar-fs');
    } finally {
      spawnSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("loads docker-modem's duplex stream on first use: an exec started with stdin and no hijack gets one", () => {
    // stackfile's own exec hijacks the connection and never needs it; dockerode users (and docker-modem) may.
    const run = spawnSync('docker', ['run', '-d', '--init', 'stackfile-test/busybox:latest', 'sleep', '60'], { encoding: 'utf8' });
    const id = run.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    try {
      const { loaded, result } = inFreshNode(`
        const Docker = require('./dist/docker/load-dockerode.js').loadDockerode();
        const exec = await new Docker().getContainer(${JSON.stringify(id)}).exec({ Cmd: ['cat'], AttachStdin: true, AttachStdout: true });
        const duplex = await exec.start({ stdin: true, hijack: false });
        const made = [duplex.constructor.name, typeof duplex.write, typeof duplex.pipe].join(' ');
        duplex.destroy();
        return made;
      `);
      // Called with \`new\`, the stand-in returns what the real constructor makes.
      expect(result).toBe('HttpDuplex function function');
      expect(loaded).toContain('readable-stream');
    } finally {
      spawnSync('docker', ['rm', '-f', id], { stdio: 'ignore' });
    }
  });

  it('control: the check does see what it looks for when plain dockerode loads them', () => {
    const { loaded } = inFreshNode(`require('dockerode'); return 'ok';`);
    expect(loaded).toEqual(expect.arrayContaining(['ssh2', '@grpc', 'tar-fs', 'readable-stream']));
  });
});
