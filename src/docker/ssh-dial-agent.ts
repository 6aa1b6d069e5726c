import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent } from 'node:http';
import { Duplex } from 'node:stream';
import { inspect } from 'node:util';
import { UserError } from '../errors';

/**
 * An http.Agent whose connections are `ssh [-l user] [-p port] -- host docker system dial-stdio`, as the docker CLI
 * dials `DOCKER_HOST=ssh://user@host` (docker/cli `connhelper/ssh`). Running the system's ssh (rather than
 * docker-modem's built-in ssh2 client, which reads only SSH_AUTH_SOCK and checks no host key) means the user's
 * ~/.ssh/config, keys, known_hosts and agent all apply, exactly as for `docker -H ssh://...`. Keep-alive reuses one
 * ssh process for many requests; streams (logs -f, exec) get their own.
 */
export class SshDialAgent extends Agent {
  private readonly args: string[];

  constructor(host: string) {
    super({ keepAlive: true });
    this.args = sshArgs(host);
  }

  createConnection(): Duplex {
    return new SshChannel(spawn('ssh', this.args, { stdio: ['pipe', 'pipe', 'pipe'] }), this.args);
  }

  // docker-modem formats each request's options for its debug log even when that log is off (see connect.ts).
  [inspect.custom](): string {
    return 'SshDialAgent';
  }
}

/** The ssh command line for `ssh://[user@]host[:port][/socket]`, as docker/cli builds it. */
export function sshArgs(host: string): string[] {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new UserError(`DOCKER_HOST ${host} is not a valid ssh:// address`, { hint: 'write it as ssh://user@host or ssh://user@host:port' });
  }
  if (!url.hostname) throw new UserError(`DOCKER_HOST ${host} names no host`, { hint: 'write it as ssh://user@host or ssh://user@host:port' });
  if (url.password) throw new UserError(`DOCKER_HOST ${host} contains a password, which ssh cannot take from the address`, { hint: 'log in with a key (ssh-copy-id user@host) and remove the password from the address' });
  const socket = url.pathname && url.pathname !== '/' ? ['--host', `unix://${decodeURIComponent(url.pathname)}`] : [];
  return [
    '-o', 'ConnectTimeout=30', '-T',
    ...(url.username ? ['-l', decodeURIComponent(url.username)] : []),
    ...(url.port ? ['-p', url.port] : []),
    '--', url.hostname,
    'docker', ...socket, 'system', 'dial-stdio',
  ];
}

/**
 * One ssh process as the socket under an HTTP connection. When ssh fails (no such host, key refused, no docker on
 * the far side) the connection fails with what ssh said on stderr, which is the only useful explanation.
 */
class SshChannel extends Duplex {
  private stderr = '';
  /** What http's socket timeouts read and set; ssh has its own ConnectTimeout and keep-alives. */
  timeout = 0;

  constructor(private readonly child: ChildProcessWithoutNullStreams, private readonly args: string[]) {
    super();
    child.stdout.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) child.stdout.pause();
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
    child.stdin.on('error', () => {
      /* ssh went away; its exit reports why */
    });
    child.on('error', (err) => this.destroy(this.failure(String((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no ssh command on PATH (install openssh-client)' : err.message))));
    // The end of the stream waits for ssh's exit (after its output is read): a failure must reach the request as
    // what ssh said, not as a connection that merely ended.
    child.on('close', (code) => {
      if (code) this.destroy(this.failure(`ssh exited with code ${code}${this.stderr.trim() ? `: ${this.stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`));
      else this.push(null);
    });
  }

  private failure(message: string): Error {
    // `level` marks it as a transport failure for classify-error.ts, as docker-modem's own ssh client did.
    return Object.assign(new Error(message), { code: 'ESSH', level: 'client-ssh', command: `ssh ${this.args.join(' ')}` });
  }

  _read(): void {
    this.child.stdout.resume();
  }

  _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.child.stdin.write(chunk, callback);
  }

  _final(callback: (error?: Error | null) => void): void {
    this.child.stdin.end(callback);
  }

  _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.child.exitCode === null) this.child.kill();
    callback(error);
  }

  // What http.Agent calls on a socket it keeps for reuse: an idle connection must not keep the process alive.
  ref(): this {
    this.child.ref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { ref?: () => void }).ref?.();
    return this;
  }

  unref(): this {
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { unref?: () => void }).unref?.();
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setTimeout(ms: number): this {
    this.timeout = ms;
    return this;
  }
}
