import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { lstatSync, mkdirSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { inspect } from 'node:util';
import { UserError } from '../errors';

/**
 * An http.Agent whose connections are `ssh [-l user] [-p port] -- host docker system dial-stdio`, as the docker CLI
 * dials `DOCKER_HOST=ssh://user@host` (docker/cli `connhelper/ssh`). Running the system's ssh (rather than
 * docker-modem's built-in ssh2 client, which reads only SSH_AUTH_SOCK and checks no host key) means the user's
 * ~/.ssh/config, keys, known_hosts and agent all apply, exactly as for `docker -H ssh://...`. Keep-alive reuses one
 * ssh process for many requests; streams (logs -f, exec) get their own.
 *
 * Every ssh process after the first is a session on the first one's connection (ssh's ControlMaster, see
 * `multiplexArgs`): a new channel costs a round trip instead of a TCP connect, key exchange and login, which was
 * most of a command's time over ssh. So the first connection goes alone, and the others wait until it has answered
 * (the master is listening by then); otherwise the first parallel requests would each log in on their own.
 */
export class SshDialAgent extends Agent {
  private readonly args: string[];
  /** Settles once the first ssh process has answered or ended; undefined until one was started. */
  private first?: Promise<void>;

  constructor(host: string, controlDir: string | undefined = controlDirectory()) {
    super({ keepAlive: true });
    this.args = [...(controlDir ? multiplexArgs(controlDir) : []), ...sshArgs(host)];
  }

  createConnection(_options: unknown, oncreate: (err: Error | null, socket?: Duplex) => void): Duplex | undefined {
    const open = () => new SshChannel(spawn('ssh', this.args, { stdio: ['pipe', 'pipe', 'pipe'] }), this.args);
    if (this.first) {
      void this.first.then(() => oncreate(null, open()));
      return undefined;
    }
    const channel = open();
    this.first = channel.answered;
    return channel;
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
 * ssh's connection sharing, as Docker's documentation recommends for ssh:// hosts: the first ssh becomes the master
 * (ControlMaster=auto) on a socket in a folder only this user can enter, and stays a minute after the last session
 * (ControlPersist), so the next `stack` command is quick too. `%C` is a hash of user, host and port.
 */
export function multiplexArgs(controlDir: string): string[] {
  return ['-o', 'ControlMaster=auto', '-o', `ControlPath=${join(controlDir, '%C')}`, '-o', 'ControlPersist=60'];
}

/**
 * `<tmp>/stackfile-ssh-<uid>`, made private (0700) if new; undefined, so no sharing, where it cannot be trusted or
 * used: owned by someone else, open to others, a symlink, a path too long for a socket, or Windows; or turned off
 * with STACKFILE_SSH_MULTIPLEX=0.
 */
export function controlDirectory(base = tmpdir(), env: NodeJS.ProcessEnv = process.env): string | undefined {
  // The way out for an ssh (or a jump host) that cannot share connections.
  if (env.STACKFILE_SSH_MULTIPLEX === '0') return undefined;
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return undefined;
  const uid = process.getuid();
  // A unix socket path holds about 104 bytes; `%C` expands to 40.
  const dir = join(base.length > 50 ? '/tmp' : base, `stackfile-ssh-${uid}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One ssh process as the socket under an HTTP connection. When ssh fails (no such host, key refused, no docker on
 * the far side) the connection fails with what ssh said on stderr, which is the only useful explanation.
 */
class SshChannel extends Duplex {
  private stderr = '';
  /** Whether ssh has exited and its output ended. */
  private sshEnded = false;
  /** What http's socket timeouts read and set; ssh has its own ConnectTimeout and keep-alives. */
  timeout = 0;
  /** Settles when ssh first writes to stdout (it is logged in), or ends. */
  readonly answered: Promise<void>;

  constructor(private readonly child: ChildProcessWithoutNullStreams, private readonly args: string[]) {
    super();
    this.answered = new Promise((resolve) => {
      child.stdout.once('data', () => resolve());
      child.once('close', () => resolve());
      child.once('error', () => resolve());
    });
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
      this.sshEnded = true;
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
    this.child.stdin.write(chunk, (err) => {
      if (!err || this.sshEnded) return callback(err);
      // A write fails (EPIPE) when ssh has already given up, say on a refused connection: the request then failed
      // with "EPIPE" when ssh's exit, a moment later, says why. So the write waits for that exit, which fails the
      // stream with what ssh said (or, after a clean exit, with the write's own error).
      this.child.once('close', () => callback(this.destroyed ? null : err));
    });
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
