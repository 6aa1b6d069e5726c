/**
 * Runs once per `npm test`: builds the local busybox test image (no registry is reachable, so every container test
 * runs this 1 MB image) and checks the daemon answers, so a missing engine fails once with a clear message.
 *
 * It also gives the run a temporary folder of its own, as TMPDIR, inherited by every test process and every CLI
 * they start, and removed at the end: the folders tests make for stack files and a cache
 * folder (transpiled stack files, V8's code for the CLI), so results never depend on what earlier runs left behind
 * and nothing is written to the user's ~/.cache. Without it, each run left some sixty folders in /tmp.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { teardownSwarm, withLock } from '../../scripts/local-swarm.mjs';
import { ensureTestImage } from './test-image';

export default async function setup(): Promise<() => Promise<void>> {
  const root = runFolder();
  await ensureTestImage();
  return async () => {
    // A swarm test file of this run made (or reused) the two-node swarm (test/helpers/swarm.ts); remove it.
    if (existsSync(join(root, 'swarm-used')) && process.env.STACKFILE_KEEP_SWARM !== '1') await withLock(teardownSwarm);
    rmSync(root, { recursive: true, force: true });
  };
}

/** The run's own TMPDIR and cache folder (also for `npm run test:unit`, see unit-setup.ts). */
export function runFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'stackfile-test-'));
  const cacheDir = join(root, 'cache');
  mkdirSync(cacheDir);
  process.env.TMPDIR = root;
  process.env.STACKFILE_CACHE_DIR = cacheDir;
  return root;
}
