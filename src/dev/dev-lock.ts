import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { UserError } from '../errors';

/**
 * One `stack dev` per project and daemon, held for the whole session (unlike the per-change lock of up and down):
 * two watchers would fight over the same containers. The lock is proper-lockfile's directory lock; the file it
 * guards holds the holder's pid, so the refusal can name it, and a lock left by a killed session is taken over at
 * once instead of after the staleness timeout.
 */
export async function lockDevSession(project: string): Promise<() => Promise<void>> {
  const daemon = createHash('sha256').update(process.env.DOCKER_HOST ?? 'default').digest('hex').slice(0, 8);
  const file = join(tmpdir(), `stackfile-dev-${project}-${daemon}`);
  const options = {
    realpath: false,
    stale: 15_000,
    update: 5_000,
    retries: 0,
    // A laptop that slept past the staleness time finds its lock "compromised"; the session is still the only one.
    onCompromised: () => {},
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const release = await lockfile.lock(file, options);
      writeFileSync(file, String(process.pid));
      // proper-lockfile lets go of the lock itself when the process exits (a second Ctrl-C); the pid goes with it.
      const forget = () => rmSync(file, { force: true });
      process.once('exit', forget);
      return async () => {
        process.off('exit', forget);
        forget();
        await release().catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      const pid = holder(file);
      if (attempt === 0 && pid !== undefined && !alive(pid)) {
        rmSync(`${file}.lock`, { recursive: true, force: true });
        continue;
      }
      throw new UserError(`stack dev is already running for project ${project}${pid === undefined ? '' : ` (pid ${pid})`}`, {
        hint: 'use that session (or stop it with Ctrl-C); one stack dev per project keeps the watchers from fighting over its containers',
      });
    }
  }
}

function holder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
