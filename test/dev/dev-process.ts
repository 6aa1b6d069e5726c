/**
 * `stack dev` as a child process, the way a user runs it, plus what the tests need to talk to its containers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { BIN, fixture } from '../helpers/run-stack.mjs';

export const docker = new Docker();

/** A fresh copy of a fixture folder, so a test can edit its files. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `stackfile-devtest-${name}-`));
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
}

export class DevProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[], cwd: string) {
    this.child = spawn(process.execPath, [BIN, 'dev', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: '1', STACK_ENV: undefined } });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** Starts `stack dev` and waits until it watches (its stack is up). */
  static async start(args: string[], cwd: string): Promise<DevProcess> {
    const dev = new DevProcess(args, cwd);
    await dev.waitForText(/^watching /m, 60_000);
    return dev;
  }

  get output(): string {
    return this.stdout + this.stderr;
  }

  /** Waits until `pattern` appears in the output after `from` characters of it (default: anywhere). */
  async waitForText(pattern: RegExp, timeoutMs = 20_000, from = 0): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output.slice(from))) {
      if (this.child.exitCode !== null) throw new Error(`stack dev exited (${this.child.exitCode}) before ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await sleep(50);
    }
  }

  /** Ctrl-C; resolves with the exit code. */
  async interrupt(): Promise<number | null> {
    this.child.kill('SIGINT');
    return this.exited;
  }

  /** For afterAll: ends the session as Ctrl-C does (so it lets go of its lock), killing it if that takes too long. */
  async end(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Retries `check` until it stops throwing (an expectation that becomes true), or rethrows after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(100);
    }
  }
}

/** Output and exit code of a command run in a container. */
export async function execIn(container: string, cmd: string[]): Promise<{ code: number; output: string }> {
  const exec = await docker.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  let output = '';
  out.on('data', (d: Buffer) => (output += d));
  docker.modem.demuxStream(stream, out, out);
  await new Promise((resolve) => stream.on('end', resolve));
  for (;;) {
    const info = await exec.inspect();
    if (!info.Running) return { code: info.ExitCode ?? -1, output };
    await sleep(20);
  }
}

/** What the web service's httpd answers for `path` (from inside its container, so no host port is needed). */
export async function fetchIn(container: string, path: string): Promise<string> {
  const r = await execIn(container, ['wget', '-qO-', `http://127.0.0.1:8080${path}`]);
  return r.code === 0 ? r.output : `(HTTP error: ${r.output.trim() || r.code})`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
