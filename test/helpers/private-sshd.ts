import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * The account the tests log in as: a member of the docker group with /bin/sh as its shell, as a deploy user would
 * be. (Root's shell on a developer's machine may run a slow ~/.bashrc for every ssh command: seconds per connection.)
 */
export const SSH_USER = 'stackfile-ssh';

export interface PrivateSshd {
  port: number;
  /** `ssh://stackfile-ssh@127.0.0.1:PORT` */
  dockerHost: string;
  /** A folder holding an `ssh` that runs the real one with this server's client config: put it first on PATH. */
  binDir: string;
  stop(): Promise<void>;
}

/**
 * An sshd of the test's own on 127.0.0.1 (Debian's openssh-server): its own config, host key and authorized key,
 * made here, on a free port. The client side is the real ssh with a config (-F) that holds the key and the host's
 * known key, given through a wrapper on PATH, since ssh reads ~/.ssh from the password database's home, which a
 * test may not change. Logging in runs commands as SSH_USER on this machine, where `docker` reaches the local daemon.
 */
export async function startPrivateSshd(): Promise<PrivateSshd> {
  ensureUser();
  // Not under the test run's TMPDIR: that folder is private to root, and sshd reads authorized_keys as the user.
  const dir = mkdtempSync('/tmp/stackfile-sshd-');
  const p = (f: string) => join(dir, f);
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stackfile-test', '-f', file], { stdio: 'pipe' });
  keygen(p('host_key'));
  keygen(p('client_key'));
  writeFileSync(p('authorized_keys'), readFileSync(p('client_key.pub')));
  // sshd reads the authorized keys as the user logging in.
  chmodSync(dir, 0o755);
  chmodSync(p('authorized_keys'), 0o644);
  const port = await freePort();
  writeFileSync(p('sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${p('host_key')}`, `AuthorizedKeysFile ${p('authorized_keys')}`,
    `PidFile ${p('sshd.pid')}`, 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes',
    'UsePAM no', 'StrictModes no', 'LogLevel ERROR', '',
  ].join('\n'));
  writeFileSync(p('known_hosts'), `[127.0.0.1]:${port} ${readFileSync(p('host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
  writeFileSync(p('ssh_config'), [
    'Host 127.0.0.1', `  IdentityFile ${p('client_key')}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${p('known_hosts')}`,
    '  StrictHostKeyChecking yes', '  BatchMode yes', '  LogLevel ERROR', '',
  ].join('\n'));
  mkdirSync(p('bin'));
  writeFileSync(p('bin/ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${p('ssh_config')} "$@"\n`);
  chmodSync(p('bin/ssh'), 0o755);
  // sshd's privilege separation folder; Debian's package makes it only when its service starts.
  mkdirSync('/run/sshd', { recursive: true });

  const sshd: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', p('sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  sshd.stderr?.on('data', (d: Buffer) => (log += d));
  await waitForPort(port, () => (sshd.exitCode !== null ? `sshd exited (${sshd.exitCode}): ${log}` : undefined));
  return {
    port,
    dockerHost: `ssh://${SSH_USER}@127.0.0.1:${port}`,
    binDir: p('bin'),
    stop: async () => {
      if (sshd.exitCode === null) {
        sshd.kill();
        await new Promise((r) => sshd.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Made once per machine (the tests run as root, as CI does); `*` as password: no password, but not a locked account. */
function ensureUser(): void {
  if (spawnSync('id', [SSH_USER], { stdio: 'ignore' }).status === 0) return;
  execFileSync('useradd', ['--system', '--create-home', '--home-dir', `/var/lib/${SSH_USER}`, '--shell', '/bin/sh', '--groups', 'docker', '--password', '*', SSH_USER], { stdio: 'pipe' });
}

async function waitForPort(port: number, failed: () => string | undefined): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const why = failed();
    if (why) throw new Error(why);
    const open = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => resolve(true)).on('error', () => resolve(false));
      s.once('connect', () => s.destroy());
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port} within 10 s`);
}
