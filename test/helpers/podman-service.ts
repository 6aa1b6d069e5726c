import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_IMAGE } from './test-image';

export interface PodmanService {
  /** `unix://.../podman.sock`: Podman's Docker-compatible API. */
  dockerHost: string;
  /** Runs `podman` on this service's storage (for checks from outside stackfile). */
  podman(...args: string[]): string;
  stop(): Promise<void>;
}

/**
 * A Podman API service of the test's own (Debian's podman 4.3, rootful): `podman system service --time=0` on a
 * socket in a temporary folder, with its own storage, network configs and containers.conf (CONTAINERS_CONF), so
 * nothing of the machine's Podman setup is used or changed. The containers.conf sets the default ulimits, without
 * which rootful Podman in a container starts nothing ("error setting rlimit type 7: operation not permitted").
 * The local test image is copied in from Docker (`docker save | podman load`): no registry is reachable.
 */
export async function startPodmanService(): Promise<PodmanService> {
  const dir = mkdtempSync('/tmp/stackfile-podman-');
  const p = (f: string) => join(dir, f);
  mkdirSync(p('networks'));
  writeFileSync(p('containers.conf'), [
    '[containers]', 'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]',
    '[network]', `network_config_dir = "${p('networks')}"`, '',
  ].join('\n'));
  const env = { ...process.env, CONTAINERS_CONF: p('containers.conf') };
  const base = ['--root', p('root'), '--runroot', p('run')];
  const podman = (...args: string[]) => execFileSync('podman', [...base, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20 }).toString();

  const socket = p('podman.sock');
  const service: ChildProcess = spawn('podman', [...base, 'system', 'service', '--time=0', `unix://${socket}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  service.stderr?.on('data', (d: Buffer) => (log += d));
  for (let i = 0; !existsSync(socket); i++) {
    if (service.exitCode !== null) throw new Error(`podman system service exited (${service.exitCode}): ${log}`);
    if (i > 150) throw new Error(`podman system service made no socket in 15 s: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const image = spawnSync('sh', ['-c', `docker save ${TEST_IMAGE} | podman ${base.join(' ')} load`], { env, encoding: 'utf8' });
  if (image.status !== 0) throw new Error(`loading ${TEST_IMAGE} into podman failed: ${image.stderr}`);

  return {
    dockerHost: `unix://${socket}`,
    podman,
    stop: async () => {
      if (service.exitCode === null) {
        service.kill();
        await new Promise((r) => service.once('exit', r));
      }
      // Unmounts and removes the storage (overlay mounts inside it would make a plain rm fail).
      spawnSync('podman', [...base, 'system', 'reset', '--force'], { env, stdio: 'ignore' });
      // conmon keeps an exec session's process for 5 minutes after it ended (--exit-delay 300): end those of this
      // service, found by its folder in their command lines.
      const left = spawnSync('pgrep', ['-f', dir], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
      for (const pid of left) {
        try {
          process.kill(pid);
        } catch {
          /* already gone */
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
