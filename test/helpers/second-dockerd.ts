/**
 * A Docker daemon of the test's own, for tests that must stop or restart one: the machine's main dockerd serves
 * every other test (and other people's runs) and is never touched. It has its own data and exec roots, unix socket,
 * pidfile, containerd and cgroup parent, the vfs storage driver (works on any filesystem /tmp is on), and its own
 * network namespace: its bridges, routes and iptables rules never meet the host's. That matters: a dockerd started
 * with `--bridge none` deletes the host's docker0 if it can see it. `destroy()` removes everything it made.
 *
 * The namespace is entered with nsenter, not `ip netns exec`, which remounts /sys (dockerd then fails with "Devices
 * cgroup isn't mounted"). The CLI under test reaches the daemon through its unix socket, a file, from the host.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, rmdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Docker from 'dockerode';

const CGROUP_PARENT = 'stackfile-test-dockerd';

export class SecondDaemon {
  /** DOCKER_HOST for this daemon. */
  readonly host: string;
  readonly docker: Docker;
  private child?: ChildProcess;
  private exited?: Promise<void>;

  private netns?: string;

  private constructor(readonly root: string) {
    this.host = `unix://${join(root, 'docker.sock')}`;
    this.docker = new Docker({ socketPath: join(root, 'docker.sock') });
  }

  /** Starts a daemon in a fresh folder under /tmp (short: unix socket paths are limited to 107 bytes). */
  static async start(): Promise<SecondDaemon> {
    if (process.getuid?.() !== 0) throw new Error('starting a second dockerd for this test needs root (CI runs as root; locally: sudo npm test)');
    const d = new SecondDaemon(mkdtempSync('/tmp/sfd-'));
    try {
      const netns = basename(d.root);
      sh('ip', ['netns', 'add', netns]);
      d.netns = netns;
      sh('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
      await d.run();
    } catch (err) {
      await d.destroy();
      throw err;
    }
    return d;
  }

  private async run(): Promise<void> {
    // A daemon killed hard leaves its containerd running, detached from it, and a new daemon waits for that one in
    // vain ("timeout waiting for containerd to start"); stopped here, it is started afresh (the containers' shims
    // live on and are picked up again).
    this.killContainerd();
    const log = openSync(join(this.root, 'dockerd.log'), 'a');
    const args = [
      '--data-root', join(this.root, 'data'), '--exec-root', join(this.root, 'exec'), '-H', this.host, '--pidfile', join(this.root, 'docker.pid'),
      '--bridge', 'none', '--iptables=false', '--ip-masq=false', '--ip-forward=false', '--storage-driver', 'vfs',
      '--cgroup-parent', CGROUP_PARENT, '--default-address-pool', 'base=10.231.0.0/16,size=24', '--log-level', 'warn',
    ];
    // nsenter execs dockerd in place: the child's pid is the daemon's.
    const child = spawn('nsenter', [`--net=/var/run/netns/${this.netns}`, 'dockerd', ...args], { stdio: ['ignore', log, log] });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let failed: Error | undefined;
    child.once('error', (err) => (failed = err));
    for (let waited = 0; ; waited += 200) {
      if (failed) throw new Error(`cannot run dockerd: ${failed.message}`);
      if (child.exitCode !== null) throw new Error(`the test's dockerd exited (${child.exitCode}):\n${this.logTail()}`);
      if (await this.docker.ping().then(() => true, () => false)) return;
      if (waited > 60_000) throw new Error(`the test's dockerd did not answer within 60 s:\n${this.logTail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Copies an image from the main daemon into this one (no registry is reachable). */
  async load(image: string): Promise<void> {
    const tar = await new Docker().getImage(image).get();
    const out = (await this.docker.loadImage(tar)) as unknown as NodeJS.ReadableStream;
    for await (const chunk of out) void chunk;
  }

  /**
   * Stops the daemon: SIGTERM as `systemctl stop docker` does (it stops its containers, then exits), or SIGKILL, a
   * crash (its containerd and containers run on; the next start takes them up again).
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
    this.child = undefined;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.run();
  }

  /** Removes what ran on it, stops it, and deletes its folders (unmounting what a hard stop left mounted). */
  async destroy(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      const containers = await this.docker.listContainers({ all: true }).catch(() => []);
      await Promise.all(containers.map((c) => this.docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
      // User networks are Linux bridges on the host; removing them through the daemon deletes the interfaces.
      const networks = await this.docker.listNetworks().catch(() => []);
      await Promise.all(networks.filter((n) => !['bridge', 'host', 'none'].includes(n.Name)).map((n) => this.docker.getNetwork(n.Id).remove().catch(() => undefined)));
      await this.stop();
    }
    this.killContainerd();
    for (const mount of mountsUnder(this.root)) spawnSync('umount', ['-l', mount]);
    rmSync(this.root, { recursive: true, force: true });
    if (this.netns) spawnSync('ip', ['netns', 'del', this.netns]);
    try {
      rmdirSync(`/sys/fs/cgroup/${CGROUP_PARENT}`);
    } catch {
      /* not there, or another test daemon still uses it */
    }
  }

  /**
   * Its containerd normally exits with it; one left by a hard stop is killed, and waited for. Its sockets and pid
   * file go too: a new dockerd finding them waits for that containerd ("timeout waiting for containerd to start").
   */
  private killContainerd(): void {
    const dir = join(this.root, 'exec', 'containerd');
    const file = join(dir, 'containerd.pid');
    const pid = existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0;
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
        for (let i = 0; i < 100 && existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '); i++) spawnSync('sleep', ['0.1']);
      } catch {
        /* already gone */
      }
    }
    for (const f of ['containerd.pid', 'containerd.sock', 'containerd.sock.ttrpc', 'containerd-debug.sock']) rmSync(join(dir, f), { force: true });
  }

  private logTail(): string {
    try {
      return readFileSync(join(this.root, 'dockerd.log'), 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

function sh(command: string, args: string[]): void {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr.trim()}`);
}

/** Mount points at or under `dir`, deepest first (netns files, shm mounts). */
function mountsUnder(dir: string): string[] {
  const lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  return lines.map((l) => l.split(' ')[4]).filter((m) => m && (m === dir || m.startsWith(`${dir}/`))).sort((a, b) => b.length - a.length);
}
