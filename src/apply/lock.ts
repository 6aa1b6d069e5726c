import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { UserError } from '../errors';

/**
 * One change at a time per project and daemon: a second `stack up` (or down) fails at once with a clear message
 * instead of racing the first. The lock is a directory lock (proper-lockfile) that goes stale if its holder dies.
 */
export async function lockProject(project: string): Promise<() => Promise<void>> {
  const daemon = createHash('sha256').update(process.env.DOCKER_HOST ?? 'default').digest('hex').slice(0, 8);
  const file = join(tmpdir(), `stackfile-${project}-${daemon}`);
  try {
    return await lockfile.lock(file, { realpath: false, stale: 15_000, update: 5_000, retries: 0 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new UserError(`another stack command is already changing project "${project}"`, {
        hint: 'wait for it to finish (or stop it), then run this again',
      });
    }
    throw err;
  }
}
